"""A registration's way to a seat: who may register or nominate, registering, the supervisor's approval, BKPSDM's confirmation, rejection and cancellation. Each service checks permission (PermissionDenied), validates everything before writing (ValidationError in Indonesian, nothing written), writes a RegistrationStep with the actor and notifies the people concerned; seats are taken in seats.py."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.accounts.models import User
from abdi.core.audit import records_actor
from abdi.core.notifications import Text, notify
from abdi.core.services import fail, require, user_of
from abdi.core.services import today as agency_today
from abdi.employees.models import Employee
from abdi.employees.permissions import own_employee
from abdi.employees.selectors import supervisor_of
from abdi.learning.choices import (
    CANCELLABLE,
    LIVE_REGISTRATION,
    PENDING,
    SEAT_HOLDING,
    RegistrationAction,
    RegistrationStatus,
    SessionApproval,
)
from abdi.learning.models import (
    DevelopmentPlanItem,
    Registration,
    RegistrationStep,
    TrainingSession,
)
from abdi.learning.permissions.common import ADMIN_ONLY, can_manage_learning, is_superior_of
from abdi.learning.permissions.registration import can_cancel
from abdi.learning.services.registration import seats

MOTIVATION_MAX = 2000


# ---------------------------------------------------------------- eligibility


def registration_problems(
    session: TrainingSession, employee: Employee, *, today: dt.date | None = None
) -> list[str]:
    """Why the employee may not register for the session now ([] = may). Also used by the
    session page to explain a missing "Daftar" button."""
    today = today or agency_today()
    problems: list[str] = []
    if session.is_cancelled:
        problems.append(_("Sesi ini dibatalkan."))
    elif today >= session.start_date:
        problems.append(_("Sesi ini sudah dimulai."))
    elif today < session.registration_opens:
        problems.append(
            _("Pendaftaran belum dibuka; dibuka %(date)s.")
            % {"date": date_format(session.registration_opens)}
        )
    elif today > session.registration_closes:
        problems.append(
            _("Pendaftaran sudah ditutup pada %(date)s.")
            % {"date": date_format(session.registration_closes)}
        )
    if not session.programme.is_active:
        problems.append(_("Program pelatihan ini tidak aktif."))
    if not employee.is_active:
        problems.append(_("Pegawai tidak aktif."))
    kinds = session.eligible_employee_kinds or []
    if kinds and employee.kind not in kinds:
        problems.append(_("Sesi ini tidak terbuka untuk jenis ASN pegawai ini."))
    position_kinds = session.eligible_position_kinds or []
    if position_kinds:
        position_kind = employee.position.kind if employee.position is not None else None
        if position_kind not in position_kinds:
            problems.append(_("Sesi ini tidak terbuka untuk jenis jabatan pegawai ini."))
    paths = [u.path for u in session.eligible_units.all()]
    if paths:
        unit_path = employee.org_unit.path if employee.org_unit_id else ""
        if not any(unit_path.startswith(p) for p in paths):
            problems.append(_("Sesi ini hanya untuk pegawai unit tertentu."))
    if Registration.objects.filter(
        session=session, employee=employee, status__in=LIVE_REGISTRATION
    ).exists():
        problems.append(_("Pegawai ini sudah terdaftar di sesi ini."))
    return problems


# ---------------------------------------------------------------- register, nominate


@records_actor
@transaction.atomic
def registration_create(
    *,
    actor: User,
    session: TrainingSession,
    employee: Employee | None = None,
    motivation: str = "",
    plan_item: DevelopmentPlanItem | None = None,
) -> Registration:
    """Self-registration (no `employee`, or the actor's own), a nomination by the employee's
    supervisor (skips the supervisor's approval) or by a BKPSDM admin (BKPSDM's own decision:
    skips every approval). Then the next status per `session.approval`; with every approval in,
    a seat or the waiting list."""
    me = own_employee(actor)
    if employee is None or (me is not None and employee.pk == me.pk):
        if me is None:
            raise PermissionDenied(_("Akun Anda tidak terhubung dengan data pegawai."))
        employee, by = me, "self"
    elif is_superior_of(actor, employee):
        by = "supervisor"
    elif can_manage_learning(actor):
        by = "bkpsdm"
    else:
        raise PermissionDenied(_("Anda hanya dapat mengusulkan bawahan Anda sendiri."))

    employee = Employee.objects.select_related("position", "org_unit", "user").get(pk=employee.pk)
    session = TrainingSession.objects.select_related("programme").get(pk=session.pk)
    problems = registration_problems(session, employee)
    motivation = (motivation or "").strip()
    if len(motivation) > MOTIVATION_MAX:
        problems.append(_("Alasan mengikuti paling banyak %(n)d karakter.") % {"n": MOTIVATION_MAX})
    if plan_item is not None and plan_item.plan.employee_id != employee.pk:
        problems.append(_("Butir rencana pengembangan itu bukan milik pegawai ini."))
    if problems:
        raise ValidationError(problems)

    needs_supervisor = by == "self" and session.approval in (
        SessionApproval.SUPERVISOR_AND_BKPSDM,
        SessionApproval.SUPERVISOR,
    )
    supervisor = supervisor_of(employee, on=agency_today()) if needs_supervisor else None
    no_supervisor = needs_supervisor and supervisor is None
    if needs_supervisor and not no_supervisor:
        status = RegistrationStatus.PENDING_SUPERVISOR
    elif by != "bkpsdm" and session.approval == SessionApproval.SUPERVISOR_AND_BKPSDM:
        status = RegistrationStatus.PENDING_BKPSDM
    else:
        status = None  # every approval in: a seat or the waiting list, below
    if by == "self":
        note = _("Tanpa atasan langsung: langkah atasan dilewati.") if no_supervisor else ""
        first_step = RegistrationStep(action=RegistrationAction.REGISTERED, actor=actor, note=note)
    else:
        first_step = RegistrationStep(action=RegistrationAction.NOMINATED, actor=actor)
    supervisor_user = user_of(supervisor)  # read now: nothing is fetched under the lock

    # Everything above reads without a lock. From the lock to the commit, every registration for
    # the session waits in line (a burst of 200 for 30 seats queues here), so only what depends
    # on the seat count or on a concurrent write follows, in five statements: the lock, the
    # count, the row and its history row, the steps (one insert); the notices are written
    # after the commit (ADR 0030, "Locking"; timings in 0040 and 0066).
    session = seats.lock_session(session)
    if session.is_cancelled:
        raise ValidationError(_("Sesi ini dibatalkan."))
    fields = {"status": status} if status else seats.seat_fields(session)
    try:
        # No savepoint around the insert (two more round trips under the lock): when the
        # constraint fires under a race, the ValidationError leaves this atomic block, which
        # rolls the whole registration back.
        registration = Registration.objects.create(
            session=session,
            employee=employee,
            **fields,
            nominated_by=None if by == "self" else actor,
            motivation=motivation,
            plan_item=plan_item,
        )
    except IntegrityError:
        raise ValidationError(_("Pegawai ini sudah terdaftar di sesi ini.")) from None
    first_step.registration = registration
    steps = [first_step]
    if status is None:
        steps.append(seats.seat_step(registration, actor))
    RegistrationStep.objects.bulk_create(steps)
    # The notices are written after the commit, out of the lock (ADR 0066).
    if by != "self":
        seats.notify_after_commit(
            user=user_of(employee),
            verb="nominated",
            message=Text(
                gettext_noop("Anda diusulkan mengikuti %(session)s."),
                {"session": seats.session_title(session)},
            ),
            url=lambda: seats.registration_url(registration),
        )
    if status == RegistrationStatus.PENDING_SUPERVISOR:
        seats.notify_after_commit(
            user=supervisor_user,
            verb="registration",
            message=Text(
                gettext_noop("%(name)s mendaftar %(session)s dan menunggu persetujuan Anda."),
                {"name": employee.name, "session": seats.session_title(session)},
            ),
            url=reverse("learning:approvals"),
        )
    elif status is None:
        seats.notify_seated(registration, session)
    return registration


# ---------------------------------------------------------------- approvals


@records_actor
@transaction.atomic
def registration_approve(
    *, actor: User, registration: Registration, note: str = ""
) -> Registration:
    """The supervisor approves a subordinate's registration: on to BKPSDM, or a seat when the
    session needs the supervisor only."""
    if not is_superior_of(actor, registration.employee):
        raise PermissionDenied(_("Hanya atasan pegawai yang dapat menyetujui pendaftaran ini."))
    seats.read_for_notices(registration)
    if registration.status != RegistrationStatus.PENDING_SUPERVISOR:
        fail(_("Pendaftaran ini tidak sedang menunggu persetujuan atasan."))
    session = seats.lock_session(registration.session)
    seats.lock_registration(registration)
    if registration.status != RegistrationStatus.PENDING_SUPERVISOR:
        fail(_("Pendaftaran ini tidak sedang menunggu persetujuan atasan."))
    if session.is_cancelled:
        fail(_("Sesi ini dibatalkan."))
    approved = RegistrationStep(
        registration=registration,
        action=RegistrationAction.SUPERVISOR_APPROVED,
        actor=actor,
        note=(note or "").strip(),
    )
    if session.approval == SessionApproval.SUPERVISOR_AND_BKPSDM:
        registration.status = RegistrationStatus.PENDING_BKPSDM
        registration.save(update_fields=["status", "updated_at"])
        approved.save()
        notify(
            user=user_of(registration.employee),
            verb="supervisor_approved",
            message=Text(
                gettext_noop("Atasan menyetujui pendaftaran Anda di %(session)s; menunggu BKPSDM."),
                {"session": seats.session_title(session)},
            ),
            url=seats.registration_url(registration),
        )
    else:
        seats.take_seat(registration, session, actor, steps=(approved,))
    return registration


@records_actor
@transaction.atomic
def registration_confirm(*, actor: User, registration: Registration) -> Registration:
    """BKPSDM confirms: the registration takes a seat, or the waiting list if the session is
    full."""
    require(can_manage_learning(actor), ADMIN_ONLY)
    seats.read_for_notices(registration)
    if registration.status != RegistrationStatus.PENDING_BKPSDM:
        fail(_("Pendaftaran ini tidak sedang menunggu konfirmasi BKPSDM."))
    session = seats.lock_session(registration.session)
    seats.lock_registration(registration)
    if registration.status != RegistrationStatus.PENDING_BKPSDM:
        fail(_("Pendaftaran ini tidak sedang menunggu konfirmasi BKPSDM."))
    if session.is_cancelled:
        fail(_("Sesi ini dibatalkan."))
    return seats.take_seat(registration, session, actor)


@records_actor
@transaction.atomic
def registration_reject(*, actor: User, registration: Registration, reason: str) -> Registration:
    """The supervisor refuses a subordinate's request (while it waits for them); BKPSDM refuses
    any request still waiting for an approval. A reason is required; the employee is told."""
    reason = (reason or "").strip()
    status = registration.status
    if status == RegistrationStatus.PENDING_SUPERVISOR and is_superior_of(
        actor, registration.employee
    ):
        action = RegistrationAction.SUPERVISOR_REJECTED
    elif status in PENDING and can_manage_learning(actor):
        action = RegistrationAction.REJECTED
    elif status in PENDING:
        raise PermissionDenied(_("Anda tidak dapat menolak pendaftaran ini."))
    else:
        fail(_("Pendaftaran ini sudah diputuskan dan tidak dapat ditolak."))
    if not reason:
        fail(_("Tuliskan alasan penolakan."), field="reason")
    session = seats.lock_session(registration.session)
    seats.lock_registration(registration)
    if registration.status != status:
        fail(_("Pendaftaran ini baru saja diubah orang lain; muat ulang halaman."))
    registration.status = RegistrationStatus.REJECTED
    registration.save(update_fields=["status", "updated_at"])
    seats.add_step(registration, action, actor, reason)
    notify(
        user=user_of(registration.employee),
        verb="registration_rejected",
        message=Text(
            gettext_noop("Pendaftaran Anda di %(session)s ditolak: %(reason)s"),
            {"session": seats.session_title(session), "reason": reason},
        ),
        url=seats.registration_url(registration),
    )
    return registration


@records_actor
@transaction.atomic
def registration_cancel(
    *, actor: User, registration: Registration, reason: str = ""
) -> Registration:
    """Cancel a live registration. A freed seat goes to the first on the waiting list."""
    if not can_cancel(actor, registration):
        raise PermissionDenied(_("Anda tidak dapat membatalkan pendaftaran ini."))
    seats.read_for_notices(registration)
    session = seats.lock_session(registration.session)
    seats.lock_registration(registration)
    if registration.status not in CANCELLABLE:
        fail(_("Pendaftaran ini sudah berakhir dan tidak dapat dibatalkan."))
    if registration.status == RegistrationStatus.CONFIRMED and agency_today() >= session.start_date:
        fail(
            _(
                "Sesi sudah dimulai; peserta yang tidak melanjutkan dinyatakan tidak selesai "
                "oleh BKPSDM."
            )
        )
    held_seat = registration.status in SEAT_HOLDING
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    seats.add_step(registration, RegistrationAction.CANCELLED, actor, (reason or "").strip())
    if registration.employee.user_id != actor.pk:
        notify(
            user=user_of(registration.employee),
            verb="registration_cancelled",
            message=Text(
                gettext_noop("Pendaftaran Anda di %(session)s dibatalkan."),
                {"session": seats.session_title(session)},
            ),
            url=seats.registration_url(registration),
        )
    if held_seat:
        seats.promote_waiting(session, actor)
    return registration
