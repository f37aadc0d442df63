"""The training-needs analysis: aggregates, recommendations, seats, workshop flags, the XLSX."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from abdi.competency import services as competency_services
from abdi.competency.models import Competency
from abdi.learning.choices import PlanItemKind, PlanItemSource, PlanItemStatus, PlanStatus
from abdi.learning.models import DevelopmentPlan, DevelopmentPlanItem, Provider
from abdi.learning.selectors.tna import tna_workbook, training_needs
from abdi.learning.testing import make_programme, make_session
from abdi.testing import make_employee

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def scene(personas):
    """Bidang Pelayanan: supervisor (requires a 3, unassessed), employee (a 3, b 2; assessed
    a 1, b 2), colleague (assessed a 3, b 1). The employee's submitted plan: a training in P
    for a, an evaluation coaching, a cancelled seminar for b; the colleague's draft plan does
    not count."""
    a, b = list(Competency.objects.filter(kind="managerial").order_by("order"))[:2]
    p = personas
    competency_services.position_standard_set(
        actor=p.admin, position=p.staff_position, levels={a.pk: 3, b.pk: 2}
    )
    competency_services.position_standard_set(
        actor=p.admin, position=p.supervisor_position, levels={a.pk: 3}
    )
    for who, levels in ((p.employee, {a.pk: 1, b.pk: 2}), (p.colleague, {a.pk: 3, b.pk: 1})):
        competency_services.assessment_record(
            actor=p.admin,
            employee=who,
            date=TODAY - dt.timedelta(days=10),
            method="competency_test",
            assessor="UPT",
            levels=levels,
        )
    provider = Provider.objects.create(name="BKPSDM", kind="internal")
    low = make_programme(code="A-LOW", title="A dasar", provider=provider, competency=a, level=2)
    best = make_programme(code="A-FIT", title="Z pas", provider=provider, competency=a, level=3)
    make_session(best, today=TODAY, start_date=dt.date(YEAR, 12, 1), end_date=dt.date(YEAR, 12, 3))
    for_b = make_programme(code="B-1", title="B", provider=provider, competency=b, level=2)
    plan = DevelopmentPlan.objects.create(
        employee=p.employee, year=YEAR, status=PlanStatus.SUBMITTED
    )
    target = dt.date(YEAR, 12, 31)
    DevelopmentPlanItem.objects.create(
        plan=plan, competency=a, kind=PlanItemKind.TRAINING, programme=low, target_date=target
    )
    DevelopmentPlanItem.objects.create(
        plan=plan,
        kind=PlanItemKind.COACHING,
        source=PlanItemSource.EVALUATION,
        description="Coaching kinerja",
        target_date=target,
    )
    DevelopmentPlanItem.objects.create(
        plan=plan,
        competency=b,
        kind=PlanItemKind.SEMINAR,
        target_date=target,
        status=PlanItemStatus.CANCELLED,
    )
    draft = DevelopmentPlan.objects.create(employee=p.colleague, year=YEAR)
    DevelopmentPlanItem.objects.create(
        plan=draft, competency=b, kind=PlanItemKind.ELEARNING, target_date=target
    )
    return {"a": a, "b": b, "low": low, "best": best, "for_b": for_b}


def test_aggregates_per_competency(personas, scene):
    data = training_needs(personas.subunit_a, YEAR, min_staff=2)
    assert data["staff"] == 3 and data["staff_with_gap"] == 3 and data["plan_items"] == 2
    rows = {n.competency.pk: n for n in data["competencies"]}
    a, b = rows[scene["a"].pk], rows[scene["b"].pk]
    assert (a.required_staff, a.below, a.share) == (3, 2, 66.7)
    assert dict(a.planned) == {PlanItemKind.TRAINING: 1} and a.planned_total == 1
    assert a.seats == 2 and a.workshop is True and a.typical_level == 3
    assert (b.required_staff, b.below, b.planned_total, b.seats, b.workshop) == (2, 1, 0, 1, False)
    assert data["without_competency"] == {PlanItemKind.COACHING: 1}


def test_recommendations_best_level_match_first_and_seats_per_programme(personas, scene):
    data = training_needs(personas.subunit_a, YEAR, min_staff=2)
    a = next(n for n in data["competencies"] if n.competency == scene["a"])
    assert [c.programme for c in a.programmes] == [scene["best"], scene["low"]]
    seats = {r.programme.pk: r.seats for r in data["programmes"]}
    # The best programme for a: the supervisor (the employee's plan names another one);
    # the named programme: the employee; for b: the colleague.
    assert seats == {scene["best"].pk: 1, scene["low"].pk: 1, scene["for_b"].pk: 1}


def test_a_seat_counts_a_plan_item_even_without_a_gap(personas, scene):
    # The colleague's plan is agreed now: their e-learning item for b counts; the colleague was
    # already below b, so the seats stay 1 for b; an item for a (no gap) adds a seat.
    plan = DevelopmentPlan.objects.get(employee=personas.colleague)
    plan.status = PlanStatus.AGREED
    plan.save()
    DevelopmentPlanItem.objects.create(
        plan=plan,
        competency=scene["a"],
        kind=PlanItemKind.MENTORING,
        target_date=dt.date(YEAR, 9, 1),
    )
    data = training_needs(personas.subunit_a, YEAR, min_staff=2)
    rows = {n.competency.pk: n for n in data["competencies"]}
    assert rows[scene["b"].pk].seats == 1 and rows[scene["b"].pk].planned_total == 1
    assert rows[scene["a"].pk].seats == 3


def test_subunits_and_workshops(personas, scene):
    data = training_needs(personas.unit_a, YEAR, min_staff=2)
    own, bidang = data["subunits"]
    assert own.own and own.unit == personas.unit_a and own.staff == 1  # the head
    assert bidang.unit == personas.subunit_a and bidang.staff == 3 and bidang.plan_items == 2
    cell = bidang.cells[scene["a"].pk]
    assert (cell.required_staff, cell.below, cell.planned_staff, cell.workshop) == (3, 2, 1, True)
    assert bidang.workshops == [scene["a"].pk]


def test_other_years_and_units_do_not_count(personas, scene):
    assert training_needs(personas.subunit_a, YEAR + 1)["plan_items"] == 0
    data = training_needs(personas.unit_b, YEAR)
    assert data["plan_items"] == 0 and data["staff"] == 2


def test_query_count_does_not_grow_with_the_staff(personas, scene):
    with CaptureQueriesContext(connection) as small:
        training_needs(personas.region, YEAR)
    for n in range(15):
        make_employee(
            name=f"Pegawai {n}", unit=personas.subunit_a, position=personas.staff_position
        )
    with CaptureQueriesContext(connection) as big:
        data = training_needs(personas.region, YEAR)
    assert data["staff"] == 6 + 15
    assert len(big.captured_queries) == len(small.captured_queries) <= 15


def test_the_workbook_has_one_sheet_per_view_with_indonesian_headers(personas, scene):
    data = training_needs(personas.subunit_a, YEAR, min_staff=2)
    book = load_workbook(io.BytesIO(tna_workbook(data)))
    assert book.sheetnames == ["Per kompetensi", "Program rekomendasi", "Per sub-unit"]
    sheet = book["Per kompetensi"]
    assert personas.subunit_a.name in sheet["A1"].value and str(YEAR) in sheet["A1"].value
    headers = [c.value for c in sheet[2]]
    assert headers[:5] == [
        "Kompetensi",
        "Jenis",
        "Pegawai dengan standar",
        "Di bawah standar",
        "Persentase di bawah standar",
    ]
    assert "Kursi dibutuhkan" in headers and "Lokakarya" in headers
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    a = rows[scene["a"].name]
    assert a[3] == 2 and a[headers.index("Kursi dibutuhkan")] == 2
    assert a[headers.index("Lokakarya")] == "Ya"
    assert a[headers.index("Butir rencana: Pelatihan")] == 1
    assert a[headers.index("Program rekomendasi")].startswith(scene["best"].title)
    programmes = book["Program rekomendasi"]
    assert [c.value for c in programmes[2]][:2] == ["Kode", "Program"]
    codes = {r[0]: r for r in programmes.iter_rows(min_row=3, values_only=True)}
    assert codes["A-FIT"][6] == 1 and "kuota" in codes["A-FIT"][5]
    units = list(book["Per sub-unit"].iter_rows(min_row=3, values_only=True))
    name = f"{personas.subunit_a.name} (langsung)"
    assert (name, 3, scene["a"].name, 3, 2, 1, "Ya") in units
    assert (name, 3, scene["b"].name, 2, 1, 0, None) in units


# --- cost (docs/decisions/0049) ---------------------------------------------------------------


def test_seats_cost_by_hand():
    from abdi.learning.models import Programme
    from abdi.learning.selectors.tna import seats_cost

    both = Programme(cost_per_session=5_000_000, cost_per_participant=250_000)
    # 45 seats in classes of 20: 3 sessions × 5,000,000 + 45 × 250,000 = 26,250,000
    assert seats_cost(both, 45, 20) == (3, 26_250_000)
    # exactly two full classes: 2 × 5,000,000 + 40 × 250,000 = 20,000,000
    assert seats_cost(both, 40, 20) == (2, 20_000_000)
    only_seats = Programme(cost_per_session=None, cost_per_participant=100_000)
    assert seats_cost(only_seats, 45, 30) == (2, 4_500_000)
    free = Programme(cost_per_session=None, cost_per_participant=0)
    assert seats_cost(free, 10, 30) == (1, 0)  # priced at nothing, not unpriced
    assert seats_cost(Programme(), 45, 20) == (3, None)
    assert seats_cost(both, 0, 20) == (0, 0)


def test_the_analysis_is_priced_from_the_catalogue(personas, scene, settings):
    settings.ABDI_TNA_CLASS_SIZE = 25
    best, low, for_b = scene["best"], scene["low"], scene["for_b"]
    best.cost_per_session, best.cost_per_participant = 4_000_000, 500_000
    best.save()
    for_b.cost_per_participant = 300_000
    for_b.save()
    data = training_needs(personas.subunit_a, YEAR, min_staff=2)
    rows = {r.programme.pk: r for r in data["programmes"]}
    # best: 1 seat in its open session → 1 session: 4,000,000 + 500,000
    assert (rows[best.pk].sessions, rows[best.pk].cost) == (1, 4_500_000)
    # for b: 1 seat, no session → a class of 25 → 1 session at no fixed cost + 300,000
    assert (rows[for_b.pk].sessions, rows[for_b.pk].cost) == (1, 300_000)
    assert rows[low.pk].cost is None
    assert data["cost_total"] == 4_800_000 and data["priced_seats"] == 2
    assert [r.programme for r in data["unpriced"]] == [low]
    sheet = load_workbook(io.BytesIO(tna_workbook(data)))["Program rekomendasi"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert values[-1][-1] == 4_800_000
    assert {r[1]: r[-1] for r in values[:-1]} == {
        best.title: 4_500_000,
        for_b.title: 300_000,
        low.title: None,
    }
