"""The e-learner's path: enrol, open and finish modules in order, quiz attempts (their questions fixed at the start; after the deadline an answer is refused and the attempt is scored with what was saved), extra attempts an admin grants, and completion with its JP line and certificate (docs/decisions/0037-learning-elearning.md, 0038-learning-quizzes.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.accounts.models import User
from abdi.core.audit import records_actor
from abdi.core.notifications import Text, notify
from abdi.core.services import require
from abdi.employees.models import Employee
from abdi.employees.permissions import own_employee
from abdi.learning.choices import ModuleKind
from abdi.learning.models import (
    Certificate,
    Course,
    Enrolment,
    Module,
    ModuleProgress,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizAttemptGrant,
)
from abdi.learning.permissions.common import can_manage_learning
from abdi.learning.rules import DEADLINE_GRACE
from abdi.learning.selectors.elearning import attempt_allowance
from abdi.learning.services.credit import credit_enrolment
from abdi.learning.services.elearning.checks import (
    ADMIN_ONLY,
    MAX_GRANT,
    MAX_GRANT_REASON,
    positive_int,
)
from abdi.learning.services.elearning.engine import (
    clean_answers,
    deadline_for,
    draw_layout,
    score_layout,
)


def _learner(actor: User) -> Employee:
    me = own_employee(actor)
    if me is None:
        raise PermissionDenied(_("Hanya pegawai yang dapat mengikuti e-learning."))
    return me


def _enrolment_of(actor: User, course: Course, *, lock: bool = False) -> Enrolment:
    me = _learner(actor)
    enrolments = Enrolment.objects.filter(course=course, employee=me)
    if lock:
        enrolments = enrolments.select_for_update(of=("self",))
    enrolment = enrolments.first()
    if enrolment is None:
        raise ValidationError(_("Anda belum terdaftar di kursus ini. Klik “Mulai” dulu."))
    return enrolment


def _own_attempt(actor: User, attempt: QuizAttempt) -> QuizAttempt:
    me = _learner(actor)
    locked = (
        QuizAttempt.objects.select_for_update(of=("self",))
        .select_related("quiz", "enrolment", "enrolment__course")
        .get(pk=attempt.pk)
    )
    if locked.enrolment.employee_id != me.pk:
        raise PermissionDenied(_("Percobaan kuis ini bukan milik Anda."))
    return locked


# --- the learner ----------------------------------------------------------------------------


def done_module_ids(enrolment: Enrolment) -> set[int]:
    return set(enrolment.progress.values_list("module_id", flat=True))


def _check_open(enrolment: Enrolment, module: Module) -> None:
    """Modules open in order: every module before this one must be done."""
    done = done_module_ids(enrolment)
    blocking = (
        enrolment.course.modules.filter(order__lt=module.order)
        .exclude(pk__in=done)
        .order_by("order")
        .first()
    )
    if blocking is not None:
        raise ValidationError(
            _("Selesaikan dulu modul %(order)d “%(title)s”.")
            % {"order": blocking.order, "title": blocking.title}
        )


@records_actor
@transaction.atomic
def enrol(*, actor: User, course: Course) -> Enrolment:
    """Enrol the actor's employee record in a published course; enrolling twice returns the
    first enrolment."""
    me = _learner(actor)
    course = Course.objects.get(pk=course.pk)
    if not course.is_published:
        raise ValidationError(_("Kursus ini belum terbit."))
    enrolment, _created = Enrolment.objects.get_or_create(
        course=course,
        employee=me,
        defaults={"last_module": course.modules.order_by("order").first()},
    )
    return enrolment


@records_actor
@transaction.atomic
def module_open(*, actor: User, module: Module) -> Enrolment:
    """The learner opens a module: refused when an earlier one is unfinished; remembered as
    where to resume."""
    enrolment = _enrolment_of(actor, module.course, lock=True)
    _check_open(enrolment, module)
    if enrolment.last_module_id != module.pk:
        enrolment.last_module = module
        enrolment.save(update_fields=["last_module", "updated_at"])
    return enrolment


def _next_module(module: Module) -> Module | None:
    return (
        Module.objects.filter(course_id=module.course_id, order__gt=module.order)
        .order_by("order")
        .first()
    )


@records_actor
@transaction.atomic
def module_complete(*, actor: User, module: Module) -> Module | None:
    """Tick a module (not a quiz: that one is done by passing it) and move the resume point to
    the next module. Returns the next module, or None after the last; the course is completed
    when every module is done."""
    enrolment = _enrolment_of(actor, module.course, lock=True)
    if module.kind == ModuleKind.QUIZ:
        raise ValidationError(_("Modul kuis selesai bila Anda lulus kuisnya."))
    _check_open(enrolment, module)
    ModuleProgress.objects.get_or_create(
        enrolment=enrolment, module=module, defaults={"completed_at": timezone.now()}
    )
    following = _next_module(module)
    enrolment.last_module = following or module
    enrolment.save(update_fields=["last_module", "updated_at"])
    _complete_if_done(enrolment, actor)
    return following


def _close_overdue(attempt: QuizAttempt, now: dt.datetime) -> bool:
    if (
        attempt.submitted_at is None
        and attempt.deadline
        and now > attempt.deadline + DEADLINE_GRACE
    ):
        _score(attempt, now)
        return True
    return False


@records_actor
@transaction.atomic
def quiz_attempt_start(*, actor: User, module: Module) -> QuizAttempt:
    """Start (or resume) an attempt at a quiz module's quiz: the questions are drawn at random
    from the bank's usable questions, shuffled with their choices if the quiz says so, and fixed
    for the attempt. Refused when the quiz is passed, the attempts are used up or the module is
    not open yet."""
    if module.kind != ModuleKind.QUIZ or module.quiz_id is None:
        raise ValidationError(_("Modul ini bukan kuis."))
    enrolment = _enrolment_of(actor, module.course, lock=True)
    _check_open(enrolment, module)
    quiz = module.quiz
    assert quiz is not None  # a quiz module has its quiz (checked above)
    now = timezone.now()
    attempts = list(QuizAttempt.objects.filter(enrolment=enrolment, quiz=quiz).order_by("number"))
    for attempt in attempts:
        _close_overdue(attempt, now)
    if any(a.passed for a in attempts):
        raise ValidationError(_("Anda sudah lulus kuis ini."))
    running = next((a for a in attempts if a.submitted_at is None), None)
    if running is not None:
        return running
    allowed = attempt_allowance(enrolment, quiz)
    if len(attempts) >= allowed:
        raise ValidationError(
            _("Batas %(n)d percobaan kuis ini sudah habis. Hubungi admin BKPSDM.") % {"n": allowed}
        )
    attempt = QuizAttempt.objects.create(
        enrolment=enrolment,
        quiz=quiz,
        number=len(attempts) + 1,
        layout=draw_layout(quiz),
        started_at=now,
        deadline=deadline_for(quiz, now),
    )
    if enrolment.last_module_id != module.pk:
        enrolment.last_module = module
        enrolment.save(update_fields=["last_module", "updated_at"])
    return attempt


@records_actor
@transaction.atomic
def quiz_attempts_grant(
    *, actor: User, enrolment: Enrolment, quiz: Quiz, extra: int | str | None, reason: str
) -> QuizAttemptGrant:
    """A BKPSDM admin (the course's manager) gives a learner who used up their attempts at a
    quiz `extra` more, with a reason: recorded with who and when (and in the history, the reason
    as the change reason) and told to the learner. Refused when the course is closed
    (unpublished, or its programme switched off), when the learner passed the quiz, has an
    attempt running or still has attempts left."""
    require(can_manage_learning(actor), ADMIN_ONLY)
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course__programme", "employee__user")
        .get(pk=enrolment.pk)
    )
    if quiz.course_id != enrolment.course_id:
        raise ValidationError({"quiz": [_("Kuis ini bukan bagian dari kursus peserta.")]})
    course = enrolment.course
    if not course.is_published or not course.programme.is_active:
        raise ValidationError(
            _(
                "Kursus ini sudah ditutup (tidak terbit atau programnya nonaktif); percobaan "
                "tambahan tidak dapat diberikan."
            )
        )
    errors: dict[str, list] = {}
    try:
        count = positive_int(
            extra,
            field="extra",
            label=_("Tambahan percobaan"),
            low=1,
            high=MAX_GRANT,
            required=True,
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Tulis alasan pemberian percobaan tambahan.")]
    elif len(reason) > MAX_GRANT_REASON:
        errors["reason"] = [_("Alasan paling banyak %(n)d karakter.") % {"n": MAX_GRANT_REASON}]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    attempts = list(QuizAttempt.objects.filter(enrolment=enrolment, quiz=quiz).order_by("number"))
    for attempt in attempts:
        # One past its deadline is scored now with its saved answers, as the learner's return
        # would: it may be a pass.
        _close_overdue(attempt, now)
    if any(a.passed for a in attempts):
        raise ValidationError(_("Peserta sudah lulus kuis ini; percobaan tambahan tidak perlu."))
    if any(a.submitted_at is None for a in attempts):
        raise ValidationError(_("Peserta sedang mengerjakan kuis ini; tunggu sampai selesai."))
    left = attempt_allowance(enrolment, quiz) - len(attempts)
    if left > 0:
        raise ValidationError(
            _("Peserta masih memiliki %(n)d percobaan; tambahan hanya bila sudah habis.")
            % {"n": left}
        )
    grant = QuizAttemptGrant(
        enrolment=enrolment,
        quiz=quiz,
        extra=count,
        reason=reason,
        granted_by=actor,
        granted_at=now,
    )
    grant._change_reason = reason[:100]  # type: ignore[attr-defined]  # simple-history's hook
    grant.save()
    module = quiz.modules.filter(course_id=course.pk).order_by("order").first()
    notify(
        user=enrolment.employee.user,
        verb="quiz_attempts_granted",
        message=Text(
            gettext_noop(
                "Anda mendapat %(n)d percobaan tambahan untuk kuis “%(quiz)s” (%(course)s). "
                "Alasan: %(reason)s"
            ),
            {"n": count, "quiz": quiz.title, "course": course.programme.title, "reason": reason},
        ),
        url=reverse("learning:module", args=[module.pk])
        if module
        else reverse("learning:course_detail", args=[course.pk]),
    )
    return grant


def _clean_answers(attempt: QuizAttempt, answers: Mapping) -> dict[int, list[int]]:
    return clean_answers(attempt.layout, answers)


def _refuse_if_closed(attempt: QuizAttempt, now: dt.datetime) -> None:
    if attempt.submitted_at is not None:
        raise ValidationError(_("Percobaan ini sudah dikumpulkan; jawaban tidak dapat diubah."))
    if attempt.deadline and now > attempt.deadline + DEADLINE_GRACE:
        raise ValidationError(
            _(
                "Waktu pengerjaan sudah habis; jawaban ini tidak disimpan. Percobaan ditutup "
                "dan dinilai dengan jawaban yang tersimpan sebelum batas waktu."
            ),
            code="overdue",
        )


def _write_answers(attempt: QuizAttempt, answers: dict[int, list[int]]) -> None:
    existing = {a.question_id: a for a in attempt.answers.all()}
    for question_id, choice_ids in answers.items():
        answer = existing.get(question_id)
        if answer is None:
            QuizAnswer.objects.create(
                attempt=attempt, question_id=question_id, choice_ids=choice_ids
            )
        elif answer.choice_ids != choice_ids:
            answer.choice_ids = choice_ids
            answer.save(update_fields=["choice_ids", "answered_at"])


@records_actor
@transaction.atomic
def quiz_answer_save(*, actor: User, attempt: QuizAttempt, answers: Mapping) -> QuizAttempt:
    """Save answers {question id: [choice ids]} of a running attempt. Refused (nothing written)
    after submission or after the deadline; the caller then closes the attempt with
    quiz_attempt_submit."""
    attempt = _own_attempt(actor, attempt)
    _refuse_if_closed(attempt, timezone.now())
    _write_answers(attempt, _clean_answers(attempt, answers))
    return attempt


def _score(attempt: QuizAttempt, now: dt.datetime) -> QuizAttempt:
    given = {a.question_id: a.choice_ids for a in attempt.answers.all()}
    score = score_layout(attempt.layout, given)
    attempt.score = score
    attempt.passed = bool(attempt.layout) and score >= attempt.quiz.pass_mark
    attempt.submitted_at = now
    attempt.save(update_fields=["score", "passed", "submitted_at"])
    if attempt.passed:
        enrolment = attempt.enrolment
        for module in Module.objects.filter(course_id=enrolment.course_id, quiz=attempt.quiz):
            ModuleProgress.objects.get_or_create(
                enrolment=enrolment, module=module, defaults={"completed_at": now}
            )
    return attempt


@records_actor
@transaction.atomic
def quiz_attempt_submit(
    *, actor: User, attempt: QuizAttempt, answers: Mapping[Any, Any] | None = None
) -> QuizAttempt:
    """Hand in an attempt: the answers sent with it are saved first (unless the time ran out),
    then it is scored — a question is right when the chosen set equals the correct set; score =
    right / questions × 100; passed at the quiz's pass mark or above. Passing ticks the quiz
    module and may complete the course. Refused after submission."""
    attempt = _own_attempt(actor, attempt)
    now = timezone.now()
    if attempt.submitted_at is not None:
        raise ValidationError(_("Percobaan ini sudah dikumpulkan."))
    overdue = bool(attempt.deadline and now > attempt.deadline + DEADLINE_GRACE)
    if answers and not overdue:
        _write_answers(attempt, _clean_answers(attempt, answers))
    _score(attempt, now)
    if attempt.passed:
        _complete_if_done(attempt.enrolment, actor)
    return attempt


def _missing_modules(enrolment: Enrolment) -> list[Module]:
    done = done_module_ids(enrolment)
    return [m for m in enrolment.course.modules.order_by("order") if m.pk not in done]


def _complete_if_done(enrolment: Enrolment, actor: User) -> Certificate | None:
    if enrolment.completed_at is None and not _missing_modules(enrolment):
        return course_complete(actor=actor, enrolment=enrolment)
    return None


@records_actor
@transaction.atomic
def course_complete(*, actor: User, enrolment: Enrolment) -> Certificate | None:
    """Complete the enrolment once every module is done (every quiz module passed): the JP line
    and the certificate follow (services_credit). Idempotent; called by the services above when
    the last module is done."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course__programme", "employee", "employee__user")
        .get(pk=enrolment.pk)
    )
    me = own_employee(actor)
    if not (can_manage_learning(actor) or (me is not None and me.pk == enrolment.employee_id)):
        raise PermissionDenied(_("Anda tidak dapat menyelesaikan kursus pegawai lain."))
    if enrolment.completed_at is None:
        missing = _missing_modules(enrolment)
        if not enrolment.course.modules.exists():
            raise ValidationError(_("Kursus belum memiliki modul."))
        if missing:
            raise ValidationError(
                _("Kursus belum selesai: %(modules)s.")
                % {"modules": ", ".join(f"{m.order}. {m.title}" for m in missing)}
            )
        enrolment.completed_at = timezone.now()
        enrolment.save(update_fields=["completed_at", "updated_at"])
        certificate = credit_enrolment(enrolment=enrolment, actor=actor)
        notify(
            user=enrolment.employee.user,
            verb="elearning_completed",
            message=Text(
                gettext_noop("Selamat! Anda menyelesaikan e-learning “%(title)s” (%(jp)d JP)."),
                {"title": enrolment.course.programme.title, "jp": enrolment.course.programme.jp},
            ),
            url=reverse("learning:course_detail", args=[enrolment.course_id]),
        )
        return certificate
    return Certificate.objects.filter(enrolment=enrolment).first()
