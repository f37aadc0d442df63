"""Registration services: every rule and every refusal (docs/decisions/0030, 0031)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from abdi.core.models import Notification
from abdi.learning.choices import RegistrationAction, RegistrationStatus, SessionApproval
from abdi.learning.models import (
    DevelopmentPlan,
    DevelopmentPlanItem,
    Registration,
)
from abdi.learning.services import registration as svc
from abdi.learning.services.registration import workflow
from abdi.learning.testing import (
    build_learning_world,
    open_session,
    running_session,
)
from abdi.learning.testing import (
    confirmed_registration as confirmed,
)
from abdi.learning.testing import (
    registration_actions as actions,
)

S = RegistrationStatus
A = RegistrationAction


@pytest.fixture
def world(personas):
    return build_learning_world(personas)


@pytest.fixture
def today():
    return timezone.localdate()


# ------------------------------------------------------------------ the default path


@pytest.mark.django_db
def test_self_registration_waits_for_the_supervisor_who_is_told(
    personas, world, today, django_capture_on_commit_callbacks
):
    session = open_session(world, today)
    # The notice is written after the commit (ADR 0066).
    with django_capture_on_commit_callbacks(execute=True):
        reg = svc.registration_create(
            actor=personas.employee.user,
            session=session,
            motivation="  Untuk tugas layanan  ",
            plan_item=world.plan_item,
        )
    assert reg.status == S.PENDING_SUPERVISOR
    assert reg.motivation == "Untuk tugas layanan" and reg.plan_item == world.plan_item
    assert reg.nominated_by is None
    assert actions(reg) == [A.REGISTERED]
    assert reg.steps.get().actor == personas.employee.user
    assert Notification.objects.filter(user=personas.supervisor.user).count() == 1


@pytest.mark.django_db
def test_supervisor_approval_then_bkpsdm_confirmation_takes_a_seat(
    personas, world, today, django_capture_on_commit_callbacks
):
    session = open_session(world, today)
    reg = svc.registration_create(actor=personas.employee.user, session=session)
    svc.registration_approve(actor=personas.supervisor.user, registration=reg)
    reg.refresh_from_db()
    assert reg.status == S.PENDING_BKPSDM and reg.confirmed_at is None
    assert Notification.objects.filter(
        user=personas.employee.user, verb="supervisor_approved"
    ).exists()
    with django_capture_on_commit_callbacks(execute=True):  # the seat's notice: after the commit
        svc.registration_confirm(actor=personas.admin, registration=reg)
    reg.refresh_from_db()
    assert reg.status == S.CONFIRMED and reg.confirmed_at is not None
    assert actions(reg) == [A.REGISTERED, A.SUPERVISOR_APPROVED, A.CONFIRMED]
    assert reg.steps.last().actor == personas.admin
    assert Notification.objects.filter(user=personas.employee.user, verb=S.CONFIRMED).exists()


@pytest.mark.django_db
def test_superior_higher_up_may_approve_too(personas, world, today):
    session = open_session(world, today)
    reg = svc.registration_create(actor=personas.employee.user, session=session)
    svc.registration_approve(actor=personas.head_a.user, registration=reg)
    assert reg.status == S.PENDING_BKPSDM


@pytest.mark.django_db
def test_supervisor_only_session_takes_the_seat_at_the_supervisor_approval(personas, world, today):
    session = open_session(world, today, approval=SessionApproval.SUPERVISOR)
    reg = svc.registration_create(actor=personas.employee.user, session=session)
    assert reg.status == S.PENDING_SUPERVISOR
    svc.registration_approve(actor=personas.supervisor.user, registration=reg)
    reg.refresh_from_db()
    assert reg.status == S.CONFIRMED
    assert actions(reg) == [A.REGISTERED, A.SUPERVISOR_APPROVED, A.CONFIRMED]


@pytest.mark.django_db
def test_open_session_confirms_at_once_then_waitlists_when_full(
    personas, world, today, django_capture_on_commit_callbacks
):
    session = open_session(world, today, approval=SessionApproval.NONE, quota=1)
    with django_capture_on_commit_callbacks(execute=True):  # the notices: after the commit
        first = svc.registration_create(actor=personas.employee.user, session=session)
        second = svc.registration_create(actor=personas.colleague.user, session=session)
    assert (first.status, second.status) == (S.CONFIRMED, S.WAITLISTED)
    assert second.waitlisted_at is not None and second.confirmed_at is None
    assert actions(first) == [A.REGISTERED, A.CONFIRMED]
    assert actions(second) == [A.REGISTERED, A.WAITLISTED]
    assert Notification.objects.filter(user=personas.colleague.user, verb=S.WAITLISTED).exists()
    # History never shows a status the registration did not have.
    assert set(first.history.values_list("status", flat=True)) == {S.CONFIRMED}


@pytest.mark.django_db
def test_a_pending_request_does_not_hold_a_seat(personas, world, today):
    session = open_session(world, today, quota=1)
    waiting_for_boss = svc.registration_create(actor=personas.employee.user, session=session)
    other = svc.registration_create(actor=personas.colleague.user, session=session)
    svc.registration_approve(actor=personas.supervisor.user, registration=other)
    svc.registration_confirm(actor=personas.admin, registration=other)
    assert other.status == S.CONFIRMED
    svc.registration_approve(actor=personas.supervisor.user, registration=waiting_for_boss)
    svc.registration_confirm(actor=personas.admin, registration=waiting_for_boss)
    assert waiting_for_boss.status == S.WAITLISTED


@pytest.mark.django_db
def test_employee_without_supervisor_skips_the_supervisor_step(personas, world, today):
    session = open_session(world, today)
    reg = svc.registration_create(actor=personas.head_a.user, session=session)
    assert reg.status == S.PENDING_BKPSDM
    assert "atasan" in reg.steps.get().note


# ------------------------------------------------------------------ nominations


@pytest.mark.django_db
def test_supervisor_nomination_skips_the_supervisor_step(
    personas, world, today, django_capture_on_commit_callbacks
):
    session = open_session(world, today)
    with django_capture_on_commit_callbacks(execute=True):  # the notice: after the commit
        reg = svc.registration_create(
            actor=personas.supervisor.user, session=session, employee=personas.colleague
        )
    assert reg.status == S.PENDING_BKPSDM and reg.nominated_by == personas.supervisor.user
    assert actions(reg) == [A.NOMINATED]
    assert Notification.objects.filter(user=personas.colleague.user, verb="nominated").exists()


@pytest.mark.django_db
def test_bkpsdm_nomination_has_every_approval(personas, world, today):
    session = open_session(world, today)
    reg = svc.registration_create(actor=personas.admin, session=session, employee=personas.outsider)
    assert reg.status == S.CONFIRMED
    assert actions(reg) == [A.NOMINATED, A.CONFIRMED]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["colleague", "outsider", "operator", "leader"])
def test_nominating_someone_not_ones_subordinate_is_refused(personas, world, today, who):
    session = open_session(world, today)
    with pytest.raises(PermissionDenied):
        svc.registration_create(
            actor=personas.user(who), session=session, employee=personas.employee
        )
    assert not session.registrations.exists()


@pytest.mark.django_db
def test_a_login_without_employee_record_cannot_register(personas, world, today):
    session = open_session(world, today)
    with pytest.raises(PermissionDenied):
        svc.registration_create(actor=personas.nobody, session=session)


# ------------------------------------------------------------------ refusals


def _refused(personas, session, match, **kwargs):
    before = Registration.objects.count()
    with pytest.raises(ValidationError, match=match):
        svc.registration_create(actor=personas.employee.user, session=session, **kwargs)
    assert Registration.objects.count() == before


@pytest.mark.django_db
def test_outside_the_registration_window(personas, world, today):
    early = open_session(world, today, registration_opens=today + dt.timedelta(days=1))
    _refused(personas, early, "belum dibuka")
    late = open_session(world, today, registration_closes=today - dt.timedelta(days=1))
    _refused(personas, late, "sudah ditutup")


@pytest.mark.django_db
def test_cancelled_or_started_session(personas, world, today):
    _refused(personas, open_session(world, today, is_cancelled=True), "dibatalkan")
    _refused(personas, running_session(world, today), "sudah dimulai")


@pytest.mark.django_db
def test_twice_is_refused_but_again_after_a_cancellation(personas, world, today):
    session = open_session(world, today)
    first = svc.registration_create(actor=personas.employee.user, session=session)
    _refused(personas, session, "sudah terdaftar")
    svc.registration_cancel(actor=personas.employee.user, registration=first)
    again = svc.registration_create(actor=personas.employee.user, session=session)
    assert again.status == S.PENDING_SUPERVISOR


@pytest.mark.django_db
def test_again_after_a_refusal(personas, world, today):
    svc.registration_reject(
        actor=personas.supervisor.user, registration=world.pending, reason="Beban kerja"
    )
    again = svc.registration_create(actor=personas.employee.user, session=world.session)
    assert again.pk != world.pending.pk


@pytest.mark.django_db
def test_the_constraint_catches_a_race_with_a_clear_message(personas, world, today, monkeypatch):
    monkeypatch.setattr(workflow, "registration_problems", lambda *a, **k: [])
    with pytest.raises(ValidationError, match="sudah terdaftar"):
        svc.registration_create(actor=personas.employee.user, session=world.session)
    assert Registration.objects.filter(session=world.session).count() == 1


@pytest.mark.django_db
def test_eligibility_by_employee_kind_position_kind_and_unit(personas, world, today):
    _refused(personas, open_session(world, today, eligible_employee_kinds=["pppk"]), "jenis ASN")
    _refused(
        personas,
        open_session(world, today, eligible_position_kinds=["administrator"]),
        "jenis jabatan",
    )
    only_b = open_session(world, today)
    only_b.eligible_units.add(personas.unit_b)
    _refused(personas, only_b, "unit tertentu")
    # The unit's subtree counts: OPD A covers the employee's bidang.
    whole_a = open_session(world, today, eligible_position_kinds=["pelaksana"])
    whole_a.eligible_units.add(personas.unit_a)
    assert svc.registration_create(actor=personas.employee.user, session=whole_a)


@pytest.mark.django_db
def test_inactive_employee_cannot_be_nominated(personas, world, today):
    personas.colleague.is_active = False
    personas.colleague.save()
    session = open_session(world, today)
    with pytest.raises(ValidationError, match="tidak aktif"):
        svc.registration_create(
            actor=personas.supervisor.user, session=session, employee=personas.colleague
        )


@pytest.mark.django_db
def test_plan_item_must_be_the_employees_own(personas, world, today):
    plan = DevelopmentPlan.objects.create(employee=personas.colleague, year=today.year)
    item = DevelopmentPlanItem.objects.create(
        plan=plan, kind="training", target_date=today + dt.timedelta(days=90)
    )
    _refused(personas, open_session(world, today), "bukan milik", plan_item=item)


@pytest.mark.django_db
def test_motivation_too_long(personas, world, today):
    _refused(personas, open_session(world, today), "paling banyak", motivation="x" * 2001)


# ------------------------------------------------------------------ approve, reject, confirm


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["colleague", "outsider", "admin", "employee", "nobody"])
def test_only_a_superior_approves(personas, world, who):
    with pytest.raises(PermissionDenied):
        svc.registration_approve(actor=personas.user(who), registration=world.pending)
    world.pending.refresh_from_db()
    assert world.pending.status == S.PENDING_SUPERVISOR


@pytest.mark.django_db
def test_approving_twice_is_refused(personas, world):
    svc.registration_approve(actor=personas.supervisor.user, registration=world.pending)
    with pytest.raises(ValidationError, match="tidak sedang menunggu persetujuan atasan"):
        svc.registration_approve(actor=personas.supervisor.user, registration=world.pending)


@pytest.mark.django_db
def test_supervisor_rejects_with_a_reason(personas, world):
    with pytest.raises(ValidationError, match="alasan"):
        svc.registration_reject(
            actor=personas.supervisor.user, registration=world.pending, reason=" "
        )
    svc.registration_reject(
        actor=personas.supervisor.user, registration=world.pending, reason="Beban kerja"
    )
    world.pending.refresh_from_db()
    assert world.pending.status == S.REJECTED
    step = world.pending.steps.last()
    assert (step.action, step.note, step.actor) == (
        A.SUPERVISOR_REJECTED,
        "Beban kerja",
        personas.supervisor.user,
    )
    assert Notification.objects.filter(
        user=personas.employee.user, verb="registration_rejected"
    ).exists()
    with pytest.raises(ValidationError, match="sudah diputuskan"):
        svc.registration_reject(actor=personas.admin, registration=world.pending, reason="x")


@pytest.mark.django_db
def test_bkpsdm_rejects_a_request_waiting_for_it(personas, world):
    svc.registration_approve(actor=personas.supervisor.user, registration=world.pending)
    with pytest.raises(PermissionDenied):
        svc.registration_reject(
            actor=personas.supervisor.user, registration=world.pending, reason="x"
        )
    svc.registration_reject(actor=personas.admin, registration=world.pending, reason="Kuota OPD")
    assert world.pending.steps.last().action == A.REJECTED


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["colleague", "leader", "auditor"])
def test_others_cannot_reject(personas, world, who):
    with pytest.raises(PermissionDenied):
        svc.registration_reject(actor=personas.user(who), registration=world.pending, reason="x")


@pytest.mark.django_db
def test_confirm_needs_bkpsdm_and_the_right_status(personas, world):
    with pytest.raises(ValidationError, match="konfirmasi BKPSDM"):
        svc.registration_confirm(actor=personas.admin, registration=world.pending)
    svc.registration_approve(actor=personas.supervisor.user, registration=world.pending)
    for who in ("supervisor", "operator", "leader"):
        with pytest.raises(PermissionDenied):
            svc.registration_confirm(actor=personas.user(who), registration=world.pending)
    svc.registration_confirm(actor=personas.admin, registration=world.pending)
    assert world.pending.status == S.CONFIRMED


@pytest.mark.django_db
def test_confirm_on_a_full_session_puts_on_the_waiting_list(personas, world, today):
    session = open_session(world, today, quota=1)
    confirmed(session, personas.colleague)
    reg = svc.registration_create(
        actor=personas.supervisor.user, session=session, employee=personas.employee
    )
    svc.registration_confirm(actor=personas.admin, registration=reg)
    assert reg.status == S.WAITLISTED
    assert actions(reg) == [A.NOMINATED, A.WAITLISTED]


# ------------------------------------------------------------------ cancel, waiting list


@pytest.mark.django_db
def test_cancelling_a_seat_promotes_the_first_on_the_waiting_list(personas, world, today):
    session = open_session(world, today, approval=SessionApproval.NONE, quota=1)
    holder = svc.registration_create(actor=personas.employee.user, session=session)
    first = svc.registration_create(actor=personas.colleague.user, session=session)
    second = svc.registration_create(actor=personas.outsider.user, session=session)
    # Same moment on the list: the lower pk goes first.
    Registration.objects.filter(pk__in=[first.pk, second.pk]).update(waitlisted_at=timezone.now())
    svc.registration_cancel(actor=personas.employee.user, registration=holder, reason="Sakit")
    holder.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert holder.status == S.CANCELLED and holder.steps.last().note == "Sakit"
    assert first.status == S.CONFIRMED and first.confirmed_at is not None
    assert second.status == S.WAITLISTED
    step = first.steps.last()
    assert (step.action, step.actor) == (A.PROMOTED, personas.employee.user)
    assert Notification.objects.filter(user=personas.colleague.user, verb="promoted").exists()


@pytest.mark.django_db
def test_cancelling_a_pending_request_promotes_nobody(personas, world, today):
    session = open_session(world, today, quota=1)
    confirmed(session, personas.colleague)
    waiting = Registration.objects.create(
        session=session, employee=personas.outsider, status=S.WAITLISTED,
        waitlisted_at=timezone.now(),
    )  # fmt: skip
    reg = svc.registration_create(actor=personas.employee.user, session=session)
    svc.registration_cancel(actor=personas.supervisor.user, registration=reg)
    waiting.refresh_from_db()
    assert waiting.status == S.WAITLISTED
    assert Notification.objects.filter(
        user=personas.employee.user, verb="registration_cancelled"
    ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["colleague", "outsider", "leader", "auditor", "operator"])
def test_others_cannot_cancel(personas, world, who):
    with pytest.raises(PermissionDenied):
        svc.registration_cancel(actor=personas.user(who), registration=world.pending)


@pytest.mark.django_db
def test_cancel_refusals(personas, world, today):
    with pytest.raises(ValidationError, match="sudah berakhir"):
        svc.registration_cancel(actor=personas.admin, registration=world.completed)
    started = confirmed(running_session(world, today), personas.colleague)
    with pytest.raises(ValidationError, match="sudah dimulai"):
        svc.registration_cancel(actor=personas.admin, registration=started)


@pytest.mark.django_db
def test_raised_quota_promotes_as_many_as_fit_in_order(personas, world, today):
    session = open_session(world, today, approval=SessionApproval.NONE, quota=1)
    regs = [
        svc.registration_create(actor=personas.user(who), session=session)
        for who in ("employee", "colleague", "outsider", "supervisor")
    ]
    assert [r.status for r in regs] == [S.CONFIRMED] + [S.WAITLISTED] * 3
    session.quota = 3
    session.save()
    with pytest.raises(PermissionDenied):
        svc.session_quota_changed(session=session, actor=personas.supervisor.user)
    promoted = svc.session_quota_changed(session=session, actor=personas.admin)
    assert [r.pk for r in promoted] == [regs[1].pk, regs[2].pk]
    regs[3].refresh_from_db()
    assert regs[3].status == S.WAITLISTED


@pytest.mark.django_db
def test_session_cancel_cancels_every_live_registration(personas, world, today):
    session = open_session(world, today, approval=SessionApproval.NONE, quota=1)
    a = svc.registration_create(actor=personas.employee.user, session=session)
    b = svc.registration_create(actor=personas.colleague.user, session=session)
    with pytest.raises(ValidationError, match="alasan"):
        svc.session_cancel(session=session, actor=personas.admin, reason="")
    with pytest.raises(PermissionDenied):
        svc.session_cancel(session=session, actor=personas.supervisor.user, reason="x")
    assert svc.session_cancel(session=session, actor=personas.admin, reason="Narasumber batal") == 2
    session.refresh_from_db()
    assert session.is_cancelled
    for reg in (a, b):
        reg.refresh_from_db()
        assert reg.status == S.CANCELLED and reg.steps.last().note == "Narasumber batal"
    assert Notification.objects.filter(verb="session_cancelled").count() == 2
    with pytest.raises(ValidationError, match="sudah dibatalkan"):
        svc.session_cancel(session=session, actor=personas.admin, reason="x")
    with pytest.raises(ValidationError, match="sudah dimulai"):
        svc.session_cancel(session=running_session(world, today), actor=personas.admin, reason="x")
