"""The written test of an applicant from another agency (no Abdi account): BKPSDM issues a
one-time link for one application; the applicant opens it, starts, saves and submits the
stage's Abdi quiz inside the stage's window. The quiz engine is e-learning's
(`abdi.learning.services.elearning.engine`: the random draw, the answer checks, the scoring);
the attempt's state is a WrittenTestSitting because an e-learning attempt belongs to an
employee's enrolment.

The link's secret is 32 random bytes (`secrets.token_urlsafe`); only its SHA-256 is stored, so
the link is shown once (and e-mailed when the applicant has an address) and a copy of the
database does not open anyone's test. It works only for its application, only until the stage's
window ends, and not at all once the test is submitted; issuing it again (a lost link) before
the applicant started replaces the old one. See docs/decisions/0048-careers-finish.md."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.accounts.models import User
from abdi.careers.models.selection import (
    Application,
    ApplicationAction,
    ApplicationState,
    SelectionStage,
    SelectionState,
    WrittenTestSitting,
)
from abdi.careers.selectors.selection import written_test_stage
from abdi.careers.services.selection.common import (
    application_step,
    lock_application,
    require_admin,
)
from abdi.core.audit import records_actor
from abdi.learning.rules import DEADLINE_GRACE, is_overdue
from abdi.learning.services.elearning.engine import (
    clean_answers,
    deadline_for,
    draw_layout,
    score_layout,
)

logger = logging.getLogger(__name__)
TEST_STATES = (SelectionState.SCREENING, SelectionState.SCORING)
INVALID_LINK = gettext_noop("Tautan ujian ini tidak berlaku.")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def test_link_problems(
    application: Application, stage: SelectionStage | None, now: dt.datetime
) -> list[str]:
    """Why a link cannot be issued for this application now ([] when it can)."""
    if not application.is_external:
        return [
            _(
                "Pegawai mengerjakan ujian tertulis di e-learning dengan akunnya sendiri; "
                "tautan hanya untuk pelamar dari instansi lain."
            )
        ]
    if application.selection.state not in TEST_STATES:
        return [_("Tautan ujian hanya dapat diterbitkan selama seleksi administrasi/penilaian.")]
    if application.state != ApplicationState.ADMIN_PASSED:
        return [_("Tautan ujian hanya untuk pelamar yang lulus seleksi administrasi.")]
    if stage is None:
        return [_("Seleksi ini tidak memakai kuis Abdi untuk ujian tertulis.")]
    if not stage.has_window:
        return [_("Isi dahulu waktu mulai dan selesai ujian tertulis pada jadwal tahap.")]
    assert stage.ends_at is not None  # has_window: both ends are set
    if now >= stage.ends_at:
        return [_("Waktu ujian tertulis sudah berakhir.")]
    return []


@records_actor
@transaction.atomic
def written_test_link_issue(
    *, actor: User, application: Application, site_url: str = ""
) -> tuple[WrittenTestSitting, str]:
    """Issue (or replace, before the applicant started) the one-time link of an external
    applicant's written test. Returns the sitting and the link's secret (shown once). The
    e-mailed link starts with ABDI_SITE_URL, else `site_url` (the page's own address)."""
    require_admin(actor)
    application = lock_application(application)
    stage = written_test_stage(application)
    now = timezone.now()
    problems = test_link_problems(application, stage, now)
    if problems:
        raise ValidationError(problems)
    assert stage is not None and stage.ends_at is not None  # checked above
    token = secrets.token_urlsafe(32)
    sitting = WrittenTestSitting.objects.filter(application=application).first()
    if sitting is not None and sitting.started_at is not None:
        raise ValidationError(
            _("Pelamar sudah mulai mengerjakan ujian; tautannya tidak dapat diganti.")
        )
    if sitting is None:
        sitting = WrittenTestSitting(application=application, issue_count=0)
    sitting.stage = stage
    sitting.token_hash = token_hash(token)
    sitting.expires_at = stage.ends_at
    sitting.issued_by = actor
    sitting.issued_at = now
    sitting.issue_count += 1
    sitting.save()
    application_step(
        application,
        ApplicationAction.TEST_LINK,
        actor,
        _("Berlaku sampai %(when)s.") % {"when": _moment(stage.ends_at)},
    )
    if application.external_email:
        _send_link(application, stage, token, site_url)
    return sitting, token


def _moment(value: dt.datetime | None) -> str:
    return date_format(timezone.localtime(value), "j F Y H:i")


def test_url(token: str) -> str:
    return reverse("careers:written_test", args=[token])


def _send_link(application: Application, stage: SelectionStage, token: str, site_url: str) -> None:
    base = (settings.ABDI_SITE_URL or site_url).rstrip("/")
    body = _(
        "Yth. %(name)s,\n\nAnda lulus seleksi administrasi %(selection)s. Ujian tertulis "
        "dikerjakan secara daring melalui tautan pribadi berikut (hanya untuk Anda, satu kali "
        "pengerjaan):\n\n%(url)s\n\nUjian dibuka %(start)s dan ditutup %(end)s.\n\nBKPSDM"
    ) % {
        "name": application.external_name,
        "selection": application.selection.title,
        "url": f"{base}{test_url(token)}",
        "start": _moment(stage.starts_at),
        "end": _moment(stage.ends_at),
    }
    subject = _("Tautan ujian tertulis %(selection)s") % {"selection": application.selection.title}
    address = application.external_email

    def send() -> None:
        try:
            send_mail(subject, body, None, [address])
        except Exception:  # the link is also shown to BKPSDM, who can pass it on
            logger.exception("written test link mail to application %s failed", application.pk)

    transaction.on_commit(send)


def sitting_for_token(token: str, *, lock: bool = False) -> WrittenTestSitting:
    """The sitting a link opens; refused (one message for every reason, so a guess learns
    nothing) when unknown, expired, or the application is no longer in the test."""
    rows = WrittenTestSitting.objects.select_related("stage__quiz", "application__selection")
    if lock:
        rows = rows.select_for_update(of=("self",))
    sitting = rows.filter(token_hash=token_hash(token or "")).first()
    now = timezone.now()
    if (
        sitting is None
        or now >= sitting.expires_at
        or sitting.application.state != ApplicationState.ADMIN_PASSED
        or sitting.application.selection.state not in TEST_STATES
    ):
        raise ValidationError(_(INVALID_LINK), code="invalid_link")
    return sitting


def _refuse_if_done(sitting: WrittenTestSitting) -> None:
    if sitting.submitted_at is not None:
        raise ValidationError(
            _("Ujian ini sudah dikumpulkan; tautannya tidak dapat dipakai lagi."),
            code="submitted",
        )


@transaction.atomic
def written_test_start(*, token: str) -> WrittenTestSitting:
    """Start (or resume) the test: inside the stage's window only; the questions drawn by the
    quiz engine and fixed; the time limit the quiz's, cut at the window's end."""
    sitting = sitting_for_token(token, lock=True)
    _refuse_if_done(sitting)
    if sitting.started_at is not None:
        return sitting
    stage = sitting.stage
    now = timezone.now()
    if not stage.is_open_at(now):
        raise ValidationError(
            _("Ujian tertulis dibuka %(start)s sampai %(end)s.")
            % {"start": _moment(stage.starts_at), "end": _moment(stage.ends_at)},
            code="closed",
        )
    quiz = stage.quiz
    # a sitting is issued only for a quiz stage with a window (checked when it was issued)
    assert quiz is not None and stage.ends_at is not None
    sitting.layout = draw_layout(quiz)
    sitting.started_at = now
    limit = deadline_for(quiz, now)
    sitting.deadline = min(limit, stage.ends_at) if limit else stage.ends_at
    sitting.save(update_fields=["layout", "started_at", "deadline"])
    return sitting


def _running(token: str) -> WrittenTestSitting:
    sitting = sitting_for_token(token, lock=True)
    _refuse_if_done(sitting)
    if sitting.started_at is None:
        raise ValidationError(_("Ujian belum dimulai."))
    return sitting


@transaction.atomic
def written_test_save(*, token: str, answers: Mapping) -> WrittenTestSitting:
    """Save answers {question id: [choice ids]}; refused after the deadline or submission."""
    sitting = _running(token)
    if is_overdue(sitting.deadline, timezone.now()):
        raise ValidationError(
            _("Waktu pengerjaan sudah habis; jawaban ini tidak disimpan."), code="overdue"
        )
    cleaned = clean_answers(sitting.layout, answers)
    sitting.answers = {**sitting.answers, **{str(q): c for q, c in cleaned.items()}}
    sitting.save(update_fields=["answers"])
    return sitting


@transaction.atomic
def written_test_submit(*, token: str, answers: Mapping | None = None) -> WrittenTestSitting:
    """Hand in the test: the answers sent with it are saved first (unless the time ran out),
    then it is scored by the quiz engine. The link works no more."""
    sitting = _running(token)
    now = timezone.now()
    if answers and not is_overdue(sitting.deadline, now):
        cleaned = clean_answers(sitting.layout, answers)
        sitting.answers = {**sitting.answers, **{str(q): c for q, c in cleaned.items()}}
    sitting.score = score_layout(sitting.layout, {int(q): c for q, c in sitting.answers.items()})
    sitting.submitted_at = now
    sitting.save(update_fields=["answers", "score", "submitted_at"])
    application_step(sitting.application, ApplicationAction.TEST_SUBMITTED, None)
    return sitting


def close_overdue(selection_id: int) -> int:
    """Score the sittings of a selection whose time ran out without a submission (what was
    saved counts; handed in at the deadline). Run before the ranking is proposed and whenever
    a link is opened. Returns how many were closed."""
    now = timezone.now()
    closed = 0
    with transaction.atomic():
        overdue = WrittenTestSitting.objects.select_for_update().filter(
            application__selection_id=selection_id,
            started_at__isnull=False,
            submitted_at__isnull=True,
            deadline__lt=now - DEADLINE_GRACE,
        )
        for sitting in overdue:
            sitting.score = score_layout(
                sitting.layout, {int(q): c for q, c in sitting.answers.items()}
            )
            sitting.submitted_at = sitting.deadline
            sitting.save(update_fields=["score", "submitted_at"])
            application_step(sitting.application, ApplicationAction.TEST_SUBMITTED, None)
            closed += 1
    return closed
