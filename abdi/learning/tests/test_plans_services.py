"""Development plans: the proposal from gaps and evaluations, the items, the agreement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from abdi.competency import services as competency_services
from abdi.competency.models import Competency
from abdi.core.models import Notification
from abdi.learning.choices import (
    PlanItemKind,
    PlanItemSource,
    PlanItemStatus,
    PlanStatus,
    ProgrammeCategory,
    ProgrammeMode,
    RegistrationStatus,
)
from abdi.learning.models import (
    Course,
    DevelopmentPlan,
    DevelopmentPlanItem,
    Provider,
    Registration,
)
from abdi.learning.services import plans as svc
from abdi.learning.testing import make_programme, make_session

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def comps(db):
    return list(Competency.objects.filter(kind="managerial").order_by("order"))[:3]


@pytest.fixture
def provider(db):
    return Provider.objects.create(name="BKPSDM", kind="internal")


@pytest.fixture
def gapped(personas, comps):
    """The employee's position requires a 3, b 2, c 2; assessed a 1 (gap 2), b 2 (no gap);
    c never assessed (gap 2)."""
    a, b, c = comps
    competency_services.position_standard_set(
        actor=personas.admin, position=personas.staff_position, levels={a.pk: 3, b.pk: 2, c.pk: 2}
    )
    assess(personas, {a.pk: 1, b.pk: 2})
    return comps


def assess(p, levels, date=None):
    return competency_services.assessment_record(
        actor=p.admin,
        employee=p.employee,
        date=date or TODAY - dt.timedelta(days=30),
        method="competency_test",
        assessor="UPT Penilaian",
        levels=levels,
    )


def items_by_competency(plan):
    return {i.competency_id: i for i in plan.items.all() if i.competency_id}


def agreed_plan(p, *items):
    plan = DevelopmentPlan.objects.create(employee=p.employee, year=YEAR)
    for kind in items or (PlanItemKind.COACHING,):
        DevelopmentPlanItem.objects.create(
            plan=plan, kind=kind, description="Belajar", target_date=dt.date(YEAR, 12, 1)
        )
    svc.plan_submit(actor=p.employee.user, plan=plan)
    return svc.plan_agree(actor=p.supervisor.user, plan=plan)


def notices(employee, verb):
    return Notification.objects.filter(user=employee.user, verb=verb)


# --- proposal ------------------------------------------------------------------------------


def test_proposal_makes_one_gap_item_per_competency_below_standard(personas, gapped):
    a, b, c = gapped
    result = svc.plan_propose(actor=personas.employee.user, employee=personas.employee, year=YEAR)
    plan = result.plan
    assert plan.status == PlanStatus.DRAFT and plan.year == YEAR
    items = items_by_competency(plan)
    assert set(items) == {a.pk, c.pk}
    assert items[a.pk].gap == 2 and items[a.pk].source == PlanItemSource.GAP
    assert "belum diases" in items[c.pk].description
    assert all(i.target_date.year == YEAR for i in items.values())
    assert len(result.added) == 2


def test_proposal_without_a_programme_is_coaching_for_gap_one_mentoring_for_more(personas, comps):
    a, b, _c = comps
    competency_services.position_standard_set(
        actor=personas.admin, position=personas.staff_position, levels={a.pk: 3, b.pk: 3}
    )
    assess(personas, {a.pk: 2, b.pk: 1})
    plan = svc.plan_propose(
        actor=personas.employee.user, employee=personas.employee, year=YEAR
    ).plan
    items = items_by_competency(plan)
    assert items[a.pk].kind == PlanItemKind.COACHING and items[a.pk].programme is None
    assert items[b.pk].kind == PlanItemKind.MENTORING


def test_proposal_picks_the_programme_that_reaches_the_level_can_be_taken_and_fits_best(
    personas, gapped, provider
):
    a = gapped[0]  # required 3
    make_programme(code="LOW", title="A rendah", provider=provider, competency=a, level=2)
    make_session(
        make_programme(code="HIGH", title="B tinggi", provider=provider, competency=a, level=5),
        today=TODAY,
    )
    make_programme(code="NOSESS", title="C pas tanpa sesi", provider=provider, competency=a)
    best = make_programme(code="BEST", title="D pas dengan sesi", provider=provider, competency=a)
    session = make_session(best, today=TODAY, start_date=dt.date(YEAR, 12, 10))
    session.end_date = dt.date(YEAR, 12, 12)
    session.save()
    make_session(
        make_programme(
            code="OFF", title="0 nonaktif", provider=provider, competency=a, is_active=False
        ),
        today=TODAY,
    )
    plan = svc.plan_propose(
        actor=personas.employee.user, employee=personas.employee, year=YEAR
    ).plan
    item = items_by_competency(plan)[a.pk]
    assert item.programme == best
    assert item.kind == PlanItemKind.TRAINING
    assert item.target_date == dt.date(YEAR, 12, 12)  # the session's end


def test_an_elearning_course_counts_as_available_and_gives_the_kind(personas, gapped, provider):
    a = gapped[0]
    make_programme(code="CLS", title="A kelas tanpa sesi", provider=provider, competency=a)
    online = make_programme(
        code="EL",
        title="Z e-learning",
        provider=provider,
        competency=a,
        mode=ProgrammeMode.ELEARNING,
        category=ProgrammeCategory.TECHNICAL,
    )
    Course.objects.create(programme=online, is_published=True)
    plan = svc.plan_propose(
        actor=personas.employee.user, employee=personas.employee, year=YEAR
    ).plan
    item = items_by_competency(plan)[a.pk]
    assert (item.programme, item.kind) == (online, PlanItemKind.ELEARNING)
    assert item.target_date.year == YEAR


def test_proposing_again_duplicates_nothing_refreshes_and_withdraws_untouched_items(
    personas, gapped
):
    a, _b, c = gapped
    employee, user = personas.employee, personas.employee.user
    svc.plan_propose(actor=user, employee=employee, year=YEAR)
    again = svc.plan_propose(actor=user, employee=employee, year=YEAR)
    assert again.added == [] and again.refreshed == [] and again.withdrawn == 0
    assert again.plan.items.count() == 2
    # a improves to 2 (gap 1); c is assessed at the standard (gap closed).
    assess(personas, {a.pk: 2, c.pk: 2}, date=TODAY)
    third = svc.plan_propose(actor=user, employee=employee, year=YEAR)
    items = items_by_competency(third.plan)
    assert set(items) == {a.pk}
    assert items[a.pk].gap == 1 and items[a.pk].kind == PlanItemKind.COACHING
    assert third.withdrawn == 1 and len(third.refreshed) == 1


def test_proposal_leaves_hand_edited_items_and_items_of_a_competency_already_planned(
    personas, gapped
):
    a, _b, c = gapped
    employee, user = personas.employee, personas.employee.user
    plan = svc.plan_propose(actor=user, employee=employee, year=YEAR).plan
    item_a = items_by_competency(plan)[a.pk]
    svc.plan_item_update(
        actor=user,
        item=item_a,
        kind=PlanItemKind.SECONDMENT,
        target_date=dt.date(YEAR, 12, 20),
        competency=a,
        description="Magang di BKPSDM",
    )
    svc.plan_item_remove(actor=user, item=items_by_competency(plan)[c.pk])
    svc.plan_item_add(
        actor=user,
        plan=plan,
        kind=PlanItemKind.SEMINAR,
        competency=c,
        target_date=dt.date(YEAR, 12, 5),
    )
    assess(personas, {a.pk: 3, c.pk: 1}, date=TODAY)  # a's gap closes; c's stays
    result = svc.plan_propose(actor=user, employee=employee, year=YEAR)
    items = items_by_competency(result.plan)
    assert items[a.pk].kind == PlanItemKind.SECONDMENT and items[a.pk].gap == 2  # untouched
    assert items[c.pk].source == PlanItemSource.MANUAL  # no gap item beside the manual one
    assert result.plan.items.count() == 2 and result.added == [] and result.withdrawn == 0


def test_proposal_never_touches_items_that_are_no_longer_planned(personas, gapped):
    a = gapped[0]
    user = personas.employee.user
    plan = svc.plan_propose(actor=user, employee=personas.employee, year=YEAR).plan
    svc.plan_submit(actor=user, plan=plan)
    svc.plan_agree(actor=personas.supervisor.user, plan=plan)
    item_a = items_by_competency(plan)[a.pk]
    svc.plan_item_set_status(actor=user, item=item_a, status=PlanItemStatus.IN_PROGRESS)
    svc.plan_item_add(
        actor=user,
        plan=plan,
        kind=PlanItemKind.COACHING,
        description="Coaching menulis",
        target_date=dt.date(YEAR, 12, 1),
    )  # reopens the plan
    assess(personas, {a.pk: 3}, date=TODAY)  # a's gap closes
    result = svc.plan_propose(actor=user, employee=personas.employee, year=YEAR)
    item_a.refresh_from_db()
    assert item_a.status == PlanItemStatus.IN_PROGRESS and result.withdrawn == 0


def _evaluation(p, rating_work="below", rating_behaviour="meets", status="released"):
    from abdi.performance.models import Evaluation
    from abdi.performance.testing import approved_skp_chain, period

    chain = approved_skp_chain(p, year=YEAR)
    return Evaluation.objects.create(
        skp=chain.employee,
        period=period(f"{YEAR}-Q1"),
        work_result_rating=rating_work,
        behaviour_rating=rating_behaviour,
        predikat="butuh_perbaikan",
        evaluator=p.supervisor,
        status=status,
        released_at=timezone.now(),
    )


def test_an_evaluation_below_expectation_proposes_one_coaching_item(personas):
    evaluation = _evaluation(personas)
    user = personas.employee.user
    first = svc.plan_propose(actor=user, employee=personas.employee, year=YEAR)
    coaching = first.plan.items.get(source=PlanItemSource.EVALUATION)
    assert coaching.kind == PlanItemKind.COACHING and coaching.competency is None
    assert "hasil kerja di bawah ekspektasi" in coaching.description
    assert evaluation.period.code in coaching.description
    assert coaching.target_date.year == YEAR
    svc.plan_propose(actor=user, employee=personas.employee, year=YEAR)
    assert first.plan.items.filter(source=PlanItemSource.EVALUATION).count() == 1


def test_a_draft_evaluation_proposes_nothing(personas):
    _evaluation(personas, status="draft")
    plan = svc.plan_propose(
        actor=personas.employee.user, employee=personas.employee, year=YEAR
    ).plan
    assert not plan.items.filter(source=PlanItemSource.EVALUATION).exists()


def test_the_supervisor_may_propose_others_may_not(personas, gapped):
    plan = svc.plan_propose(
        actor=personas.supervisor.user, employee=personas.employee, year=YEAR
    ).plan
    assert plan.items.count() == 2
    for who in (personas.colleague.user, personas.outsider.user, personas.admin, personas.leader):
        with pytest.raises(PermissionDenied):
            svc.plan_propose(actor=who, employee=personas.employee, year=YEAR)


def test_proposal_refusals_year_and_state(personas, gapped):
    user = personas.employee.user
    with pytest.raises(ValidationError, match="tahun"):
        svc.plan_propose(actor=user, employee=personas.employee, year=YEAR - 1)
    assert not DevelopmentPlan.objects.exists()
    plan = svc.plan_propose(actor=user, employee=personas.employee, year=YEAR + 1).plan
    assert all(i.target_date.year == YEAR + 1 for i in plan.items.all())
    svc.plan_submit(actor=user, plan=plan)
    with pytest.raises(ValidationError, match="menunggu persetujuan"):
        svc.plan_propose(actor=user, employee=personas.employee, year=YEAR + 1)


# --- items ---------------------------------------------------------------------------------


@pytest.fixture
def draft(personas):
    return svc.plan_start(actor=personas.employee.user, employee=personas.employee, year=YEAR)


def test_item_add_validates_everything_before_writing(personas, draft, provider, comps):
    user = personas.employee.user
    retired = make_programme(code="OLD", title="Lama", provider=provider, is_active=False)
    with pytest.raises(ValidationError) as exc:
        svc.plan_item_add(
            actor=user,
            plan=draft,
            kind="holiday",
            target_date=dt.date(YEAR + 1, 1, 5),
            programme=retired,
        )
    errors = exc.value.message_dict
    assert "Pilih bentuk" in errors["kind"][0]
    assert f"tahun rencana ({YEAR})" in errors["target_date"][0]
    assert "tidak aktif" in errors["programme"][0]
    with pytest.raises(ValidationError, match="Isi kompetensi, program, atau uraian"):
        svc.plan_item_add(
            actor=user, plan=draft, kind=PlanItemKind.COACHING, target_date=dt.date(YEAR, 6, 1)
        )
    with pytest.raises(ValidationError, match="wajib"):
        svc.plan_item_add(actor=user, plan=draft, kind=PlanItemKind.COACHING, target_date=None)
    assert not draft.items.exists()
    item = svc.plan_item_add(
        actor=user,
        plan=draft,
        kind=PlanItemKind.MENTORING,
        competency=comps[0],
        target_date=dt.date(YEAR, 12, 31),
    )
    assert item.source == PlanItemSource.MANUAL and item.programme is None


def test_only_the_employee_and_superiors_edit_items(personas, draft):
    for who in (personas.supervisor.user, personas.head_a.user):
        svc.plan_item_add(
            actor=who,
            plan=draft,
            kind=PlanItemKind.COACHING,
            description="Coaching",
            target_date=dt.date(YEAR, 12, 1),
        )
    item = draft.items.first()
    for who in (personas.colleague.user, personas.admin, personas.operator, personas.outsider.user):
        with pytest.raises(PermissionDenied):
            svc.plan_item_add(
                actor=who,
                plan=draft,
                kind=PlanItemKind.COACHING,
                description="x",
                target_date=dt.date(YEAR, 12, 1),
            )
        with pytest.raises(PermissionDenied):
            svc.plan_item_remove(actor=who, item=item)


def test_no_item_changes_while_the_plan_waits_for_the_supervisor(personas, draft):
    user = personas.employee.user
    item = svc.plan_item_add(
        actor=user,
        plan=draft,
        kind=PlanItemKind.COACHING,
        description="Coaching",
        target_date=dt.date(YEAR, 12, 1),
    )
    svc.plan_submit(actor=user, plan=draft)
    with pytest.raises(ValidationError, match="menunggu persetujuan"):
        svc.plan_item_add(
            actor=user,
            plan=draft,
            kind=PlanItemKind.COACHING,
            description="x",
            target_date=dt.date(YEAR, 12, 1),
        )
    with pytest.raises(ValidationError, match="menunggu persetujuan"):
        svc.plan_item_update(
            actor=personas.supervisor.user,
            item=item,
            kind=PlanItemKind.MENTORING,
            description="y",
            target_date=dt.date(YEAR, 12, 1),
        )
    with pytest.raises(ValidationError, match="menunggu persetujuan"):
        svc.plan_item_remove(actor=user, item=item)
    assert draft.items.count() == 1


def test_adding_to_an_agreed_plan_reopens_it_but_editing_or_removing_is_refused(personas):
    plan = agreed_plan(personas)
    item = plan.items.get()
    with pytest.raises(ValidationError, match="sudah disepakati"):
        svc.plan_item_update(
            actor=personas.employee.user,
            item=item,
            kind=PlanItemKind.MENTORING,
            description="y",
            target_date=dt.date(YEAR, 12, 1),
        )
    with pytest.raises(ValidationError, match="sudah disepakati"):
        svc.plan_item_remove(actor=personas.employee.user, item=item)
    svc.plan_item_add(
        actor=personas.employee.user,
        plan=plan,
        kind=PlanItemKind.SEMINAR,
        description="Seminar nasional",
        target_date=dt.date(YEAR, 12, 15),
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and plan.agreed_by is None and plan.agreed_at is None
    assert notices(personas.supervisor, "idp_reopened").count() == 1


def test_remove_refuses_started_items_and_items_linked_to_a_registration(personas, provider):
    from abdi.learning.testing import build_learning_world

    world = build_learning_world(personas)
    user = personas.employee.user
    Registration.objects.filter(pk=world.pending.pk).update(plan_item=world.plan_item)
    with pytest.raises(ValidationError, match="dikaitkan dengan pendaftaran"):
        svc.plan_item_remove(actor=user, item=world.plan_item)
    DevelopmentPlanItem.objects.filter(pk=world.plan_item.pk).update(
        status=PlanItemStatus.IN_PROGRESS
    )
    world.plan_item.refresh_from_db()
    with pytest.raises(ValidationError, match="masih direncanakan atau batal"):
        svc.plan_item_remove(actor=user, item=world.plan_item)
    done = DevelopmentPlanItem.objects.create(
        plan=world.plan,
        kind=PlanItemKind.COACHING,
        description="x",
        target_date=dt.date(YEAR, 12, 1),
        status=PlanItemStatus.DONE,
    )
    with pytest.raises(ValidationError, match="sudah selesai"):
        svc.plan_item_update(
            actor=user,
            item=done,
            kind=PlanItemKind.COACHING,
            description="y",
            target_date=dt.date(YEAR, 12, 1),
        )
    assert (
        Registration.objects.get(pk=world.pending.pk).status
        == RegistrationStatus.PENDING_SUPERVISOR
    )


def test_status_moves_after_agreement_with_notice_to_the_other_party(personas, provider):
    plan = agreed_plan(personas, PlanItemKind.COACHING)
    item = plan.items.get()
    user, boss = personas.employee.user, personas.supervisor.user
    svc.plan_item_set_status(actor=user, item=item, status=PlanItemStatus.IN_PROGRESS)
    assert notices(personas.supervisor, "idp_item_status").count() == 1
    with pytest.raises(ValidationError, match="Hanya atasan"):
        svc.plan_item_set_status(actor=user, item=item, status=PlanItemStatus.DONE)
    svc.plan_item_set_status(actor=boss, item=item, status=PlanItemStatus.DONE)
    assert notices(personas.employee, "idp_item_status").count() == 1
    with pytest.raises(ValidationError, match="sudah selesai"):
        svc.plan_item_set_status(actor=boss, item=item, status=PlanItemStatus.PLANNED)
    with pytest.raises(ValidationError, match="tidak dikenal"):
        svc.plan_item_set_status(actor=boss, item=item, status="lost")


def test_status_refusals(personas, provider, draft):
    user = personas.employee.user
    item = svc.plan_item_add(
        actor=user,
        plan=draft,
        kind=PlanItemKind.TRAINING,
        programme=make_programme(code="P1", title="Program", provider=provider),
        target_date=dt.date(YEAR, 12, 1),
    )
    with pytest.raises(ValidationError, match="setelah rencana disepakati"):
        svc.plan_item_set_status(actor=user, item=item, status=PlanItemStatus.IN_PROGRESS)
    svc.plan_submit(actor=user, plan=draft)
    svc.plan_agree(actor=personas.supervisor.user, plan=draft)
    with pytest.raises(ValidationError, match="selesai dengan sendirinya"):
        svc.plan_item_set_status(
            actor=personas.supervisor.user, item=item, status=PlanItemStatus.DONE
        )
    svc.plan_item_set_status(actor=user, item=item, status=PlanItemStatus.CANCELLED)
    with pytest.raises(ValidationError, match="tidak dapat diubah dari"):
        svc.plan_item_set_status(actor=user, item=item, status=PlanItemStatus.IN_PROGRESS)
    svc.plan_item_set_status(actor=user, item=item, status=PlanItemStatus.PLANNED)
    with pytest.raises(PermissionDenied):
        svc.plan_item_set_status(
            actor=personas.colleague.user, item=item, status=PlanItemStatus.CANCELLED
        )


# --- agreement -----------------------------------------------------------------------------


def test_submit_needs_an_item_that_is_not_cancelled(personas, draft):
    user = personas.employee.user
    with pytest.raises(ValidationError, match="minimal satu butir"):
        svc.plan_submit(actor=user, plan=draft)
    DevelopmentPlanItem.objects.create(
        plan=draft,
        kind=PlanItemKind.COACHING,
        description="x",
        target_date=dt.date(YEAR, 12, 1),
        status=PlanItemStatus.CANCELLED,
    )
    with pytest.raises(ValidationError, match="minimal satu butir"):
        svc.plan_submit(actor=user, plan=draft)
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT


def test_submit_snapshots_the_supervisor_and_tells_them(personas, draft):
    DevelopmentPlanItem.objects.create(
        plan=draft, kind=PlanItemKind.COACHING, description="x", target_date=dt.date(YEAR, 9, 1)
    )
    with pytest.raises(PermissionDenied):
        svc.plan_submit(actor=personas.supervisor.user, plan=draft)
    svc.plan_submit(actor=personas.employee.user, plan=draft)
    draft.refresh_from_db()
    assert draft.status == PlanStatus.SUBMITTED and draft.submitted_at is not None
    assert draft.supervisor == personas.supervisor
    note = notices(personas.supervisor, "idp_submitted").get()
    assert note.url.endswith(f"/{draft.pk}/") and personas.employee.name in note.message
    with pytest.raises(ValidationError, match="sudah diajukan"):
        svc.plan_submit(actor=personas.employee.user, plan=draft)


def test_submit_without_a_supervisor_in_the_tree_is_refused(personas):
    head = personas.head_a
    plan = svc.plan_start(actor=head.user, employee=head, year=YEAR)
    DevelopmentPlanItem.objects.create(
        plan=plan, kind=PlanItemKind.COACHING, description="x", target_date=dt.date(YEAR, 9, 1)
    )
    with pytest.raises(ValidationError, match="Atasan Anda belum tercatat"):
        svc.plan_submit(actor=head.user, plan=plan)


def test_agree_by_a_superior_only(personas, draft):
    DevelopmentPlanItem.objects.create(
        plan=draft, kind=PlanItemKind.COACHING, description="x", target_date=dt.date(YEAR, 9, 1)
    )
    with pytest.raises(ValidationError, match="sedang diajukan"):
        svc.plan_agree(actor=personas.supervisor.user, plan=draft)
    svc.plan_submit(actor=personas.employee.user, plan=draft)
    for who in (personas.employee.user, personas.colleague.user, personas.admin, personas.leader):
        with pytest.raises(PermissionDenied):
            svc.plan_agree(actor=who, plan=draft)
    svc.plan_agree(actor=personas.head_a.user, plan=draft)  # a superior above the supervisor
    draft.refresh_from_db()
    assert draft.status == PlanStatus.AGREED and draft.agreed_by == personas.head_a.user
    assert draft.agreed_at is not None
    assert notices(personas.employee, "idp_agreed").count() == 1


def test_return_needs_a_note_and_the_employee_can_submit_again(personas, draft):
    DevelopmentPlanItem.objects.create(
        plan=draft, kind=PlanItemKind.COACHING, description="x", target_date=dt.date(YEAR, 9, 1)
    )
    svc.plan_submit(actor=personas.employee.user, plan=draft)
    boss = personas.supervisor.user
    with pytest.raises(ValidationError, match="catatan pengembalian"):
        svc.plan_return(actor=boss, plan=draft, note="   ")
    with pytest.raises(PermissionDenied):
        svc.plan_return(actor=personas.employee.user, plan=draft, note="x")
    draft.refresh_from_db()
    assert draft.status == PlanStatus.SUBMITTED
    svc.plan_return(actor=boss, plan=draft, note="Tambahkan pelatihan teknis.")
    draft.refresh_from_db()
    assert (
        draft.status == PlanStatus.RETURNED and draft.return_note == "Tambahkan pelatihan teknis."
    )
    assert "Tambahkan pelatihan teknis." in notices(personas.employee, "idp_returned").get().message
    svc.plan_item_add(
        actor=personas.employee.user,
        plan=draft,
        kind=PlanItemKind.TRAINING,
        description="Pelatihan teknis",
        target_date=dt.date(YEAR, 11, 30),
    )
    svc.plan_submit(actor=personas.employee.user, plan=draft)
    assert DevelopmentPlan.objects.get(pk=draft.pk).status == PlanStatus.SUBMITTED


def test_plan_start_is_idempotent_and_checks_who_and_when(personas):
    user = personas.employee.user
    first = svc.plan_start(actor=user, employee=personas.employee, year=YEAR)
    assert svc.plan_start(actor=user, employee=personas.employee, year=YEAR) == first
    with pytest.raises(ValidationError):
        svc.plan_start(actor=user, employee=personas.employee, year=YEAR + 2)
    with pytest.raises(PermissionDenied):
        svc.plan_start(actor=personas.admin, employee=personas.employee, year=YEAR)
