"""The heat-map's stored per-unit counts: rebuilt by the worker (immediate in tests) after each
change — an assessment recorded or deleted, a standard changed, an employee moved — so that the
first view after the change reads current counts without counting the agency again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from abdi.competency import selectors, services
from abdi.competency.models import Assessment, Competency, UnitRequirementCount
from abdi.competency.tasks import REBUILD_QUEUED_KEY, schedule_requirement_counts_rebuild
from abdi.employees import services as employee_services
from abdi.org.models import OrgUnit
from abdi.testing import make_employee

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored_mode(settings):
    settings.ABDI_HEATMAP_CACHE_SECONDS = 600


@pytest.fixture
def setup(stored_mode, personas, django_capture_on_commit_callbacks):
    p = personas
    first, second = Competency.objects.filter(kind="managerial").order_by("order")[:2]
    staff = [
        make_employee(name=f"Staf {i}", unit=p.subunit_a, position=p.staff_position)
        for i in range(3)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.position_standard_set(
            actor=p.admin, position=p.staff_position, levels={first.pk: 3, second.pk: 3}
        )
    return p, first, staff


def as_set(counts) -> set[tuple]:
    return {tuple(row) for row in counts if row[3] or row[4]}


def assert_stored_equals_live(p):
    """For the tree's upper units: the stored counts summed per sub-unit equal the live count."""
    for unit in OrgUnit.objects.filter(pk__in=[p.unit_a.pk, p.unit_b.pk, p.subunit_a.pk]):
        stored = selectors.stored_requirement_counts(unit)
        assert stored is not None, "the stored counts were not built"
        assert as_set(stored[0]) == as_set(selectors.requirement_counts(unit)), unit.name
    root = OrgUnit.objects.get(depth=1)
    assert as_set(selectors.stored_requirement_counts(root)[0]) == as_set(
        selectors.requirement_counts(root)
    )


def cell(p, competency):
    heatmap = selectors.unit_heatmap(OrgUnit.objects.get(pk=p.unit_a.pk))
    assert heatmap["by_worker"]
    row = next(r for r in heatmap["rows"] if r.unit.pk == p.subunit_a.pk)
    found = row.cells[competency.pk]
    return (row.staff, found.total, found.below)


def test_the_worker_keeps_the_counts_current_after_each_change(
    setup, django_capture_on_commit_callbacks
):
    p, first, staff = setup
    assert UnitRequirementCount.objects.exists()  # the standard change rebuilt them
    assert_stored_equals_live(p)
    staff_count, total, below = cell(p, first)
    # An assessment through the service.
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_record(
            actor=p.admin,
            employee=staff[1],
            date=dt.date(2025, 6, 1),
            method="competency_test",
            assessor="UPT",
            levels={first.pk: 4},
        )
    assert_stored_equals_live(p)
    assert cell(p, first) == (staff_count, total, below - 1)
    # Deleting it.
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_delete(actor=p.admin, assessment=Assessment.objects.get())
    assert_stored_equals_live(p)
    assert cell(p, first) == (staff_count, total, below)
    # A transfer by decree: the person leaves the sub-unit's counts.
    with django_capture_on_commit_callbacks(execute=True):
        employee_services.position_change(
            actor=p.admin,
            employee=staff[0],
            position=p.staff_position_b,
            effective_from=dt.date(2026, 11, 2),
            decree_number="800/2/2026",
            reason="Mutasi",
        )
    assert_stored_equals_live(p)
    assert cell(p, first) == (staff_count - 1, total - 1, below - 1)


def test_a_heatmap_from_stored_counts_reads_in_a_fixed_number_of_queries(
    setup, django_assert_num_queries
):
    p, _first, _staff = setup
    unit = OrgUnit.objects.get(pk=p.unit_a.pk)
    with django_assert_num_queries(3):  # sub-units, stored counts, competencies
        selectors.unit_heatmap(unit)


def test_changes_while_a_rebuild_waits_queue_no_second_one(
    stored_mode, personas, django_capture_on_commit_callbacks
):
    cache.set(REBUILD_QUEUED_KEY, 1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        schedule_requirement_counts_rebuild()
        schedule_requirement_counts_rebuild()
    assert callbacks == []
    cache.delete(REBUILD_QUEUED_KEY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        schedule_requirement_counts_rebuild()
        schedule_requirement_counts_rebuild()
    assert len(callbacks) == 1
    assert UnitRequirementCount.objects.exists()


def test_reading_a_heatmap_queues_nothing_but_says_a_rebuild_is_due(
    stored_mode, personas, django_capture_on_commit_callbacks
):
    unit = OrgUnit.objects.get(pk=personas.unit_a.pk)
    assert not UnitRequirementCount.objects.exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        heatmap = selectors.unit_heatmap(unit)
    assert callbacks == []  # a selector reads; it never queues a write
    assert heatmap["needs_rebuild"] and not heatmap["by_worker"]
    assert not UnitRequirementCount.objects.exists()


def test_the_page_asks_the_service_for_missing_counts(
    setup, client, django_capture_on_commit_callbacks
):
    p, _first, _staff = setup
    UnitRequirementCount.objects.all().delete()
    cache.delete(REBUILD_QUEUED_KEY)
    client.force_login(p.admin)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get(reverse("competency:unit_heatmap", args=[p.unit_a.pk]))
    assert response.status_code == 200
    assert len(callbacks) == 1  # one rebuild queued
    assert UnitRequirementCount.objects.exists()  # and run by the (immediate) worker


def test_stale_counts_need_a_rebuild_fresh_ones_do_not(settings):
    settings.ABDI_HEATMAP_CACHE_SECONDS = 600
    now = timezone.now()
    assert selectors.counts_need_rebuild(None)
    assert selectors.counts_need_rebuild(([], now - dt.timedelta(seconds=601)))
    assert not selectors.counts_need_rebuild(([], now - dt.timedelta(seconds=599)))
    settings.ABDI_HEATMAP_CACHE_SECONDS = 0  # live counts: nothing is stored
    assert not selectors.counts_need_rebuild(None)


def heatmap_figures(unit) -> dict:
    heatmap = selectors.unit_heatmap(unit)
    return {
        row.unit.pk: (row.staff, {cid: (c.total, c.below) for cid, c in row.cells.items()})
        for row in heatmap["rows"]
    }


def test_stored_rows_hold_subtrees_and_the_own_row_is_the_difference(setup, settings):
    """Each unit's stored rows count its whole subtree; a heat-map reads only its unit's and its
    active sub-units' rows, and its own row (direct staff and inactive sub-units' staff) is the
    difference — the same figures as the live count."""
    p, first, _staff = setup
    make_employee(name="Staf langsung", unit=p.unit_a, position=p.staff_position)
    OrgUnit.objects.filter(pk=p.subunit_a.pk).update(is_active=False)
    services.requirement_counts_rebuild()
    unit_a = OrgUnit.objects.get(pk=p.unit_a.pk)
    subunit_rows = UnitRequirementCount.objects.filter(org_unit=p.subunit_a, competency=first)
    unit_rows = UnitRequirementCount.objects.filter(org_unit=unit_a, competency=first)
    in_subunit = sum(r.staff_required for r in subunit_rows)
    assert in_subunit >= 3  # the three staff, at least
    # The sub-unit's staff are in its rows and again in its parent's, with the direct one.
    assert sum(r.staff_required for r in unit_rows) >= in_subunit + 1
    stored = heatmap_figures(unit_a)
    settings.ABDI_HEATMAP_CACHE_SECONDS = 0
    live = heatmap_figures(unit_a)
    assert stored == live
    # The inactive sub-unit is no row of its own: folded into the unit's own row.
    assert p.subunit_a.pk not in stored
    assert stored[unit_a.pk][1][first.pk][0] >= in_subunit + 1
