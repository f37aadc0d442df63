"""Registration for a training session: register or nominate, approve, confirm, the waiting
list, cancellation, attendance, test scores, completion and the reaction survey.

Seat rules (docs/decisions/0030-learning-registration-seats.md): a
registration takes a seat only when it has every approval the session asks for; seats are
counted under a row lock on the session, so two requests for the last seat give it to exactly
one; a full session puts people on the waiting list, which moves up by itself when a seat frees.

Lock order, everywhere: the session row first, then the registration row(s). The lock is held
to the commit and every seat request for the session queues on it, so a service reads and checks
what it can before taking it, and writes under it only what depends on the seats, batched.

Each service checks permission (PermissionDenied), validates everything before writing
(ValidationError in Indonesian, nothing written), writes a RegistrationStep with the actor and
notifies the people concerned."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.core.audit import records_actor
from abdi.core.notifications import Text, notify
from abdi.employees.models import Employee
from abdi.employees.permissions import own_employee
from abdi.employees.selectors_org import supervisor_of
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
    Attendance,
    DevelopmentPlanItem,
    ReactionSurvey,
    Registration,
    RegistrationStep,
    TrainingSession,
)
from abdi.learning.permissions.common import can_manage_learning, is_superior_of
from abdi.learning.permissions.registration import can_cancel

MOTIVATION_MAX = 2000
SURVEY_FIELDS = ("content", "facilitator", "organisation", "usefulness")

# ---------------------------------------------------------------- helpers


def _today() -> dt.date:
    return timezone.localdate()


def _fail(field: str | None, message: str):
    if field:
        raise ValidationError({field: [message]})
    raise ValidationError(message)


def _url(registration: Registration) -> str:
    return reverse("learning:registration_detail", args=[registration.pk])


def _step(registration: Registration, action: str, actor, note: str = "") -> RegistrationStep:
    return RegistrationStep.objects.create(
        registration=registration, action=action, actor=actor, note=note
    )


def _user_of(employee: Employee | None):
    return employee.user if employee is not None and employee.user_id else None


def _title(session: TrainingSession) -> str:
    return f"{session.programme.title} ({session.name})"


def _lock_session(session: TrainingSession) -> TrainingSession:
    """The session re-read under a row lock: seats are counted only while it is held.

    Everything after this statement, up to the commit, is the critical section that a burst of
    registrations queues on, so it reads the bare row: the programme (for the notices) is taken
    from the caller's copy when that copy has it, read before the lock."""
    has_programme = TrainingSession.programme.is_cached(session)
    query = TrainingSession.objects.select_for_update(of=("self",))
    if not has_programme:
        query = query.select_related("programme")
    locked = query.get(pk=session.pk)
    if has_programme and locked.programme_id == session.programme_id:
        locked.programme = session.programme
    return locked


def _lock_registration(registration: Registration) -> Registration:
    fresh = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    registration.status = fresh.status
    return registration


def _read_for_notices(registration: Registration) -> Registration:
    """Read, before any lock, what the steps and notices will need (the employee's user, the
    session's programme) and the status as it is now, so that a request that is already decided
    fails without queueing for the session's lock and nothing is fetched lazily under it."""
    fresh = Registration.objects.select_related("employee__user", "session__programme").get(
        pk=registration.pk
    )
    registration.employee, registration.session = fresh.employee, fresh.session
    registration.status = fresh.status
    return registration


def seats_taken_locked(session: TrainingSession) -> int:
    """Seats held in the session; call only under the session's row lock."""
    return Registration.objects.filter(session=session, status__in=SEAT_HOLDING).count()


def _score(value, field: str, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", ".")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        _fail(field, _("%(label)s harus berupa angka 0–100.") % {"label": label})
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        _fail(field, _("%(label)s harus di antara 0 dan 100.") % {"label": label})
    return number


def _require_manager(actor) -> None:
    if not can_manage_learning(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang dapat melakukan ini."))


# ---------------------------------------------------------------- seats


def _seat_fields(session: TrainingSession) -> dict:
    """A seat if one is free, else the waiting list; `session` must be locked by the caller.
    The time is taken here, under the lock, so that every confirmed_at of a full session comes
    before its first waitlisted_at and the waiting list's order is the order of the lock."""
    now = timezone.now()
    if seats_taken_locked(session) < session.quota:
        return {"status": RegistrationStatus.CONFIRMED, "confirmed_at": now}
    return {"status": RegistrationStatus.WAITLISTED, "waitlisted_at": now}


def _seat_step(registration: Registration, actor) -> RegistrationStep:
    """The (unsaved) step of a registration that just got a seat or a place in line."""
    action = (
        RegistrationAction.CONFIRMED
        if registration.status == RegistrationStatus.CONFIRMED
        else RegistrationAction.WAITLISTED
    )
    return RegistrationStep(registration=registration, action=action, actor=actor)


def _notify_seated(registration: Registration, session: TrainingSession) -> None:
    if registration.status == RegistrationStatus.CONFIRMED:
        message = gettext_noop("Kursi Anda di %(session)s terkonfirmasi.")
    else:
        message = gettext_noop(
            "Kuota %(session)s penuh; Anda masuk daftar tunggu dan akan dikonfirmasi otomatis "
            "bila ada kursi kosong."
        )
    notify(
        user=_user_of(registration.employee),
        verb=registration.status,
        message=Text(message, {"session": _title(session)}),
        url=_url(registration),
    )


def _take_seat(
    registration: Registration,
    session: TrainingSession,
    actor,
    *,
    steps: tuple[RegistrationStep, ...] = (),
) -> Registration:
    """The registration has every approval: a seat if one is free, else the waiting list.
    `session` must be locked by the caller, and the registration's employee (with the user) and
    the session's programme read before (see _read_for_notices). `steps` (unsaved) are written
    with the seat's step in one statement."""
    fields = _seat_fields(session)
    for name, value in fields.items():
        setattr(registration, name, value)
    registration.save(update_fields=[*fields, "updated_at"])
    RegistrationStep.objects.bulk_create([*steps, _seat_step(registration, actor)])
    _notify_seated(registration, session)
    return registration


def _promote(session: TrainingSession, actor) -> list[Registration]:
    """Confirm the first on the waiting list (by waitlisted_at, then pk) while seats are free.
    `session` must be locked by the caller. However many move up, the rows, their history and
    their steps take one statement each (a quota raised by 50 must not hold the lock for 200);
    only the notices go one by one (abdi.core.notifications.notify)."""
    free = session.quota - seats_taken_locked(session)
    if free <= 0:
        return []
    waiting = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(session=session, status=RegistrationStatus.WAITLISTED)
        .select_related("employee__user")
        .order_by("waitlisted_at", "pk")[:free]
    )
    if not waiting:
        return []
    now = timezone.now()
    for registration in waiting:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = registration.updated_at = now
    Registration.objects.filter(pk__in=[r.pk for r in waiting]).update(
        status=RegistrationStatus.CONFIRMED, confirmed_at=now, updated_at=now
    )
    # A queryset update sends no post_save, so the history rows are written here (same
    # transaction, same actor: simple-history reads it from records_actor's context).
    Registration.history.bulk_history_create(waiting, update=True, default_date=now)
    note = _("Kursi kosong; naik otomatis dari daftar tunggu.")
    RegistrationStep.objects.bulk_create(
        RegistrationStep(
            registration=registration, action=RegistrationAction.PROMOTED, actor=actor, note=note
        )
        for registration in waiting
    )
    message = Text(
        gettext_noop("Ada kursi kosong: pendaftaran Anda di %(session)s kini terkonfirmasi."),
        {"session": _title(session)},
    )
    for registration in waiting:
        notify(
            user=_user_of(registration.employee),
            verb="promoted",
            message=message,
            url=_url(registration),
        )
    return waiting


# ---------------------------------------------------------------- eligibility


def registration_problems(
    session: TrainingSession, employee: Employee, *, today: dt.date | None = None
) -> list[str]:
    """Why the employee may not register for the session now ([] = may). Also used by the
    session page to explain a missing "Daftar" button."""
    today = today or _today()
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
        position_kind = employee.position.kind if employee.position_id else None
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
    actor,
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
    supervisor = supervisor_of(employee, on=_today()) if needs_supervisor else None
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
    supervisor_user = _user_of(supervisor)  # read now: nothing is fetched under the lock

    # Everything above reads without a lock. From the lock to the commit, every registration for
    # the session waits in line (a burst of 200 for 30 seats queues here), so only what depends
    # on the seat count or on a concurrent write follows, in six statements: the lock, the
    # count, the row and its history row, the steps (one insert) and the notice (ADR 0030,
    # "Locking"; timings in 0040).
    session = _lock_session(session)
    if session.is_cancelled:
        raise ValidationError(_("Sesi ini dibatalkan."))
    fields = {"status": status} if status else _seat_fields(session)
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
        steps.append(_seat_step(registration, actor))
    RegistrationStep.objects.bulk_create(steps)
    if by != "self":
        notify(
            user=_user_of(employee),
            verb="nominated",
            message=Text(
                gettext_noop("Anda diusulkan mengikuti %(session)s."), {"session": _title(session)}
            ),
            url=_url(registration),
        )
    if status == RegistrationStatus.PENDING_SUPERVISOR:
        notify(
            user=supervisor_user,
            verb="registration",
            message=Text(
                gettext_noop("%(name)s mendaftar %(session)s dan menunggu persetujuan Anda."),
                {"name": employee.name, "session": _title(session)},
            ),
            url=reverse("learning:approvals"),
        )
    elif status is None:
        _notify_seated(registration, session)
    return registration


# ---------------------------------------------------------------- approvals


@records_actor
@transaction.atomic
def registration_approve(*, actor, registration: Registration, note: str = "") -> Registration:
    """The supervisor approves a subordinate's registration: on to BKPSDM, or a seat when the
    session needs the supervisor only."""
    if not is_superior_of(actor, registration.employee):
        raise PermissionDenied(_("Hanya atasan pegawai yang dapat menyetujui pendaftaran ini."))
    _read_for_notices(registration)
    if registration.status != RegistrationStatus.PENDING_SUPERVISOR:
        _fail(None, _("Pendaftaran ini tidak sedang menunggu persetujuan atasan."))
    session = _lock_session(registration.session)
    _lock_registration(registration)
    if registration.status != RegistrationStatus.PENDING_SUPERVISOR:
        _fail(None, _("Pendaftaran ini tidak sedang menunggu persetujuan atasan."))
    if session.is_cancelled:
        _fail(None, _("Sesi ini dibatalkan."))
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
            user=_user_of(registration.employee),
            verb="supervisor_approved",
            message=Text(
                gettext_noop("Atasan menyetujui pendaftaran Anda di %(session)s; menunggu BKPSDM."),
                {"session": _title(session)},
            ),
            url=_url(registration),
        )
    else:
        _take_seat(registration, session, actor, steps=(approved,))
    return registration


@records_actor
@transaction.atomic
def registration_confirm(*, actor, registration: Registration) -> Registration:
    """BKPSDM confirms: the registration takes a seat, or the waiting list if the session is
    full."""
    _require_manager(actor)
    _read_for_notices(registration)
    if registration.status != RegistrationStatus.PENDING_BKPSDM:
        _fail(None, _("Pendaftaran ini tidak sedang menunggu konfirmasi BKPSDM."))
    session = _lock_session(registration.session)
    _lock_registration(registration)
    if registration.status != RegistrationStatus.PENDING_BKPSDM:
        _fail(None, _("Pendaftaran ini tidak sedang menunggu konfirmasi BKPSDM."))
    if session.is_cancelled:
        _fail(None, _("Sesi ini dibatalkan."))
    return _take_seat(registration, session, actor)


@records_actor
@transaction.atomic
def registration_reject(*, actor, registration: Registration, reason: str) -> Registration:
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
        _fail(None, _("Pendaftaran ini sudah diputuskan dan tidak dapat ditolak."))
    if not reason:
        _fail("reason", _("Tuliskan alasan penolakan."))
    session = _lock_session(registration.session)
    _lock_registration(registration)
    if registration.status != status:
        _fail(None, _("Pendaftaran ini baru saja diubah orang lain; muat ulang halaman."))
    registration.status = RegistrationStatus.REJECTED
    registration.save(update_fields=["status", "updated_at"])
    _step(registration, action, actor, reason)
    notify(
        user=_user_of(registration.employee),
        verb="registration_rejected",
        message=Text(
            gettext_noop("Pendaftaran Anda di %(session)s ditolak: %(reason)s"),
            {"session": _title(session), "reason": reason},
        ),
        url=_url(registration),
    )
    return registration


@records_actor
@transaction.atomic
def registration_cancel(*, actor, registration: Registration, reason: str = "") -> Registration:
    """Cancel a live registration. A freed seat goes to the first on the waiting list."""
    if not can_cancel(actor, registration):
        raise PermissionDenied(_("Anda tidak dapat membatalkan pendaftaran ini."))
    _read_for_notices(registration)
    session = _lock_session(registration.session)
    _lock_registration(registration)
    if registration.status not in CANCELLABLE:
        _fail(None, _("Pendaftaran ini sudah berakhir dan tidak dapat dibatalkan."))
    if registration.status == RegistrationStatus.CONFIRMED and _today() >= session.start_date:
        _fail(
            None,
            _(
                "Sesi sudah dimulai; peserta yang tidak melanjutkan dinyatakan tidak selesai "
                "oleh BKPSDM."
            ),
        )
    held_seat = registration.status in SEAT_HOLDING
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    _step(registration, RegistrationAction.CANCELLED, actor, (reason or "").strip())
    if registration.employee.user_id != actor.pk:
        notify(
            user=_user_of(registration.employee),
            verb="registration_cancelled",
            message=Text(
                gettext_noop("Pendaftaran Anda di %(session)s dibatalkan."),
                {"session": _title(session)},
            ),
            url=_url(registration),
        )
    if held_seat:
        _promote(session, actor)
    return registration


# ---------------------------------------------------------------- session-wide


@records_actor
@transaction.atomic
def session_quota_changed(*, session: TrainingSession, actor) -> list[Registration]:
    """After the catalogue raised a session's quota: confirm as many waiting as now fit."""
    _require_manager(actor)
    session = _lock_session(session)
    if session.is_cancelled:
        return []
    return _promote(session, actor)


@records_actor
@transaction.atomic
def session_cancel(*, session: TrainingSession, actor, reason: str) -> int:
    """BKPSDM cancels a session that has not started: every live registration is cancelled
    and its employee told. Returns how many registrations were cancelled."""
    _require_manager(actor)
    reason = (reason or "").strip()
    if not reason:
        _fail("reason", _("Tuliskan alasan pembatalan sesi."))
    session = _lock_session(session)
    if session.is_cancelled:
        _fail(None, _("Sesi ini sudah dibatalkan."))
    if _today() >= session.start_date:
        _fail(None, _("Sesi yang sudah dimulai tidak dapat dibatalkan."))
    session.is_cancelled = True
    session.save(update_fields=["is_cancelled", "updated_at"])
    live = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(session=session, status__in=CANCELLABLE)
        .select_related("employee__user")
        .order_by("pk")
    )
    for registration in live:
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        _step(registration, RegistrationAction.CANCELLED, actor, reason)
        notify(
            user=_user_of(registration.employee),
            verb="session_cancelled",
            message=Text(
                gettext_noop("%(session)s dibatalkan: %(reason)s"),
                {"session": _title(session), "reason": reason},
            ),
            url=_url(registration),
        )
    return len(live)


# ---------------------------------------------------------------- during and after


def session_days(session: TrainingSession) -> list[dt.date]:
    days = (session.end_date - session.start_date).days
    return [session.start_date + dt.timedelta(days=i) for i in range(days + 1)]


@records_actor
@transaction.atomic
def attendance_record(
    *, actor, session: TrainingSession, date: dt.date, present: Mapping[int, bool]
) -> int:
    """BKPSDM marks, for one day of the session, each participant (registration id → present
    or not). Participants are the seat holders; a day later than today cannot be marked."""
    _require_manager(actor)
    if not isinstance(date, dt.date) or date not in session_days(session):
        _fail("date", _("Tanggal kehadiran harus salah satu hari pelaksanaan sesi."))
    if date > _today():
        _fail("date", _("Kehadiran tidak dapat dicatat untuk hari yang belum tiba."))
    participants = set(
        Registration.objects.filter(session=session, status__in=SEAT_HOLDING).values_list(
            "pk", flat=True
        )
    )
    unknown = [pk for pk in present if pk not in participants]
    if unknown:
        _fail(None, _("Sebagian pendaftaran bukan peserta sesi ini."))
    for pk, is_present in present.items():
        Attendance.objects.update_or_create(
            registration_id=pk, date=date, defaults={"present": bool(is_present)}
        )
    return len(present)


@records_actor
@transaction.atomic
def registration_scores_set(
    *, actor, registration: Registration, pre_test=None, post_test=None
) -> Registration:
    """BKPSDM records the pre-test and post-test scores (0–100; empty = not taken)."""
    _require_manager(actor)
    if registration.status not in SEAT_HOLDING:
        _fail(None, _("Nilai tes hanya untuk peserta yang terkonfirmasi."))
    pre = _score(pre_test, "pre_test_score", _("Nilai pre-test"))
    post = _score(post_test, "post_test_score", _("Nilai post-test"))
    registration.pre_test_score, registration.post_test_score = pre, post
    registration.save(update_fields=["pre_test_score", "post_test_score", "updated_at"])
    return registration


@records_actor
@transaction.atomic
def registration_complete(
    *, actor, registration: Registration, passed: bool, score=None
) -> Registration:
    """BKPSDM records the outcome of a confirmed participant once the session has started:
    completed (JP line and certificate) or not completed."""
    from abdi.learning.services.credit import credit_registration

    _require_manager(actor)
    if not isinstance(passed, bool):
        _fail("passed", _("Pilih selesai atau tidak selesai."))
    value = _score(score, "score", _("Nilai akhir"))
    session = _lock_session(registration.session)
    _lock_registration(registration)
    if registration.status != RegistrationStatus.CONFIRMED:
        _fail(None, _("Hanya peserta terkonfirmasi yang dapat dinyatakan selesai."))
    if _today() < session.start_date:
        _fail(None, _("Sesi belum dimulai."))
    registration.score = value
    registration.completed_at = timezone.now()
    registration.status = (
        RegistrationStatus.COMPLETED if passed else RegistrationStatus.NOT_COMPLETED
    )
    registration.save(update_fields=["status", "score", "completed_at", "updated_at"])
    _step(
        registration,
        RegistrationAction.COMPLETED if passed else RegistrationAction.NOT_COMPLETED,
        actor,
    )
    if passed:
        credit_registration(registration=registration, actor=actor)
        message = gettext_noop("Anda dinyatakan selesai mengikuti %(session)s; JP Anda bertambah.")
    else:
        message = gettext_noop("Anda dinyatakan tidak menyelesaikan %(session)s.")
    notify(
        user=_user_of(registration.employee),
        verb=registration.status,
        message=Text(message, {"session": _title(session)}),
        url=_url(registration),
    )
    return registration


@records_actor
@transaction.atomic
def reaction_survey_submit(
    *, actor, registration: Registration, comment: str = "", **scores
) -> ReactionSurvey:
    """The participant's reaction to a completed session, once: content, facilitator,
    organisation, usefulness 1–5 and an optional comment."""
    if registration.employee.user_id is None or registration.employee.user_id != actor.pk:
        raise PermissionDenied(_("Hanya peserta yang dapat mengisi survei reaksi."))
    if registration.status != RegistrationStatus.COMPLETED:
        _fail(None, _("Survei reaksi dapat diisi setelah Anda dinyatakan selesai."))
    if ReactionSurvey.objects.filter(registration=registration).exists():
        _fail(None, _("Survei reaksi untuk pelatihan ini sudah diisi."))
    unknown = set(scores) - set(SURVEY_FIELDS)
    if unknown:
        _fail(None, _("Isian tidak dikenal: %s") % ", ".join(sorted(unknown)))
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, int] = {}
    for name in SURVEY_FIELDS:
        raw = scores.get(name)
        try:
            value = int(raw)
            if isinstance(raw, bool) or str(value) != str(raw).strip():
                raise ValueError
        except (TypeError, ValueError):
            value = None
        if value not in range(1, 6):
            errors[name] = [_("Pilih nilai 1–5.")]
        else:
            cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return ReactionSurvey.objects.create(
                registration=registration, comment=(comment or "").strip(), **cleaned
            )
    except IntegrityError:
        raise ValidationError(_("Survei reaksi untuk pelatihan ini sudah diisi.")) from None
