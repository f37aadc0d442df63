"""PostgreSQL's year build (services/ip_asn_partition, docs/decisions/0063): the year computed by
two connections at once, each over one range of employee ids, gives the rows worked by hand
from REGULATIONS §5 (the cases of test_ip_asn_sql) and the same rows as the one statement in
the caller's transaction; a failure leaves the old year and no half-built table; an unlogged
year emptied by a crash is found again for the nightly rebuild.

These tests commit their rows (the workers' connections must see them): transaction=True."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.db import connection, transaction

from abdi.insights import services
from abdi.insights.choices import RunKind, RunStatus
from abdi.insights.models import IpAsnScore, SnapshotRun
from abdi.insights.services import ip_asn_partition
from abdi.insights.tests.test_ip_asn_sql import EXPECTED, YEAR, cases  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL partitions"),
    # Committed rows, seen by the workers; serialized_rollback restores the reference tables.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
FACTS = (
    "employee_id",
    "org_unit_id",
    "position_group",
    "education_code",
    "jp",
    "leadership_training",
    "functional_training",
    "seminar",
    "predikat",
    "sanction",
    "qualification",
    "competency",
    "performance",
    "discipline",
    "total",
    "category",
)


def stored() -> set[tuple]:
    return set(IpAsnScore.objects.filter(year=YEAR).values_list(*FACTS))


def persistence(table: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = %s", [table])
        row = cursor.fetchone()
    return row[0] if row else None


@pytest.fixture
def two_workers(settings):
    settings.IP_ASN_BUILD_WORKERS = 2
    settings.IP_ASN_PARALLEL_FROM = 0


def test_two_connections_give_the_worked_rows_and_the_one_statements(cases, two_workers):  # noqa: F811
    _parent, part, build = ip_asn_partition.names(YEAR)
    ranges = ip_asn_partition.id_ranges(2)
    assert len(ranges) == 2
    ids = {e.pk for e in cases.values()}
    # Both parts hold some of the hand-worked employees.
    assert all(any(low <= i <= high for i in ids) for low, high in ranges)

    count = services.ip_asn_compute(year=YEAR)
    got = {s.employee_id: s for s in IpAsnScore.objects.filter(year=YEAR)}
    assert count == len(got) >= len(EXPECTED)
    for name, (group, q, c, p, d, total, category) in EXPECTED.items():
        s = got[cases[name].pk]
        assert (s.position_group, s.qualification, s.competency, s.performance) == (
            group,
            D(q),
            D(c),
            D(p),
        ), name
        assert (s.discipline, s.total, s.category) == (D(d), D(total), category), name
    assert persistence(part) == "p"  # SET LOGGED before the swap
    assert persistence(build) is None
    parallel = stored()

    # Recomputed in the caller's transaction: one statement, the same rows.
    with transaction.atomic():
        assert services.ip_asn_compute(year=YEAR) == count
    assert stored() == parallel


def test_a_failed_swap_keeps_the_old_year_and_drops_the_build(cases, two_workers, monkeypatch):  # noqa: F811
    services.ip_asn_compute(year=YEAR)
    before = stored()
    _parent, _part, build = ip_asn_partition.names(YEAR)

    def broken(cursor, year):
        cursor.execute("SELECT 1/0")

    monkeypatch.setattr(ip_asn_partition, "attach", broken)
    with pytest.raises(Exception, match="division by zero"):
        services.ip_asn_compute(year=YEAR)
    assert persistence(build) is None
    assert stored() == before


def test_an_unlogged_year_emptied_by_a_crash_is_found(cases, two_workers, settings):  # noqa: F811
    settings.IP_ASN_LOGGED_PARTITIONS = False
    count = services.ip_asn_compute(year=YEAR)
    _parent, part, _build = ip_asn_partition.names(YEAR)
    assert persistence(part) == "u"
    SnapshotRun.objects.create(kind=RunKind.IP_ASN, year=YEAR, status=RunStatus.DONE, rows=count)
    assert ip_asn_partition.years_lost() == []
    with connection.cursor() as cursor:  # what recovery does to an unlogged table
        cursor.execute(f'TRUNCATE "{part}"')
    assert ip_asn_partition.years_lost() == [YEAR]
