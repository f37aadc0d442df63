import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from abdi.learning.models import DevelopmentPlan, DevelopmentPlanItem, Provider
from abdi.learning.testing import make_programme
from abdi.talent.models import BoxAdjustment, Successor, TalentPlacement
from abdi.talent.selectors.succession import agency_summary, bench, candidates_for
from abdi.talent.services.placement import placements_compute
from abdi.talent.services.review import adjustment_reverse, box_adjust, review_create
from abdi.talent.services.succession import (
    critical_position_add,
    successor_action_add,
    successor_add,
)
from abdi.talent.testing import compute

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(talent_world):
    compute(talent_world)
    return talent_world


def _review(world, **extra):
    p = world.p
    return review_create(
        actor=p.admin,
        year=world.year,
        title="Rapat komite",
        held_on=dt.date(world.year, 2, 1),
        members=[p.head_a, p.head_b],
        **extra,
    )


def box_of(world, employee):
    return TalentPlacement.objects.get(year=world.year, employee=employee).box


# --- talent review --------------------------------------------------------------------------


def test_a_review_snapshots_the_placements_in_its_scope(computed):
    review = _review(computed, org_unit=computed.p.unit_a)
    assert review.reviewed.count() == 4  # head_a, supervisor, employee, colleague
    assert review.members.count() == 2


def test_an_adjustment_needs_a_reason_and_writes_nothing_without_one(computed):
    p = computed.p
    review = _review(computed)
    with pytest.raises(ValidationError) as exc:
        box_adjust(actor=p.admin, review=review, employee=p.colleague, to_box=8, reason="  ")
    assert "reason" in exc.value.message_dict
    assert not BoxAdjustment.objects.exists()
    assert box_of(computed, p.colleague) == 5


def test_an_adjustment_moves_the_box_and_survives_a_recompute(computed):
    p = computed.p
    review = _review(computed)
    adj = box_adjust(
        actor=p.admin, review=review, employee=p.colleague, to_box=8, reason="Inovasi terbukti."
    )
    assert (adj.from_box, adj.to_box, adj.decided_by) == (5, 8, p.admin)
    assert box_of(computed, p.colleague) == 8
    placements_compute(year=computed.year)
    placement = TalentPlacement.objects.get(year=computed.year, employee=p.colleague)
    assert (placement.computed_box, placement.box) == (5, 8)


def test_a_decision_is_undone_only_by_another_recorded_decision(computed):
    p = computed.p
    review = _review(computed)
    adj = box_adjust(actor=p.admin, review=review, employee=p.colleague, to_box=8, reason="A")
    undo = adjustment_reverse(actor=p.admin, review=review, adjustment=adj, reason="Keliru data.")
    assert (undo.from_box, undo.to_box, undo.reverses) == (8, 5, adj)
    assert box_of(computed, p.colleague) == 5
    assert BoxAdjustment.objects.count() == 2


def test_an_unmappable_or_unreviewed_employee_cannot_be_moved(computed):
    p = computed.p
    review = _review(computed, org_unit=p.unit_a)
    with pytest.raises(ValidationError):
        box_adjust(actor=p.admin, review=review, employee=p.head_a, to_box=5, reason="x")
    with pytest.raises(ValidationError):  # outsider is in OPD B, not reviewed here
        box_adjust(actor=p.admin, review=review, employee=p.outsider, to_box=5, reason="x")


# --- succession -------------------------------------------------------------------------------


def test_the_incumbent_is_never_a_successor(computed):
    p = computed.p
    with pytest.raises(ValidationError):
        successor_add(
            actor=p.admin, position=p.head_position_a, employee=p.head_a, readiness="ready_now"
        )


def test_outside_the_pool_needs_a_written_reason(computed):
    p = computed.p  # colleague is in box 5
    with pytest.raises(ValidationError) as exc:
        successor_add(
            actor=p.admin, position=p.supervisor_position, employee=p.colleague,
            readiness="three_plus",
        )  # fmt: skip
    assert "outside_pool_reason" in exc.value.message_dict
    assert not Successor.objects.exists()
    s = successor_add(
        actor=p.admin, position=p.supervisor_position, employee=p.colleague,
        readiness="three_plus", outside_pool_reason="Satu-satunya perawat senior.",
    )  # fmt: skip
    assert s.box == 5


def test_a_pool_member_is_named_with_box_and_jpm(computed):
    p = computed.p
    s = successor_add(
        actor=p.admin, position=p.supervisor_position, employee=p.employee, readiness="ready_now"
    )
    # employee's levels are 5; the administrator default requires 3 → JPM 5/3 = 166.67
    assert (s.box, str(s.jpm), s.outside_pool_reason) == (9, "166.67", "")
    with pytest.raises(ValidationError):
        successor_add(
            actor=p.admin, position=p.supervisor_position, employee=p.employee,
            readiness="ready_now",
        )  # fmt: skip


def test_a_non_critical_post_needs_flagging_first(computed):
    p = computed.p
    with pytest.raises(ValidationError):
        successor_add(
            actor=p.admin, position=p.staff_position, employee=p.employee, readiness="ready_now"
        )
    with pytest.raises(ValidationError):
        critical_position_add(actor=p.admin, position=p.staff_position, reason="")
    critical_position_add(actor=p.admin, position=p.staff_position, reason="Layanan inti.")
    successor_add(
        actor=p.admin, position=p.staff_position, employee=p.outsider, readiness="one_two_years"
    )


def test_risk_flag_clears_with_a_ready_now_successor(computed):
    p = computed.p
    today = dt.date(2026, 12, 7)
    p.head_a.birth_date = dt.date(1968, 6, 1)  # BUP 60 (JPT) → retires 1 Jul 2028
    p.head_a.save()
    [row] = bench([p.head_position_a], today=today)
    assert row.retires_on == dt.date(2028, 7, 1)
    assert row.at_risk
    successor_add(
        actor=p.admin, position=p.head_position_a, employee=p.supervisor, readiness="one_two_years"
    )
    assert bench([p.head_position_a], today=today)[0].at_risk
    successor_add(
        actor=p.admin, position=p.head_position_a, employee=p.employee, readiness="ready_now"
    )
    [row] = bench([p.head_position_a], today=today)
    assert (row.ready_now, row.successors, row.at_risk) == (1, 2, False)


def test_candidates_come_from_the_pool_ranked_by_jpm_then_box(computed):
    p = computed.p
    names = [c.placement.employee for c in candidates_for(p.head_position_a)]
    # JPT draws on JPT and administrator levels: only the supervisor (box 8) is in the pool there
    assert names == [p.supervisor]
    names = [c.placement.employee for c in candidates_for(p.supervisor_position)]
    assert p.supervisor not in names  # the incumbent


def test_a_development_action_links_the_plan_item_of_the_programme(computed):
    p = computed.p
    successor = successor_add(
        actor=p.admin, position=p.supervisor_position, employee=p.employee, readiness="ready_now"
    )
    provider = Provider.objects.create(name="BPSDM", kind="internal")
    programme = make_programme(
        code="PKA-1", title="Pelatihan Kepemimpinan Administrator", provider=provider
    )
    plan = DevelopmentPlan.objects.create(employee=p.employee, year=computed.year)
    item = DevelopmentPlanItem.objects.create(
        plan=plan, kind="training", programme=programme, target_date=dt.date(computed.year, 9, 1)
    )
    action = successor_action_add(
        actor=p.admin,
        successor=successor,
        description="",
        target_date=dt.date(computed.year, 10, 1),
        programme=programme,
    )
    assert (action.plan_item, action.description) == (item, programme.title)
    with pytest.raises(ValidationError):
        successor_action_add(actor=p.admin, successor=successor, description="x", target_date=None)


def test_agency_summary_counts_ready_share_and_pool(computed):
    p = computed.p
    successor_add(
        actor=p.admin, position=p.head_position_a, employee=p.supervisor, readiness="ready_now"
    )
    rows = bench([p.head_position_a, p.head_position_b, p.supervisor_position])
    summary = agency_summary(p.admin, rows)
    assert (summary.critical, summary.with_ready_now) == (3, 1)
    assert str(summary.ready_share) == "33.3"
    assert summary.pool_by_level == {"Pelaksana": 2, "Administrator": 1}
    assert dict(summary.pool_by_unit) == {"Dinas Kesehatan": 2, "Dinas Pendidikan": 1}
