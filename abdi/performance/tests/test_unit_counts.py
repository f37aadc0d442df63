"""The unit monitor's precomputed per-unit counts stay equal to the counts from the records after
every kind of write: a first realisation (and not after its update), an evaluation, an SKP
approval and a new version superseding it, an employee moved to another unit, an employee
created, and a refresh that repairs rows changed behind the services' back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from abdi.employees import services as employee_services
from abdi.org.models import OrgUnit
from abdi.performance import selectors as sel
from abdi.performance import services
from abdi.performance.models import Indicator, PerformanceYear, UnitCompletionCount
from abdi.performance.services import unit_counts_refresh
from abdi.performance.testing import approve_skp, approved_skp_chain, period
from abdi.testing import make_employee

pytestmark = pytest.mark.django_db

QUARTER = "2026-Q4"


def figures(rows) -> dict[str, tuple]:
    return {r.label: (r.employees, r.approved, r.indicators, r.realised, r.evaluated) for r in rows}


def assert_counts_match_records(personas) -> dict[str, tuple]:
    """For every period and the units at each level of the personas' tree: the precomputed
    counts equal those counted from the records. Returns the figures for QUARTER by unit."""
    year = PerformanceYear.objects.get(year=2026)
    roots = list(OrgUnit.objects.filter(depth=1))
    units = roots + [personas.unit_a, personas.unit_b, personas.subunit_a]
    seen = {}
    for p in year.periods.all():
        assert UnitCompletionCount.objects.filter(period=p).exists(), "counts not built"
        for unit in units:
            unit = OrgUnit.objects.get(pk=unit.pk)
            stored = figures(sel.unit_completion(unit=unit, year=year, period=p))
            counted = figures(sel.unit_completion_live(unit=unit, year=year, period=p))
            assert stored == counted, (p.code, unit.name)
            if p.code == QUARTER and unit.depth == 1:
                seen.update(stored)  # the OPDs below the province
    return seen


def realise(personas, skp, value=3):
    indicator = Indicator.objects.filter(work_result__skp=skp).order_by("pk").first()
    return services.realisation_submit(
        actor=skp.employee.user, indicator=indicator, period=period(QUARTER), value=value
    )


def test_counts_follow_realisations_evaluations_and_approvals(personas):
    chain = approved_skp_chain(personas)
    before = assert_counts_match_records(personas)
    sub = before["Dinas Kesehatan"]
    # A first realisation counts once; submitting it again (an update) does not count again.
    realise(personas, chain.employee)
    after_first = assert_counts_match_records(personas)
    assert after_first["Dinas Kesehatan"][3] == sub[3] + 1
    realise(personas, chain.employee, value=5)
    assert assert_counts_match_records(personas) == after_first
    # An evaluation.
    services.evaluation_create(
        actor=personas.supervisor.user,
        skp=chain.employee,
        period=period(QUARTER),
        work_result_rating="meets",
        behaviour_rating="meets",
    )
    evaluated = assert_counts_match_records(personas)
    assert evaluated["Dinas Kesehatan"][4] == sub[4] + 1
    # A new version approved supersedes the old one: its indicators, realisations and
    # evaluations leave the counts, the new version's indicators come in.
    new = services.skp_revise(actor=personas.employee.user, skp=chain.employee)
    services.indicator_add(
        actor=personas.employee.user,
        work_result=new.work_results.order_by("pk").first(),
        aspect="quantity",
        description="Indikator tambahan",
        target_value=4,
        target_unit="laporan",
    )
    approve_skp(new, appraiser_user=personas.supervisor.user)
    revised = assert_counts_match_records(personas)
    employees, approved, indicators, realised, done = revised["Dinas Kesehatan"]
    assert (employees, approved) == sub[:2]
    assert indicators == sub[2] + 1
    assert (realised, done) == (sub[3], sub[4])


def test_counts_follow_an_employee_moved_and_an_employee_created(personas):
    chain = approved_skp_chain(personas)
    realise(personas, chain.employee)
    before = assert_counts_match_records(personas)
    # Moved by decree into Dinas Pendidikan: the person and their SKP figures move along.
    employee_services.position_change(
        actor=personas.admin,
        employee=chain.employee.employee,
        position=personas.staff_position_b,
        effective_from=dt.date(2026, 11, 2),
        decree_number="800/1/2026",
        reason="Mutasi",
    )
    moved = assert_counts_match_records(personas)
    health, education = "Dinas Kesehatan", "Dinas Pendidikan"
    assert moved[health][0] == before[health][0] - 1
    assert moved[education][0] == before[education][0] + 1
    assert moved[health][1:4] == (
        before[health][1] - 1,
        before[health][2] - 4,
        before[health][3] - 1,
    )
    assert moved[education][1:4] == (
        before[education][1] + 1,
        before[education][2] + 4,
        before[education][3] + 1,
    )
    # A new employee through the service counts at once.
    from abdi.employees.tests.test_services import make_input

    employee_services.employee_create(actor=personas.admin, data=make_input(personas))
    created = assert_counts_match_records(personas)
    assert created[health][0] == moved[health][0] + 1


def test_a_refresh_repairs_counts_and_a_new_year_starts_counted(personas):
    chain = approved_skp_chain(personas)
    realise(personas, chain.employee)
    UnitCompletionCount.objects.update(realised=99, employees=0)
    assert unit_counts_refresh() > 0
    assert_counts_match_records(personas)
    services.performance_year_open(
        actor=personas.admin, year=2027, cadence="quarterly", skp_deadline=dt.date(2027, 1, 31)
    )
    new_period = PerformanceYear.objects.get(year=2027).periods.order_by("start").first()
    rows = UnitCompletionCount.objects.filter(period=new_period)
    assert sum(r.employees for r in rows) == sum(
        r.employees for r in UnitCompletionCount.objects.filter(period=period(QUARTER))
    )


def test_a_year_opened_without_the_refresh_is_counted_by_the_full_refresh(personas):
    """The demo seed opens its years with refresh_counts=False and refreshes every unit once at
    its end: no rows for the new year until then, then the counts of the records."""
    services.performance_year_open(
        actor=personas.admin,
        year=2026,
        cadence="quarterly",
        skp_deadline=dt.date(2026, 1, 31),
        refresh_counts=False,
    )
    assert not UnitCompletionCount.objects.exists()
    assert unit_counts_refresh() > 0
    counted = assert_counts_match_records(personas)
    assert sum(row[0] for row in counted.values()) > 0  # the employees of the OPDs


def test_before_any_counts_the_page_counts_from_the_records_and_builds_them(
    personas, login, django_capture_on_commit_callbacks
):
    chain = approved_skp_chain(personas)
    realise(personas, chain.employee)
    expected = assert_counts_match_records(personas)
    UnitCompletionCount.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(personas.admin).get(
            reverse("performance:unit_monitor"), {"unit": personas.unit_a.pk, "period": QUARTER}
        )
    assert response.status_code == 200
    shown = figures(response.context["rows"])
    assert shown == figures(
        sel.unit_completion_live(
            unit=OrgUnit.objects.get(pk=personas.unit_a.pk),
            year=PerformanceYear.objects.get(year=2026),
            period=period(QUARTER),
        )
    )
    # The worker (immediate in tests) built the counts again.
    assert assert_counts_match_records(personas) == expected


def test_unit_monitor_queries_do_not_grow_with_the_staff(personas, login):
    chain = approved_skp_chain(personas)
    realise(personas, chain.employee)
    client = login(personas.admin)
    url = reverse("performance:unit_monitor")
    params = {"unit": personas.unit_a.pk, "period": QUARTER}

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for i in range(4):
        make_employee(name=f"Tambahan {i}", unit=personas.subunit_a)
    unit_counts_refresh()
    assert queries() == few
    assert few <= 30
