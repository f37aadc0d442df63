"""Registration services for a whole session and for after the seat: a changed quota or a cancelled session, attendance, test scores, completion and the reaction survey. Same contract as workflow.py: permission, validation before any write, one transaction, a step and a notice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.accounts.models import User
from abdi.core.audit import records_actor
from abdi.core.notifications import Text, notify
from abdi.core.services import fail, require, today, user_of
from abdi.learning.choices import (
    CANCELLABLE,
    SEAT_HOLDING,
    RegistrationAction,
    RegistrationStatus,
)
from abdi.learning.models import (
    Attendance,
    ReactionSurvey,
    Registration,
    TrainingSession,
)
from abdi.learning.permissions.common import ADMIN_ONLY, can_manage_learning
from abdi.learning.selectors.registration import session_days
from abdi.learning.services.credit import credit_registration
from abdi.learning.services.registration import seats

SURVEY_FIELDS = ("content", "facilitator", "organisation", "usefulness")


def _score(value: Decimal | int | str | None, field: str, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", ".")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        fail(_("%(label)s harus berupa angka 0–100.") % {"label": label}, field=field)
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        fail(_("%(label)s harus di antara 0 dan 100.") % {"label": label}, field=field)
    return number


# ---------------------------------------------------------------- session-wide


@records_actor
@transaction.atomic
def session_quota_changed(*, session: TrainingSession, actor: User) -> list[Registration]:
    """After the catalogue raised a session's quota: confirm as many waiting as now fit."""
    require(can_manage_learning(actor), ADMIN_ONLY)
    session = seats.lock_session(session)
    if session.is_cancelled:
        return []
    return seats.promote_waiting(session, actor)


@records_actor
@transaction.atomic
def session_cancel(*, session: TrainingSession, actor: User, reason: str) -> int:
    """BKPSDM cancels a session that has not started: every live registration is cancelled
    and its employee told. Returns how many registrations were cancelled."""
    require(can_manage_learning(actor), ADMIN_ONLY)
    reason = (reason or "").strip()
    if not reason:
        fail(_("Tuliskan alasan pembatalan sesi."), field="reason")
    session = seats.lock_session(session)
    if session.is_cancelled:
        fail(_("Sesi ini sudah dibatalkan."))
    if today() >= session.start_date:
        fail(_("Sesi yang sudah dimulai tidak dapat dibatalkan."))
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
        seats.add_step(registration, RegistrationAction.CANCELLED, actor, reason)
        notify(
            user=user_of(registration.employee),
            verb="session_cancelled",
            message=Text(
                gettext_noop("%(session)s dibatalkan: %(reason)s"),
                {"session": seats.session_title(session), "reason": reason},
            ),
            url=seats.registration_url(registration),
        )
    return len(live)


# ---------------------------------------------------------------- during and after


@records_actor
@transaction.atomic
def attendance_record(
    *, actor: User, session: TrainingSession, date: dt.date, present: Mapping[int, bool]
) -> int:
    """BKPSDM marks, for one day of the session, each participant (registration id → present
    or not). Participants are the seat holders; a day later than today cannot be marked."""
    require(can_manage_learning(actor), ADMIN_ONLY)
    if not isinstance(date, dt.date) or date not in session_days(session):
        fail(_("Tanggal kehadiran harus salah satu hari pelaksanaan sesi."), field="date")
    if date > today():
        fail(_("Kehadiran tidak dapat dicatat untuk hari yang belum tiba."), field="date")
    participants = set(
        Registration.objects.filter(session=session, status__in=SEAT_HOLDING).values_list(
            "pk", flat=True
        )
    )
    unknown = [pk for pk in present if pk not in participants]
    if unknown:
        fail(_("Sebagian pendaftaran bukan peserta sesi ini."))
    for pk, is_present in present.items():
        Attendance.objects.update_or_create(
            registration_id=pk, date=date, defaults={"present": bool(is_present)}
        )
    return len(present)


@records_actor
@transaction.atomic
def registration_scores_set(
    *,
    actor: User,
    registration: Registration,
    pre_test: Decimal | int | str | None = None,
    post_test: Decimal | int | str | None = None,
) -> Registration:
    """BKPSDM records the pre-test and post-test scores (0–100; empty = not taken)."""
    require(can_manage_learning(actor), ADMIN_ONLY)
    if registration.status not in SEAT_HOLDING:
        fail(_("Nilai tes hanya untuk peserta yang terkonfirmasi."))
    pre = _score(pre_test, "pre_test_score", _("Nilai pre-test"))
    post = _score(post_test, "post_test_score", _("Nilai post-test"))
    registration.pre_test_score, registration.post_test_score = pre, post
    registration.save(update_fields=["pre_test_score", "post_test_score", "updated_at"])
    return registration


@records_actor
@transaction.atomic
def registration_complete(
    *,
    actor: User,
    registration: Registration,
    passed: bool,
    score: Decimal | int | str | None = None,
) -> Registration:
    """BKPSDM records the outcome of a confirmed participant once the session has started:
    completed (JP line and certificate) or not completed."""
    require(can_manage_learning(actor), ADMIN_ONLY)
    if not isinstance(passed, bool):
        fail(_("Pilih selesai atau tidak selesai."), field="passed")
    value = _score(score, "score", _("Nilai akhir"))
    session = seats.lock_session(registration.session)
    seats.lock_registration(registration)
    if registration.status != RegistrationStatus.CONFIRMED:
        fail(_("Hanya peserta terkonfirmasi yang dapat dinyatakan selesai."))
    if today() < session.start_date:
        fail(_("Sesi belum dimulai."))
    registration.score = value
    registration.completed_at = timezone.now()
    registration.status = (
        RegistrationStatus.COMPLETED if passed else RegistrationStatus.NOT_COMPLETED
    )
    registration.save(update_fields=["status", "score", "completed_at", "updated_at"])
    seats.add_step(
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
        user=user_of(registration.employee),
        verb=registration.status,
        message=Text(message, {"session": seats.session_title(session)}),
        url=seats.registration_url(registration),
    )
    return registration


@records_actor
@transaction.atomic
def reaction_survey_submit(
    *, actor: User, registration: Registration, comment: str = "", **scores: int | str | None
) -> ReactionSurvey:
    """The participant's reaction to a completed session, once: content, facilitator,
    organisation, usefulness 1–5 and an optional comment."""
    if registration.employee.user_id is None or registration.employee.user_id != actor.pk:
        raise PermissionDenied(_("Hanya peserta yang dapat mengisi survei reaksi."))
    if registration.status != RegistrationStatus.COMPLETED:
        fail(_("Survei reaksi dapat diisi setelah Anda dinyatakan selesai."))
    if ReactionSurvey.objects.filter(registration=registration).exists():
        fail(_("Survei reaksi untuk pelatihan ini sudah diisi."))
    unknown = set(scores) - set(SURVEY_FIELDS)
    if unknown:
        fail(_("Isian tidak dikenal: %s") % ", ".join(sorted(unknown)))
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, int] = {}
    for name in SURVEY_FIELDS:
        raw = scores.get(name)
        try:
            value = int(str(raw))
            if isinstance(raw, bool) or str(value) != str(raw).strip():
                raise ValueError
        except (TypeError, ValueError):
            value = None
        if value is None or value not in range(1, 6):
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
