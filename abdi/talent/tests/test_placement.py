import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abdi.employees.models import AnnualPredikat
from abdi.talent.choices import RunStatus
from abdi.talent.models import PlacementRun, TalentPlacement
from abdi.talent.services.placement import placement_run_request, placements_compute
from abdi.talent.testing import compute

pytestmark = pytest.mark.django_db


def boxes(year):
    return {
        pl.employee_id: (pl.box, pl.unmappable) for pl in TalentPlacement.objects.filter(year=year)
    }


def test_each_persona_lands_in_the_box_worked_by_hand(talent_world):
    p, year = talent_world.p, talent_world.year
    placed, unmappable = compute(talent_world)
    got = boxes(year)
    assert got[p.employee.pk] == (9, "")
    assert got[p.supervisor.pk] == (8, "")
    assert got[p.outsider.pk] == (7, "")
    assert got[p.colleague.pk] == (5, "")
    assert got[p.head_a.pk] == (None, "no_predikat")
    assert got[p.head_b.pk] == (None, "no_potential")
    assert (placed, unmappable) == (4, 2)


def test_inputs_are_kept_on_the_placement(talent_world):
    compute(talent_world)
    pl = TalentPlacement.objects.get(year=talent_world.year, employee=talent_world.p.colleague)
    assert (pl.predikat_previous, pl.predikat_latest) == ("baik", "baik")
    assert str(pl.performance_value) == "4.00"
    assert (str(pl.potential_score), str(pl.jpm), str(pl.potential_value)) == (
        "60.00",
        "100.00",
        "80.00",
    )
    assert (pl.performance, pl.potential, pl.level) == ("meets", "medium", "pelaksana")


def test_recomputing_replaces_the_year_and_small_batches_give_the_same_result(talent_world):
    compute(talent_world)
    first = boxes(talent_world.year)
    placements_compute(year=talent_world.year, batch_size=2)
    assert boxes(talent_world.year) == first
    assert TalentPlacement.objects.filter(year=talent_world.year).count() == len(first)


def test_a_missing_year_of_predikat_makes_the_employee_unmappable(talent_world):
    p = talent_world.p
    AnnualPredikat.objects.filter(employee=p.employee, year=talent_world.year - 2).delete()
    compute(talent_world)
    assert boxes(talent_world.year)[p.employee.pk] == (None, "no_predikat")


def test_only_bkpsdm_queues_a_run_and_never_twice(talent_world, django_capture_on_commit_callbacks):
    p = talent_world.p
    with pytest.raises(PermissionDenied):
        placement_run_request(actor=p.operator, year=talent_world.year)
    with django_capture_on_commit_callbacks(execute=True):
        run = placement_run_request(actor=p.admin, year=talent_world.year)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert (run.placed, run.unmappable) == (4, 2)
    PlacementRun.objects.create(year=talent_world.year, status=RunStatus.QUEUED)
    with pytest.raises(ValidationError):
        placement_run_request(actor=p.admin, year=talent_world.year)


def test_a_year_far_away_is_refused(talent_world):
    with pytest.raises(ValidationError):
        placement_run_request(actor=talent_world.p.admin, year=dt.date.today().year + 5)


def test_last_years_box_is_kept_for_the_movement(talent_world, client):
    p = talent_world.p
    TalentPlacement.objects.create(
        year=talent_world.year - 1, employee=p.employee, name=p.employee.name,
        org_unit=p.subunit_a, unit_path=p.subunit_a.path, level="pelaksana", box=5,
    )  # fmt: skip
    compute(talent_world)
    placement = TalentPlacement.objects.get(year=talent_world.year, employee=p.employee)
    assert (placement.previous_box, placement.box) == (5, 9)
    from abdi.talent.selectors.placement import talent_map

    moves = talent_map(p.admin, year=talent_world.year).moves
    assert moves[(5, 9)] == 1
    assert moves[(None, 8)] == 1  # the supervisor: first placed this year
