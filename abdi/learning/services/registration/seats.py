"""Seats of a training session (docs/decisions/0030-learning-registration-seats.md): a registration takes a seat only when it has every approval the session asks for; seats are counted under a row lock on the session, so two requests for the last seat give it to exactly one; a full session puts people on the waiting list, which moves up by itself when a seat frees.

Lock order, everywhere: the session row first, then the registration row(s). The lock is held to the commit and every seat request for the session queues on it, so a service reads and checks what it can before taking it, and writes under it only what depends on the seats, batched. The other registration services call these helpers through this module (`seats.lock_session`), one place to change how a seat is taken."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.accounts.models import User
from abdi.core.notifications import Text, notify
from abdi.core.services import user_of
from abdi.learning.choices import (
    SEAT_HOLDING,
    RegistrationAction,
    RegistrationStatus,
)
from abdi.learning.models import (
    Registration,
    RegistrationStep,
    TrainingSession,
)


def registration_url(registration: Registration) -> str:
    return reverse("learning:registration_detail", args=[registration.pk])


def add_step(
    registration: Registration, action: str, actor: User, note: str = ""
) -> RegistrationStep:
    return RegistrationStep.objects.create(
        registration=registration, action=action, actor=actor, note=note
    )


def session_title(session: TrainingSession) -> str:
    return f"{session.programme.title} ({session.name})"


def lock_session(session: TrainingSession) -> TrainingSession:
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


def lock_registration(registration: Registration) -> Registration:
    fresh = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    registration.status = fresh.status
    return registration


def read_for_notices(registration: Registration) -> Registration:
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


# ---------------------------------------------------------------- seats


def seat_fields(session: TrainingSession) -> dict:
    """A seat if one is free, else the waiting list; `session` must be locked by the caller.
    The time is taken here, under the lock, so that every confirmed_at of a full session comes
    before its first waitlisted_at and the waiting list's order is the order of the lock."""
    now = timezone.now()
    if seats_taken_locked(session) < session.quota:
        return {"status": RegistrationStatus.CONFIRMED, "confirmed_at": now}
    return {"status": RegistrationStatus.WAITLISTED, "waitlisted_at": now}


def seat_step(registration: Registration, actor: User) -> RegistrationStep:
    """The (unsaved) step of a registration that just got a seat or a place in line."""
    action = (
        RegistrationAction.CONFIRMED
        if registration.status == RegistrationStatus.CONFIRMED
        else RegistrationAction.WAITLISTED
    )
    return RegistrationStep(registration=registration, action=action, actor=actor)


def notify_after_commit(
    *, user: User | None, verb: str, message: Text, url: str | Callable[[], str] = ""
) -> None:
    """Write a notice once the transaction commits, in a transaction of its own: not under the
    session's lock, which every registration of a burst queues on (ADR 0066). `url` may be a
    callable, so that even the URL is built after the commit. A failure to write the notice is
    logged (robust) and does not turn a committed registration into an error page."""

    def write() -> None:
        with transaction.atomic():
            notify(user=user, verb=verb, message=message, url=url() if callable(url) else url)

    transaction.on_commit(write, robust=True)


def notify_seated(registration: Registration, session: TrainingSession) -> None:
    """The seat or the place in line, told after the commit (notify_after_commit)."""
    if registration.status == RegistrationStatus.CONFIRMED:
        message = gettext_noop("Kursi Anda di %(session)s terkonfirmasi.")
    else:
        message = gettext_noop(
            "Kuota %(session)s penuh; Anda masuk daftar tunggu dan akan dikonfirmasi otomatis "
            "bila ada kursi kosong."
        )
    notify_after_commit(
        user=user_of(registration.employee),
        verb=registration.status,
        message=Text(message, {"session": session_title(session)}),
        url=lambda: registration_url(registration),
    )


def take_seat(
    registration: Registration,
    session: TrainingSession,
    actor: User,
    *,
    steps: tuple[RegistrationStep, ...] = (),
) -> Registration:
    """The registration has every approval: a seat if one is free, else the waiting list.
    `session` must be locked by the caller, and the registration's employee (with the user) and
    the session's programme read before (see read_for_notices). `steps` (unsaved) are written
    with the seat's step in one statement."""
    fields = seat_fields(session)
    for name, value in fields.items():
        setattr(registration, name, value)
    registration.save(update_fields=[*fields, "updated_at"])
    RegistrationStep.objects.bulk_create([*steps, seat_step(registration, actor)])
    notify_seated(registration, session)
    return registration


def promote_waiting(session: TrainingSession, actor: User) -> list[Registration]:
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
        {"session": session_title(session)},
    )
    for registration in waiting:
        notify(
            user=user_of(registration.employee),
            verb="promoted",
            message=message,
            url=registration_url(registration),
        )
    return waiting
