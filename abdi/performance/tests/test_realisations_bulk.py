"""The realisation post of a whole SKP (issue 15, Scale item 1): one lock, validate all, bulk
writes with one history row per indicator, all or none; the owner's SKP found without the scope
computation; a concurrent first submission still ends as one row per indicator (PostgreSQL)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from abdi.performance import services
from abdi.performance.models import PerformancePeriod, Realisation, UnitCompletionCount
from abdi.performance.services import RealisationErrors, RealisationInput
from abdi.performance.testing import approved_skp_chain, period

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def chain(personas):
    return approved_skp_chain(personas)


def _indicators(skp):
    return [
        i
        for wr in skp.work_results.prefetch_related("indicators").order_by("kind", "order", "pk")
        for i in wr.indicators.all()
    ]


def _post(personas, skp, code, values, **extra):
    return services.realisations_submit(
        actor=personas.employee.user,
        skp=skp,
        period=code if isinstance(code, PerformancePeriod) else period(code),
        entries=[RealisationInput(indicator=i, value=v, **extra) for i, v in values],
    )


def _statements(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries]


# ---------------------------------------------------------------- the service


def test_a_whole_skp_is_written_in_a_few_statements_with_one_history_row_each(personas, chain):
    skp = chain.employee
    inds = _indicators(skp)
    assert len(inds) == 4
    history_before = Realisation.history.count()
    with CaptureQueriesContext(connection) as first:
        rows = _post(personas, skp, "2026-Q1", [(i, n + 1) for n, i in enumerate(inds)])
    assert [r.indicator_id for r in rows] == [i.pk for i in inds]
    assert [r.value for r in Realisation.objects.order_by("indicator_id")] == [1, 2, 3, 4]
    assert Realisation.history.count() == history_before + 4
    assert set(Realisation.history.values_list("history_type", flat=True)) == {"+"}
    # Savepoint, lock, savepoint + INSERT + release, history INSERT, the unit monitor's count
    # (UPDATE, or its recomputation when the unit has no row yet), release: not one per indicator.
    inserts = [s for s in _statements(first) if s.startswith("INSERT")]
    assert len(inserts) == 2  # the rows and their history, whatever the number of indicators

    q1 = period("2026-Q1")
    with CaptureQueriesContext(connection) as second:
        _post(personas, skp, q1, [(i, 10 + n) for n, i in enumerate(inds)])
    sql = _statements(second)
    # Savepoint, one SELECT … FOR UPDATE, one UPDATE, one history INSERT, release.
    assert len(sql) <= 5, sql
    assert sum("FOR UPDATE" in s for s in sql) == (1 if connection.vendor == "postgresql" else 0)
    assert [r.value for r in Realisation.objects.order_by("indicator_id")] == [10, 11, 12, 13]
    assert Realisation.objects.count() == 4
    assert Realisation.history.filter(history_type="~").count() == 4
    latest = Realisation.history.filter(indicator_id=inds[2].pk).latest("history_date")
    assert latest.value == Decimal(12) and latest.history_user_id == personas.employee.user.pk


def test_the_unit_monitor_counts_each_first_realisation_once(personas, chain):
    skp = chain.employee
    inds = _indicators(skp)
    q1 = period("2026-Q1")
    _post(personas, skp, "2026-Q1", [(inds[0], 1)])
    count = UnitCompletionCount.objects.get(org_unit_id=skp.employee.org_unit_id, period=q1)
    before = count.realised
    # One indicator already there (an update), three new ones (first realisations).
    _post(personas, skp, "2026-Q1", [(i, 5) for i in inds])
    count.refresh_from_db()
    assert count.realised == before + 3


def test_mixed_insert_and_update_keep_the_earlier_evidence_and_store_a_new_file(personas, chain):
    skp = chain.employee
    first, second = _indicators(skp)[:2]
    _post(
        personas,
        skp,
        "2026-Q2",
        [(first, 1)],
        evidence=SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
    )
    stored = Realisation.objects.get(indicator=first)
    assert stored.evidence.name.endswith(".pdf")
    services.realisations_submit(
        actor=personas.employee.user,
        skp=skp,
        period=period("2026-Q2"),
        entries=[
            RealisationInput(indicator=first, value=2),  # no new file: the earlier one stays
            RealisationInput(
                indicator=second,
                value=3,
                evidence=SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf"),
            ),
        ],
    )
    rows = {r.indicator_id: r for r in Realisation.objects.all()}
    assert rows[first.pk].value == 2 and rows[first.pk].evidence.name == stored.evidence.name
    assert rows[first.pk].updated_at > stored.updated_at  # stamped although bulk_update
    assert rows[second.pk].evidence.name.endswith(".pdf")
    with rows[second.pk].evidence.open("rb") as f:  # the file itself was stored
        assert f.read() == PDF
    # An update with a new file stores that file too (bulk_update runs no pre_save).
    _post(
        personas,
        skp,
        "2026-Q2",
        [(first, 4)],
        evidence=SimpleUploadedFile("c.pdf", PDF + b"%c", content_type="application/pdf"),
    )
    row = Realisation.objects.get(indicator=first)
    assert row.evidence.name != stored.evidence.name
    with row.evidence.open("rb") as f:
        assert f.read() == PDF + b"%c"


def test_an_indicator_posted_twice_keeps_its_last_input(personas, chain):
    skp = chain.employee
    ind = _indicators(skp)[0]
    rows = _post(personas, skp, "2026-Q1", [(ind, 1), (ind, 7)])
    assert len(rows) == 1 and rows[0].value == 7
    assert Realisation.objects.get(indicator=ind).value == 7
    assert Realisation.history.filter(indicator_id=ind.pk).count() == 1


def test_one_refused_indicator_writes_nothing_and_is_named(personas, chain):
    skp = chain.employee
    inds = _indicators(skp)
    other = _indicators(chain.supervisor)[0]
    with pytest.raises(RealisationErrors) as exc:
        _post(personas, skp, "2026-Q1", [(inds[0], 3), (inds[1], "banyak"), (other, 2)])
    assert set(exc.value.by_indicator) == {inds[1].pk, other.pk}
    assert "value" in exc.value.by_indicator[inds[1].pk]
    assert "indicator" in exc.value.by_indicator[other.pk]
    assert not Realisation.objects.exists()
    assert not Realisation.history.exists()


def test_the_skp_and_the_period_are_checked_before_any_indicator(personas, chain):
    skp = chain.employee
    ind = _indicators(skp)[0]
    with pytest.raises(PermissionDenied):
        services.realisations_submit(
            actor=personas.supervisor.user,
            skp=skp,
            period=period("2026-Q1"),
            entries=[RealisationInput(indicator=ind, value=1)],
        )
    services.period_close(actor=personas.admin, period=period("2026-Q1"))
    with pytest.raises(ValidationError) as exc:
        _post(personas, skp, "2026-Q1", [(ind, 1)])
    assert "period" in exc.value.message_dict
    assert not Realisation.objects.exists()


# ---------------------------------------------------------------- the page


def test_the_page_post_of_every_indicator_is_one_transaction_of_few_statements(
    personas, login, chain
):
    skp = chain.employee
    inds = _indicators(skp)
    client = login(personas.employee.user)
    url = reverse("performance:realisations", args=[skp.pk, "2026-Q1"])

    def data(base):
        d = {f"ind-{i.pk}-value": str(base + n) for n, i in enumerate(inds)}
        d[f"ind-{inds[0].pk}-evidence"] = SimpleUploadedFile(
            "bukti.pdf", PDF, content_type="application/pdf"
        )
        return d

    assert client.post(url, data(1)).status_code == 302
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(url, data(20)).status_code == 302
    sql = _statements(ctx)
    writes = [s for s in sql if s.startswith(("INSERT", "UPDATE"))]
    # One UPDATE of the rows, one history INSERT, the session's touch at most.
    assert len([s for s in writes if "realisation" in s]) == 2, writes
    assert len(sql) <= 22, "\n".join(sql)
    assert sorted(Realisation.objects.values_list("value", flat=True)) == [20, 21, 22, 23]


def test_a_bad_indicator_on_the_page_shows_its_error_and_writes_nothing(personas, login, chain):
    skp = chain.employee
    inds = _indicators(skp)
    client = login(personas.employee.user)
    url = reverse("performance:realisations", args=[skp.pk, "2026-Q1"])
    response = client.post(
        url,
        {
            f"ind-{inds[0].pk}-value": "3",
            f"ind-{inds[1].pk}-self_assessment": "Belum ada angka",  # neither value nor text
        },
    )
    assert response.status_code == 400
    assert "Isi angka realisasi" in response.content.decode()
    assert not Realisation.objects.exists()


def test_the_owner_opens_their_skp_without_the_scope_and_others_keep_it(personas, login, chain):
    skp = chain.employee
    url = reverse("performance:skp_detail", args=[skp.pk])
    owner = login(personas.employee.user)
    owner.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as own:
        assert owner.get(url).status_code == 200
    supervisor = login(personas.supervisor.user)
    supervisor.get(url)
    with CaptureQueriesContext(connection) as other:
        assert supervisor.get(url).status_code == 200
    # The supervisor pays one lookup among their own SKPs, then the scope; the owner neither
    # the role scope nor the positions below them.
    assert len(own.captured_queries) < len(other.captured_queries)
    # Out of scope stays a 404: the owner of one SKP opening their head's, and a colleague.
    head_url = reverse("performance:skp_detail", args=[chain.head_a.pk])
    assert owner.get(head_url).status_code == 404
    assert login(personas.colleague.user).get(url).status_code == 404


# ---------------------------------------------------------------- concurrency (PostgreSQL)


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks and parallel writers: run with DATABASE_URL=postgres://…",
)


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_first_posts_end_as_one_row_per_indicator(personas):
    chain = approved_skp_chain(personas)
    skp = chain.employee
    inds = _indicators(skp)
    q1 = period("2026-Q1")
    n = 4
    barrier = threading.Barrier(n)
    outcomes: list = [None] * n

    def one(k):
        try:
            barrier.wait()
            outcomes[k] = services.realisations_submit(
                actor=personas.employee.user,
                skp=skp,
                period=q1,
                entries=[RealisationInput(indicator=i, value=100 + k) for i in inds],
            )
        except Exception as exc:  # noqa: BLE001 - the test inspects every outcome
            outcomes[k] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert Realisation.objects.filter(period=q1).count() == len(inds)
    for ind in inds:
        history = Realisation.history.filter(indicator_id=ind.pk).order_by("history_id")
        assert history.count() == n  # one history row per post
        # The last value posted (committed) is the one stored.
        assert Realisation.objects.get(indicator=ind).value == history.last().value
    count = UnitCompletionCount.objects.get(org_unit_id=skp.employee.org_unit_id, period=q1)
    assert count.realised == len(inds)  # each first realisation counted once
