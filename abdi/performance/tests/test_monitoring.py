"""Live monitoring, calibration (distribution, adjustments), the unit recap and rater consistency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from abdi.org.models import OrgUnit, Position
from abdi.performance import selectors as sel
from abdi.performance import services
from abdi.performance.models import EvaluationAdjustment, Indicator
from abdi.performance.testing import (
    approve_skp,
    approved_skp_chain,
    fill_skp,
    main_results,
    period,
)
from abdi.testing import make_employee

pytestmark = pytest.mark.django_db

QUARTER = "2026-Q4"


def staff_with_skp(personas, chain, n: int, *, prefix: str = "Staf"):
    """n more staff below the supervisor, each with an approved SKP cascaded from the
    supervisor's."""
    skps = []
    for i in range(n):
        person = make_employee(
            name=f"{prefix} {i}",
            unit=personas.subunit_a,
            position=personas.staff_position,
            username=f"{prefix.lower()}_{i}",
        )
        skp = services.skp_create(actor=person.user, employee=person, year=2026)
        fill_skp(skp, supports=main_results(chain.supervisor))
        approve_skp(skp, appraiser_user=personas.supervisor.user)
        skps.append(skp)
    return skps


def evaluate(skp, appraiser_user, work="meets", behaviour="meets", code=QUARTER):
    return services.evaluation_create(
        actor=appraiser_user,
        skp=skp,
        period=period(code),
        work_result_rating=work,
        behaviour_rating=behaviour,
    )


# ---------------------------------------------------------------- team monitor


def test_monitor_partial_shows_realisation_share_last_activity_and_overdue(personas, login):
    chain = approved_skp_chain(personas)
    indicator = Indicator.objects.filter(work_result__skp=chain.employee).first()
    services.realisation_submit(
        actor=personas.employee.user, indicator=indicator, period=period(QUARTER), value=3
    )
    services.activity_log(
        actor=personas.employee.user,
        skp=chain.employee,
        work_result=indicator.work_result,
        date=dt.date(2026, 11, 2),
        description="Menyusun laporan pelayanan",
    )
    client = login(personas.supervisor.user)
    response = client.get(reverse("performance:monitor_partial"), {"period": QUARTER})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'hx-trigger="every 30s"' in html
    assert "<html" not in html  # a fragment, swapped in place
    rows = {r.employee.pk: r for r in response.context["rows"]}
    row = rows[personas.employee.pk]
    assert (row.realised, row.indicators) == (1, 4)
    assert row.realisation_share == Decimal("25.0")
    assert row.last_activity == dt.date(2026, 11, 2)
    assert "25.0%" in html
    # Earlier quarters had no realisation and no evaluation: overdue.
    assert "Realisasi Triwulan I 2026" in row.overdue
    assert "Penilaian Triwulan I 2026" in row.overdue
    # The colleague has no SKP, past the deadline of 31 January.
    colleague = rows[personas.colleague.pk]
    assert colleague.skp is None
    assert colleague.overdue == ["SKP belum disetujui"]
    # Only the supervisor's own team.
    assert personas.outsider.pk not in rows and personas.supervisor.pk not in rows


def test_monitor_page_embeds_the_refreshing_table(personas, login):
    approved_skp_chain(personas)
    response = login(personas.supervisor.user).get(reverse("performance:monitor"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="team-monitor"' in html and 'hx-trigger="every 30s"' in html
    assert reverse("performance:monitor_partial") in html
    assert personas.employee.name in html


def test_monitor_is_for_supervisors_leaders_and_admins(personas, login):
    approved_skp_chain(personas)
    assert login(personas.employee.user).get(reverse("performance:monitor")).status_code == 403
    assert login(personas.operator).get(reverse("performance:monitor")).status_code == 403
    response = login(personas.leader).get(
        reverse("performance:monitor"), {"unit": personas.unit_b.pk}
    )
    assert response.status_code == 200
    assert [r.employee.pk for r in response.context["rows"]] == [
        personas.head_b.pk,
        personas.outsider.pk,
    ]


def test_monitor_queries_do_not_grow_with_the_team(personas, login):
    chain = approved_skp_chain(personas)
    client = login(personas.supervisor.user)
    url = reverse("performance:monitor_partial")

    def count() -> tuple[int, int]:
        client.get(url)  # warm caches (content types, sessions)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["rows"])

    staff_with_skp(personas, chain, 1)
    small, members_small = count()
    staff_with_skp(personas, chain, 7, prefix="Tambahan")
    large, members_large = count()
    assert (members_small, members_large) == (3, 10)
    assert small == large


# ---------------------------------------------------------------- unit monitor


def test_unit_monitor_completion_by_subunit_and_distribution(personas, login):
    chain = approved_skp_chain(personas)
    evaluate(chain.employee, personas.supervisor.user, "above", "above")
    indicator = Indicator.objects.filter(work_result__skp=chain.employee).first()
    services.realisation_submit(
        actor=personas.employee.user, indicator=indicator, period=period(QUARTER), value=3
    )
    response = login(personas.leader).get(
        reverse("performance:unit_monitor"), {"unit": personas.unit_a.pk, "period": QUARTER}
    )
    assert response.status_code == 200
    rows = {r.label: r for r in response.context["rows"]}
    direct = rows["Langsung di unit ini"]
    assert (direct.employees, direct.approved) == (1, 1)  # the head
    sub = rows["Bidang Pelayanan Kesehatan"]
    # supervisor, employee and colleague; two SKPs approved; 1 of 8 indicators realised;
    # 1 of 2 approved SKPs evaluated.
    assert (sub.employees, sub.approved) == (3, 2)
    assert (sub.realised, sub.indicators) == (1, 8)
    assert sub.evaluation_share == Decimal("50.0")
    assert response.context["distribution"].counts["sangat_baik"] == 1
    assert response.context["chart_data"]["counts"] == [1, 0, 0, 0, 0]
    assert "chart.umd.min.js" in response.content.decode()


def test_unit_monitor_pages_the_sub_units_and_names_periods_in_words(personas, login, monkeypatch):
    approved_skp_chain(personas)
    monkeypatch.setattr("abdi.performance.views.monitoring.UNIT_MONITOR_PAGE_SIZE", 1)
    client = login(personas.leader)
    url = reverse("performance:unit_monitor")
    first = client.get(url, {"unit": personas.unit_a.pk, "period": QUARTER})
    second = client.get(url, {"unit": personas.unit_a.pk, "period": QUARTER, "page": 2})
    labels = [r.label for r in first.context["rows"]] + [r.label for r in second.context["rows"]]
    assert labels == ["Langsung di unit ini", "Bidang Pelayanan Kesehatan"]
    assert first.context["page_obj"].paginator.count == 2
    html = first.content.decode()
    assert "page=2" in html
    assert ">Triwulan IV 2026</option>" in html and ">2026-Q4<" not in html


def test_unit_monitor_scope(personas, login):
    approved_skp_chain(personas)
    url = reverse("performance:unit_monitor")
    assert login(personas.employee.user).get(url).status_code == 403
    # The supervisor heads the Bidang: its own subtree, not the Dinas above.
    client = login(personas.supervisor.user)
    assert client.get(url).context["unit"] == personas.subunit_a
    assert client.get(url, {"unit": personas.unit_a.pk}).status_code == 403


# ---------------------------------------------------------------- calibration


def test_distribution_flags_a_violation_for_a_hand_made_unit(personas, login):
    chain = approved_skp_chain(personas)
    extra = staff_with_skp(personas, chain, 2)
    for skp in (chain.employee, *extra):
        evaluate(skp, personas.supervisor.user, "meets", "meets")  # all Baik
    # The Dinas is "Baik": Baik at most 70 %, and some Butuh Perbaikan/Kurang must exist. The
    # Bidang follows its Dinas' predikat.
    services.org_predikat_record(
        actor=personas.admin, org_unit=personas.unit_a, period=period(QUARTER), predikat="baik"
    )
    distribution = sel.predikat_distribution(unit=personas.subunit_a, period=period(QUARTER))
    assert distribution.counts["baik"] == 3 and distribution.total == 3
    assert distribution.org_predikat.org_unit == personas.unit_a
    broken = {tuple(v.limit.predikats): v.kind for v in distribution.violations}
    assert broken[("baik",)] == "too_many"
    assert any(kind == "too_few" for key, kind in broken.items() if "butuh_perbaikan" in key)

    response = login(personas.head_a.user).get(
        reverse(
            "performance:calibration_unit",
            kwargs={"unit": personas.subunit_a.pk, "period": QUARTER},
        )
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Melebihi batas" in html and "Kurang dari batas" in html
    assert html.count('class="badge text-bg-danger violation text-wrap"') == len(
        distribution.violations
    )
    assert len(response.context["evaluations"]) == 3


def test_calibration_unit_is_for_the_unit_chain_and_admins(personas, login):
    approved_skp_chain(personas)
    url = reverse(
        "performance:calibration_unit", kwargs={"unit": personas.unit_a.pk, "period": QUARTER}
    )
    assert login(personas.head_b.user).get(url).status_code == 403
    assert login(personas.employee.user).get(url).status_code == 403
    assert login(personas.admin).get(url).status_code == 200
    missing = reverse(
        "performance:calibration_unit", kwargs={"unit": personas.unit_a.pk, "period": "1999"}
    )
    assert login(personas.admin).get(missing).status_code == 404


def test_adjustment_requires_a_reason_and_is_refused_after_release(personas, login):
    chain = approved_skp_chain(personas)
    evaluation = evaluate(chain.employee, personas.supervisor.user, "meets", "meets")
    client = login(personas.head_a.user)
    url = reverse("performance:evaluation_adjust", args=[evaluation.pk])

    response = client.post(url, {"predikat": "butuh_perbaikan", "reason": "  "}, follow=True)
    assert "Alasan penyesuaian wajib diisi." in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.predikat == "baik"
    assert not EvaluationAdjustment.objects.exists()

    response = client.post(
        url, {"predikat": "butuh_perbaikan", "reason": "Distribusi unit melampaui batas."}
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.predikat == "butuh_perbaikan"
    adjustment = EvaluationAdjustment.objects.get()
    assert (adjustment.from_predikat, adjustment.to_predikat) == ("baik", "butuh_perbaikan")
    assert adjustment.actor == personas.head_a.user

    services.evaluation_release(actor=personas.supervisor.user, evaluation=evaluation)
    response = client.post(url, {"predikat": "baik", "reason": "Koreksi."}, follow=True)
    assert "sudah dirilis" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.predikat == "butuh_perbaikan"
    assert EvaluationAdjustment.objects.count() == 1


def test_adjustment_by_someone_outside_the_chain_is_refused(personas, login):
    chain = approved_skp_chain(personas)
    evaluation = evaluate(chain.employee, personas.supervisor.user)
    url = reverse("performance:evaluation_adjust", args=[evaluation.pk])
    data = {"predikat": "sangat_baik", "reason": "Alasan."}
    assert login(personas.outsider.user).post(url, data).status_code == 404
    assert login(personas.auditor).post(url, data).status_code == 403
    assert not EvaluationAdjustment.objects.exists()


def test_unit_recap_xlsx(personas, login):
    from openpyxl import load_workbook

    chain = approved_skp_chain(personas)
    evaluation = evaluate(chain.employee, personas.supervisor.user, "above", "above")
    services.evaluation_adjust(
        actor=personas.admin, evaluation=evaluation, predikat="baik", reason="Kuota unit."
    )
    response = login(personas.admin).get(
        reverse("performance:unit_recap", kwargs={"unit": personas.unit_a.pk, "period": QUARTER})
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    book = load_workbook(BytesIO(response.content))
    rows = list(book["Rekap"].iter_rows(min_row=4, values_only=True))
    assert len(rows) == 1
    row = rows[0]
    assert row[1] == personas.employee.nip
    assert row[2] == personas.employee.full_name
    assert row[4] == "Pengelola Layanan Kesehatan"
    assert row[9] == "Baik"
    assert "Sangat Baik → Baik: Kuota unit." in row[12]
    counts = {r[0]: r[1] for r in book["Distribusi"].iter_rows(min_row=2, values_only=True) if r}
    assert counts["Baik"] == 1


def test_unit_recap_xlsx_with_a_unit_predikat_and_formula_like_text(personas, login):
    """Like the demo: the unit has an organisational predikat (its label is a lazy translation
    that openpyxl refused: issue 13's 500), and a reason that a spreadsheet would run."""
    from openpyxl import load_workbook

    chain = approved_skp_chain(personas)
    extra = staff_with_skp(personas, chain, 2)
    evaluations = [
        evaluate(skp, personas.supervisor.user, "meets", "meets")
        for skp in (chain.employee, *extra)
    ]
    services.org_predikat_record(
        actor=personas.admin, org_unit=personas.unit_a, period=period(QUARTER), predikat="baik"
    )
    services.evaluation_adjust(
        actor=personas.admin,
        evaluation=evaluations[0],
        predikat="butuh_perbaikan",
        reason="=HYPERLINK(1)",
    )
    response = login(personas.admin).get(
        reverse("performance:unit_recap", kwargs={"unit": personas.unit_a.pk, "period": QUARTER})
    )
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    summary = [r for r in book["Distribusi"].iter_rows(values_only=True) if r and r[0]]
    assert ("Predikat unit", "Baik") in [tuple(r[:2]) for r in summary]
    limits = [r for r in summary if r[5] in ("Sesuai", "Tidak sesuai")]
    assert limits, "the limits of the unit's predikat are listed"
    rows = list(book["Rekap"].iter_rows(min_row=4, values_only=True))
    assert len(rows) == 3
    adjusted = next(r for r in rows if r[12])
    assert adjusted[12].endswith(": =HYPERLINK(1)")
    assert not any(isinstance(c, str) and c.startswith("=") for r in rows for c in r)


# ---------------------------------------------------------------- rater consistency


def build_rated_unit(personas):
    """A made-up OPD: a head, two appraisers with 4 staff each. The first rates everyone Sangat
    Baik, the second two Baik and two Butuh Perbaikan."""
    services_admin = personas.admin
    unit = OrgUnit.objects.add_child(
        OrgUnit.objects.get(pk=personas.region.pk),
        {
            "agency": personas.agency,
            "code": "DINX",
            "name": "Dinas Uji Penilai",
            "kind": "opd",
            "parent": personas.region,
        },
    )
    head_pos = Position.objects.create(
        code="DINX-KADIS",
        name="Kepala Dinas X",
        kind="jpt_pratama",
        org_unit=unit,
        is_unit_head=True,
    )
    head = make_employee(name="Kepala X", unit=unit, position=head_pos, username="kadis_x")
    head_skp = services.skp_create(actor=head.user, employee=head, year=2026)
    fill_skp(head_skp)
    approve_skp(head_skp, appraiser_user=services_admin)
    appraisers = []
    for a in range(2):
        pos = Position.objects.create(
            code=f"DINX-PJ{a}",
            name=f"Penilai {a}",
            kind="pengawas",
            org_unit=unit,
            reports_to=head_pos,
        )
        person = make_employee(
            name=f"Penilai {'AB'[a]}", unit=unit, position=pos, username=f"penilai_{a}"
        )
        skp = services.skp_create(actor=person.user, employee=person, year=2026)
        fill_skp(skp, supports=main_results(head_skp))
        approve_skp(skp, appraiser_user=head.user)
        staff_pos = Position.objects.create(
            code=f"DINX-STAF{a}",
            name=f"Staf {a}",
            kind="pelaksana",
            org_unit=unit,
            reports_to=pos,
            posts=4,
        )
        for i in range(4):
            staff = make_employee(
                name=f"Staf {a}-{i}", unit=unit, position=staff_pos, username=f"stafx_{a}_{i}"
            )
            staff_skp = services.skp_create(actor=staff.user, employee=staff, year=2026)
            fill_skp(staff_skp, supports=main_results(skp))
            approve_skp(staff_skp, appraiser_user=person.user)
            if a == 0:
                evaluate(staff_skp, person.user, "above", "above")
            else:
                evaluate(staff_skp, person.user, "meets" if i < 2 else "below", "meets")
        appraisers.append(person)
    return unit, appraisers


def test_rater_consistency_flags_a_lenient_rater(personas, login):
    approved_skp_chain(personas)
    unit, (lenient, strict) = build_rated_unit(personas)
    report = sel.rater_consistency(unit=unit, period=period(QUARTER))
    flags = {row.rater.pk: row.flag for row in report.rows}
    # Means: 5.0 and 3.5 against the unit's 4.25 (threshold 0.75, at least 3 evaluations).
    assert flags[lenient.pk] == "lenient"
    assert flags[strict.pk] == "severe"
    assert report.rows[0].rater == lenient or report.rows[0].flag

    response = login(personas.admin).get(
        reverse("performance:raters"), {"unit": unit.pk, "period": QUARTER}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Terlalu longgar" in html and "Terlalu ketat" in html
    assert "Penilai A" in html


def test_rater_thresholds_are_settings(personas, settings):
    approved_skp_chain(personas)
    unit, (lenient, strict) = build_rated_unit(personas)
    settings.ABDI_RATER_THRESHOLD = "1.0"
    report = sel.rater_consistency(unit=unit, period=period(QUARTER))
    assert all(row.flag == "" for row in report.rows)
    settings.ABDI_RATER_THRESHOLD = "0.5"
    settings.ABDI_RATER_MIN_COUNT = 5
    report = sel.rater_consistency(unit=unit, period=period(QUARTER))
    assert all(row.flag == "" for row in report.rows)


def test_raters_page_is_for_calibrators(personas, login):
    approved_skp_chain(personas)
    assert login(personas.employee.user).get(reverse("performance:raters")).status_code == 403
    response = login(personas.head_b.user).get(
        reverse("performance:raters"), {"unit": personas.unit_a.pk}
    )
    assert response.status_code == 403


def test_team_monitor_and_inbox_count_the_same_ratings_due(personas):
    """Issue 13: the monitor flagged "Penilaian 2026-Q1" overdue while the inbox counted 0 ratings
    due (it looked at the latest period only). Both now read performance.selectors.ratings_due."""
    from abdi.performance import selectors

    chain = approved_skp_chain(personas)
    year = chain.employee.performance_year
    on = dt.date(2026, 8, 20)  # Q1 and Q2 have ended and their rating deadlines passed
    evaluate(chain.employee, personas.supervisor.user, code="2026-Q2")
    inbox = selectors.inbox_for(personas.supervisor.user, on=on)
    assert [(s.pk, p.code) for s, p in inbox.to_evaluate] == [(chain.employee.pk, "2026-Q1")]
    members = list(sel.team_members(personas.supervisor.user, year=year))
    rows = sel.team_rows(members, year=year, period=None, today=on, viewer=personas.supervisor)
    flagged = {
        r.employee.pk: [o for o in r.overdue if str(o).startswith("Penilaian")] for r in rows
    }
    assert flagged[personas.employee.pk] == ["Penilaian Triwulan I 2026"]
    assert sum(len(v) for v in flagged.values()) == len(inbox.to_evaluate)


def test_unit_monitor_opens_on_the_latest_period_with_evaluations(personas, login):
    chain = approved_skp_chain(personas)
    evaluate(chain.employee, personas.supervisor.user, code="2026-Q2")
    year = chain.employee.performance_year
    assert sel.latest_period_with_data(year).code == "2026-Q2"
    assert sel.latest_period_with_data(year, unit=personas.unit_b) is None
    response = login(personas.admin).get(
        reverse("performance:unit_monitor"), {"unit": personas.unit_a.pk}
    )
    assert response.context["period"].code == "2026-Q2"
    assert "Triwulan II 2026" in response.content.decode()
