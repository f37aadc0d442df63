"""E-learning writes: authoring (courses, modules, quizzes, the question bank) for BKPSDM admins,
and the learner's path (enrol, open and finish modules, quiz attempts, completion with its JP line
and certificate). Each service checks permission, validates everything before it writes (a clear
Indonesian message, nothing written) and runs in one transaction.

Decisions (docs/decisions/0037-learning-elearning.md, 0038-learning-quizzes.md):
- modules open in order: a module after an unfinished one is refused;
- a quiz module is done when its quiz is passed (the pass writes its ModuleProgress);
- an attempt's questions and choice order are fixed when it starts (QuizAttempt.layout);
- after the deadline an answer is refused and nothing of it is written; the attempt is closed and
  scored with the answers saved before the deadline (by the submit, or lazily when the learner
  comes back or starts another attempt).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.core.audit import records_actor
from abdi.core.notifications import Text, notify
from abdi.core.uploads import PDF, validate_upload
from abdi.employees.models import Employee
from abdi.employees.permissions import own_employee
from abdi.learning.choices import ModuleKind, ProgrammeMode, QuestionKind
from abdi.learning.models import (
    Certificate,
    Choice,
    Course,
    Enrolment,
    Module,
    ModuleProgress,
    Programme,
    Question,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizAttemptGrant,
)
from abdi.learning.permissions import can_manage_learning
from abdi.learning.selectors_elearning import attempt_allowance
from abdi.learning.services_credit import credit_enrolment

VIDEO_TYPES = ("video/mp4", "video/webm")
COURSE_MODES = (ProgrammeMode.ELEARNING, ProgrammeMode.BLENDED)
# An answer that arrives this late after the deadline still counts (the network, not the
# learner, was slow).
DEADLINE_GRACE = dt.timedelta(seconds=10)
MAX_MINUTES = 600
MAX_ATTEMPTS = 20
# Extra attempts one grant may give, and the reason's length (it is read in the audit trail).
MAX_GRANT = 5
MAX_GRANT_REASON = 500


# --- helpers --------------------------------------------------------------------------------


def _require_admin(actor) -> None:
    if not can_manage_learning(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang dapat mengelola e-learning."))


def _learner(actor) -> Employee:
    me = own_employee(actor)
    if me is None:
        raise PermissionDenied(_("Hanya pegawai yang dapat mengikuti e-learning."))
    return me


def _enrolment_of(actor, course: Course, *, lock: bool = False) -> Enrolment:
    me = _learner(actor)
    enrolments = Enrolment.objects.filter(course=course, employee=me)
    if lock:
        enrolments = enrolments.select_for_update(of=("self",))
    enrolment = enrolments.first()
    if enrolment is None:
        raise ValidationError(_("Anda belum terdaftar di kursus ini. Klik “Mulai” dulu."))
    return enrolment


def _own_attempt(actor, attempt: QuizAttempt) -> QuizAttempt:
    me = _learner(actor)
    locked = (
        QuizAttempt.objects.select_for_update(of=("self",))
        .select_related("quiz", "enrolment", "enrolment__course")
        .get(pk=attempt.pk)
    )
    if locked.enrolment.employee_id != me.pk:
        raise PermissionDenied(_("Percobaan kuis ini bukan milik Anda."))
    return locked


def _positive_int(value, *, field: str, label: str, low: int, high: int, required: bool):
    if value in (None, ""):
        if required:
            raise ValidationError({field: [_("%(label)s wajib diisi.") % {"label": label}]})
        return None
    try:
        number = int(value)
        if isinstance(value, bool) or str(number) != str(value).strip():
            raise ValueError
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        raise ValidationError(
            {
                field: [
                    _("%(label)s harus bilangan bulat %(low)d–%(high)d.")
                    % {"label": label, "low": low, "high": high}
                ]
            }
        )
    return number


def _title(value: str, *, max_length: int = 200) -> str:
    title = (value or "").strip()
    if not title:
        raise ValidationError({"title": [_("Judul wajib diisi.")]})
    if len(title) > max_length:
        raise ValidationError(
            {"title": [_("Judul paling panjang %(n)d karakter.") % {"n": max_length}]}
        )
    return title


# --- the question bank's rules ----------------------------------------------------------------


def choice_problems(kind: str, choices: Sequence[tuple[str, bool]]) -> list[str]:
    """What is wrong with a question of `kind` with these (text, is_correct) choices."""
    problems = []
    if len(choices) < 2:
        problems.append(_("Setiap soal harus memiliki minimal dua pilihan jawaban."))
    texts = [t.strip().casefold() for t, _c in choices]
    if len(set(texts)) != len(texts):
        problems.append(_("Dua pilihan jawaban tidak boleh sama."))
    correct = sum(1 for _t, c in choices if c)
    if kind == QuestionKind.SINGLE and correct != 1:
        problems.append(
            _("Soal pilihan tunggal harus memiliki tepat satu jawaban benar (ditandai: %(n)d).")
            % {"n": correct}
        )
    if kind == QuestionKind.MULTIPLE and correct < 1:
        problems.append(_("Soal pilihan ganda harus memiliki minimal satu jawaban benar."))
    return problems


def usable_questions(quiz: Quiz) -> list[Question]:
    """The active questions of the bank that pass the rules (written straight to the tables a
    question might not), with their choices."""
    questions = quiz.questions.filter(is_active=True).prefetch_related("choices")
    return [
        q
        for q in questions
        if q.kind in QuestionKind.values
        and not choice_problems(q.kind, [(c.text, c.is_correct) for c in q.choices.all()])
    ]


def quiz_problems(quiz: Quiz) -> list[str]:
    needed = quiz.questions_per_attempt or 1
    have = len(usable_questions(quiz))
    if have < needed:
        return [
            _(
                "Kuis “%(quiz)s” butuh minimal %(needed)d soal aktif yang sah; "
                "bank soalnya baru berisi %(have)d."
            )
            % {"quiz": quiz.title, "needed": needed, "have": have}
        ]
    return []


def course_problems(course: Course) -> list[str]:
    """Why the course cannot be published (empty: it can)."""
    modules = list(course.modules.select_related("quiz"))
    if not modules:
        return [_("Kursus belum memiliki modul.")]
    problems = []
    for quiz in {m.quiz for m in modules if m.kind == ModuleKind.QUIZ and m.quiz}:
        problems += quiz_problems(quiz)
    return problems


def _check_published_quiz(quiz: Quiz) -> None:
    """A change must not leave a quiz of a published course unusable."""
    if quiz.course.is_published and quiz.modules.exists():
        problems = quiz_problems(quiz)
        if problems:
            raise ValidationError(
                problems
                + [_("Kursus sudah terbit; batalkan penerbitan dulu bila perlu mengubah ini.")]
            )


# --- authoring: courses -----------------------------------------------------------------------


@records_actor
@transaction.atomic
def course_create(*, actor, programme: Programme) -> Course:
    _require_admin(actor)
    if programme.mode not in COURSE_MODES:
        raise ValidationError(
            _("Kursus e-learning hanya untuk program bermoda e-learning atau blended.")
        )
    if Course.objects.filter(programme=programme).exists():
        raise ValidationError(_("Program ini sudah memiliki kursus e-learning."))
    return Course.objects.create(programme=programme)


@records_actor
@transaction.atomic
def course_publish(*, actor, course: Course) -> Course:
    _require_admin(actor)
    course = Course.objects.select_for_update(of=("self",)).get(pk=course.pk)
    problems = course_problems(course)
    if problems:
        raise ValidationError([_("Kursus belum dapat diterbitkan.")] + problems)
    if not course.is_published:
        course.is_published = True
        course.save(update_fields=["is_published", "updated_at"])
    return course


@records_actor
@transaction.atomic
def course_unpublish(*, actor, course: Course) -> Course:
    _require_admin(actor)
    course = Course.objects.select_for_update(of=("self",)).get(pk=course.pk)
    if course.is_published:
        course.is_published = False
        course.save(update_fields=["is_published", "updated_at"])
    return course


# --- authoring: modules -----------------------------------------------------------------------


def _clean_module(
    *,
    course: Course,
    kind: str,
    body: str,
    file,
    has_file: bool,
    url: str,
    quiz: Quiz | None,
    minutes,
) -> dict:
    errors: dict[str, list[str]] = {}
    body = (body or "").strip()
    url = (url or "").strip()
    if kind not in ModuleKind.values:
        raise ValidationError({"kind": [_("Jenis modul tidak dikenal.")]})
    try:
        minutes = _positive_int(
            minutes,
            field="minutes",
            label=_("Perkiraan durasi"),
            low=1,
            high=MAX_MINUTES,
            required=True,
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if kind == ModuleKind.TEXT and not body:
        errors["body"] = [_("Isi bacaan wajib diisi.")]
    if kind in (ModuleKind.VIDEO_FILE, ModuleKind.PDF):
        if file is None and not has_file:
            errors["file"] = [_("Pilih berkas modul.")]
        elif file is not None:
            try:
                if kind == ModuleKind.VIDEO_FILE:
                    validate_upload(
                        file, allowed=VIDEO_TYPES, max_bytes=settings.ABDI_ELEARNING_VIDEO_MAX_BYTES
                    )
                else:
                    validate_upload(
                        file, allowed=(PDF,), max_bytes=settings.ABDI_ELEARNING_PDF_MAX_BYTES
                    )
            except ValidationError as exc:
                errors["file"] = exc.messages
    if kind == ModuleKind.VIDEO_LINK:
        try:
            if not url:
                raise ValidationError(_("Tautan video wajib diisi."))
            URLValidator(
                schemes=["http", "https"],
                message=_("Tautan video harus alamat http:// atau https:// yang sah."),
            )(url)
            if len(url) > 200:
                raise ValidationError(_("Tautan paling panjang 200 karakter."))
        except ValidationError as exc:
            errors["url"] = exc.messages
    if kind == ModuleKind.QUIZ:
        if quiz is None:
            errors["quiz"] = [_("Pilih kuis untuk modul ini.")]
        elif quiz.course_id != course.pk:
            errors["quiz"] = [_("Kuis itu milik kursus lain.")]
    if errors:
        raise ValidationError(errors)
    return {
        "body": body,
        "url": url if kind == ModuleKind.VIDEO_LINK else "",
        "quiz": quiz if kind == ModuleKind.QUIZ else None,
        "minutes": minutes,
    }


@records_actor
@transaction.atomic
def module_create(
    *,
    actor,
    course: Course,
    title: str,
    kind: str,
    body: str = "",
    file=None,
    url: str = "",
    quiz: Quiz | None = None,
    minutes=10,
) -> Module:
    """A new module at the end of the course. A text module's body is its content; the other
    kinds may carry a short introduction in `body`."""
    _require_admin(actor)
    course = Course.objects.select_for_update(of=("self",)).get(pk=course.pk)
    title = _title(title)
    cleaned = _clean_module(
        course=course,
        kind=kind,
        body=body,
        file=file,
        has_file=False,
        url=url,
        quiz=quiz,
        minutes=minutes,
    )
    if course.is_published and cleaned["quiz"] is not None:
        problems = quiz_problems(cleaned["quiz"])
        if problems:
            raise ValidationError({"quiz": problems})
    last = course.modules.aggregate(m=Max("order"))["m"] or 0
    module = Module(course=course, order=last + 1, title=title, kind=kind, **cleaned)
    if file is not None and kind in (ModuleKind.VIDEO_FILE, ModuleKind.PDF):
        module.file = file
    module.save()
    return module


@records_actor
@transaction.atomic
def module_update(
    *,
    actor,
    module: Module,
    title: str,
    body: str = "",
    file=None,
    url: str = "",
    quiz: Quiz | None = None,
    minutes=10,
) -> Module:
    """Change a module's content; its kind stays (remove the module and add another to change
    it). Without a new file a file module keeps its file."""
    _require_admin(actor)
    module = (
        Module.objects.select_for_update(of=("self",)).select_related("course").get(pk=module.pk)
    )
    title = _title(title)
    cleaned = _clean_module(
        course=module.course,
        kind=module.kind,
        body=body,
        file=file,
        has_file=bool(module.file),
        url=url,
        quiz=quiz,
        minutes=minutes,
    )
    if module.course.is_published and cleaned["quiz"] is not None:
        problems = quiz_problems(cleaned["quiz"])
        if problems:
            raise ValidationError({"quiz": problems})
    module.title = title
    for name, value in cleaned.items():
        setattr(module, name, value)
    if file is not None and module.kind in (ModuleKind.VIDEO_FILE, ModuleKind.PDF):
        module.file = file
    module.save()
    return module


@records_actor
@transaction.atomic
def module_move(*, actor, module: Module, direction: str) -> Module:
    """Swap the module with its neighbour above ('up') or below ('down')."""
    _require_admin(actor)
    if direction not in ("up", "down"):
        raise ValidationError(_("Arah pemindahan tidak dikenal."))
    Course.objects.select_for_update(of=("self",)).get(pk=module.course_id)
    module = Module.objects.get(pk=module.pk)
    siblings = Module.objects.filter(course_id=module.course_id)
    neighbour = (
        siblings.filter(order__lt=module.order).order_by("-order").first()
        if direction == "up"
        else siblings.filter(order__gt=module.order).order_by("order").first()
    )
    if neighbour is None:
        raise ValidationError(
            _("Modul ini sudah paling atas.")
            if direction == "up"
            else _("Modul ini sudah paling bawah.")
        )
    mine, theirs = module.order, neighbour.order
    # (course, order) is unique: park the module on 0 (orders start at 1) while swapping.
    Module.objects.filter(pk=module.pk).update(order=0)
    Module.objects.filter(pk=neighbour.pk).update(order=mine)
    Module.objects.filter(pk=module.pk).update(order=theirs)
    module.refresh_from_db()
    return module


@records_actor
@transaction.atomic
def module_delete(*, actor, module: Module) -> None:
    """Remove a module of an unpublished course; the modules after it move up. Learners' ticks
    on it go with it."""
    _require_admin(actor)
    course = Course.objects.select_for_update(of=("self",)).get(pk=module.course_id)
    if course.is_published:
        raise ValidationError(
            _("Modul kursus yang sudah terbit tidak dapat dihapus. Batalkan penerbitan dulu.")
        )
    module = Module.objects.get(pk=module.pk)
    order = module.order
    module.delete()
    for later in course.modules.filter(order__gt=order).order_by("order"):
        later.order -= 1
        later.save(update_fields=["order", "updated_at"])


# --- authoring: quizzes and questions ---------------------------------------------------------


def _clean_quiz(
    *, title, pass_mark, max_attempts, time_limit_minutes, questions_per_attempt
) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}
    for field, label, value, low, high, required in (
        ("pass_mark", _("Nilai lulus"), pass_mark, 1, 100, True),
        ("max_attempts", _("Batas percobaan"), max_attempts, 1, MAX_ATTEMPTS, True),
        ("time_limit_minutes", _("Batas waktu"), time_limit_minutes, 1, MAX_MINUTES, False),
        (
            "questions_per_attempt",
            _("Jumlah soal per percobaan"),
            questions_per_attempt,
            1,
            500,
            False,
        ),
    ):
        try:
            cleaned[field] = _positive_int(
                value, field=field, label=label, low=low, high=high, required=required
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
    try:
        cleaned["title"] = _title(title)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


@records_actor
@transaction.atomic
def quiz_create(
    *,
    actor,
    course: Course,
    title: str,
    pass_mark=70,
    max_attempts=3,
    time_limit_minutes=None,
    questions_per_attempt=None,
    shuffle: bool = True,
) -> Quiz:
    _require_admin(actor)
    cleaned = _clean_quiz(
        title=title,
        pass_mark=pass_mark,
        max_attempts=max_attempts,
        time_limit_minutes=time_limit_minutes,
        questions_per_attempt=questions_per_attempt,
    )
    return Quiz.objects.create(course=course, shuffle=bool(shuffle), **cleaned)


@records_actor
@transaction.atomic
def quiz_update(
    *,
    actor,
    quiz: Quiz,
    title: str,
    pass_mark=70,
    max_attempts=3,
    time_limit_minutes=None,
    questions_per_attempt=None,
    shuffle: bool = True,
) -> Quiz:
    """Settings apply to attempts started from now on; running attempts keep their layout."""
    _require_admin(actor)
    quiz = Quiz.objects.select_for_update(of=("self",)).select_related("course").get(pk=quiz.pk)
    cleaned = _clean_quiz(
        title=title,
        pass_mark=pass_mark,
        max_attempts=max_attempts,
        time_limit_minutes=time_limit_minutes,
        questions_per_attempt=questions_per_attempt,
    )
    for name, value in cleaned.items():
        setattr(quiz, name, value)
    quiz.shuffle = bool(shuffle)
    quiz.save()
    _check_published_quiz(quiz)
    return quiz


def _clean_question(*, text: str, kind: str, choices: Iterable[Mapping]) -> tuple[str, list]:
    errors: dict[str, list[str]] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = [_("Teks pertanyaan wajib diisi.")]
    if kind not in QuestionKind.values:
        errors["kind"] = [_("Jenis soal tidak dikenal.")]
    rows = []
    for row in choices:
        choice_text = (row.get("text") or "").strip()
        if not choice_text:
            continue  # an empty row of the form: nothing to keep
        if len(choice_text) > 500:
            errors.setdefault("choices", []).append(
                _("Pilihan jawaban paling panjang 500 karakter.")
            )
        rows.append(
            {"id": row.get("id"), "text": choice_text, "is_correct": bool(row.get("is_correct"))}
        )
    if kind in QuestionKind.values:
        problems = choice_problems(kind, [(r["text"], r["is_correct"]) for r in rows])
        if problems:
            errors.setdefault("choices", []).extend(problems)
    if errors:
        raise ValidationError(errors)
    return text, rows


def _write_choices(question: Question, rows: list[dict]) -> None:
    existing = {c.pk: c for c in question.choices.all()}
    keep = set()
    for index, row in enumerate(rows, start=1):
        pk = row.get("id")
        choice = existing.get(int(pk)) if str(pk or "").isdigit() else None
        if pk not in (None, "") and choice is None:
            raise ValidationError({"choices": [_("Pilihan jawaban tidak dikenal.")]})
        if choice is None:
            choice = Choice(question=question)
        choice.text, choice.is_correct, choice.order = row["text"], row["is_correct"], index
        choice.save()
        keep.add(choice.pk)
    question.choices.exclude(pk__in=keep).delete()


@records_actor
@transaction.atomic
def question_create(
    *,
    actor,
    quiz: Quiz,
    text: str,
    kind: str,
    choices: Iterable[Mapping],
    is_active: bool = True,
) -> Question:
    """A question with its choices ({"text", "is_correct"}), all or nothing."""
    _require_admin(actor)
    text, rows = _clean_question(text=text, kind=kind, choices=choices)
    if any(r["id"] not in (None, "") for r in rows):
        raise ValidationError({"choices": [_("Pilihan jawaban tidak dikenal.")]})
    question = Question.objects.create(quiz=quiz, text=text, kind=kind, is_active=bool(is_active))
    _write_choices(question, rows)
    return question


@records_actor
@transaction.atomic
def question_update(
    *,
    actor,
    question: Question,
    text: str,
    kind: str,
    choices: Iterable[Mapping],
    is_active: bool = True,
) -> Question:
    """Replace the question's text, kind and choices ({"id" of a kept choice or none, "text",
    "is_correct"}; a choice not listed is removed), all or nothing. Running attempts are scored
    against the corrected key."""
    _require_admin(actor)
    question = (
        Question.objects.select_for_update(of=("self",))
        .select_related("quiz__course")
        .get(pk=question.pk)
    )
    text, rows = _clean_question(text=text, kind=kind, choices=choices)
    question.text, question.kind, question.is_active = text, kind, bool(is_active)
    question.save()
    _write_choices(question, rows)
    _check_published_quiz(question.quiz)
    return question


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
def enrol(*, actor, course: Course) -> Enrolment:
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
def module_open(*, actor, module: Module) -> Enrolment:
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
def module_complete(*, actor, module: Module) -> Module | None:
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
def quiz_attempt_start(*, actor, module: Module) -> QuizAttempt:
    """Start (or resume) an attempt at a quiz module's quiz: the questions are drawn at random
    from the bank's usable questions, shuffled with their choices if the quiz says so, and fixed
    for the attempt. Refused when the quiz is passed, the attempts are used up or the module is
    not open yet."""
    if module.kind != ModuleKind.QUIZ or module.quiz_id is None:
        raise ValidationError(_("Modul ini bukan kuis."))
    enrolment = _enrolment_of(actor, module.course, lock=True)
    _check_open(enrolment, module)
    quiz = module.quiz
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
    bank = usable_questions(quiz)
    needed = quiz.questions_per_attempt or len(bank)
    if not bank or len(bank) < needed:
        raise ValidationError(_("Kuis ini belum siap: bank soalnya kurang."))
    rng = random.SystemRandom()
    drawn = rng.sample(bank, needed)
    if not quiz.shuffle:
        drawn.sort(key=lambda q: q.pk)
    layout = []
    for question in drawn:
        choice_ids = [c.pk for c in question.choices.all()]
        if quiz.shuffle:
            rng.shuffle(choice_ids)
        layout.append({"question": question.pk, "choices": choice_ids})
    attempt = QuizAttempt.objects.create(
        enrolment=enrolment,
        quiz=quiz,
        number=len(attempts) + 1,
        layout=layout,
        started_at=now,
        deadline=now + dt.timedelta(minutes=quiz.time_limit_minutes)
        if quiz.time_limit_minutes
        else None,
    )
    if enrolment.last_module_id != module.pk:
        enrolment.last_module = module
        enrolment.save(update_fields=["last_module", "updated_at"])
    return attempt


@records_actor
@transaction.atomic
def quiz_attempts_grant(
    *, actor, enrolment: Enrolment, quiz: Quiz, extra, reason: str
) -> QuizAttemptGrant:
    """A BKPSDM admin (the course's manager) gives a learner who used up their attempts at a
    quiz `extra` more, with a reason: recorded with who and when (and in the history, the reason
    as the change reason) and told to the learner. Refused when the course is closed
    (unpublished, or its programme switched off), when the learner passed the quiz, has an
    attempt running or still has attempts left."""
    _require_admin(actor)
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
        count = _positive_int(
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
    grant._change_reason = reason[:100]
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
    layout = {int(row["question"]): [int(c) for c in row["choices"]] for row in attempt.layout}
    kinds = dict(Question.objects.filter(pk__in=layout).values_list("pk", "kind"))
    cleaned: dict[int, list[int]] = {}
    for raw_question, raw_choices in answers.items():
        try:
            question_id = int(raw_question)
            choice_ids = sorted({int(c) for c in raw_choices or []})
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("Jawaban tidak dapat dibaca.")) from exc
        if question_id not in layout:
            raise ValidationError(_("Soal itu tidak ada di percobaan ini."))
        if not set(choice_ids) <= set(layout[question_id]):
            raise ValidationError(_("Pilihan jawaban itu bukan milik soalnya."))
        if kinds.get(question_id) == QuestionKind.SINGLE and len(choice_ids) > 1:
            raise ValidationError(_("Soal pilihan tunggal hanya boleh satu jawaban."))
        cleaned[question_id] = choice_ids
    return cleaned


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
def quiz_answer_save(*, actor, attempt: QuizAttempt, answers: Mapping) -> QuizAttempt:
    """Save answers {question id: [choice ids]} of a running attempt. Refused (nothing written)
    after submission or after the deadline; the caller then closes the attempt with
    quiz_attempt_submit."""
    attempt = _own_attempt(actor, attempt)
    _refuse_if_closed(attempt, timezone.now())
    _write_answers(attempt, _clean_answers(attempt, answers))
    return attempt


def _score(attempt: QuizAttempt, now: dt.datetime) -> QuizAttempt:
    question_ids = [int(row["question"]) for row in attempt.layout]
    correct: dict[int, set[int]] = {q: set() for q in question_ids}
    for question_id, choice_id in Choice.objects.filter(
        question_id__in=question_ids, is_correct=True
    ).values_list("question_id", "pk"):
        correct[question_id].add(choice_id)
    given = {a.question_id: set(a.choice_ids) for a in attempt.answers.all()}
    right = sum(1 for q in question_ids if given.get(q) and given[q] == correct[q])
    total = len(question_ids)
    score = (Decimal(right * 100) / Decimal(total or 1)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    attempt.score = score
    attempt.passed = total > 0 and score >= attempt.quiz.pass_mark
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
def quiz_attempt_submit(*, actor, attempt: QuizAttempt, answers: Mapping | None = None):
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


def _complete_if_done(enrolment: Enrolment, actor) -> Certificate | None:
    if enrolment.completed_at is None and not _missing_modules(enrolment):
        return course_complete(actor=actor, enrolment=enrolment)
    return None


@records_actor
@transaction.atomic
def course_complete(*, actor, enrolment: Enrolment) -> Certificate | None:
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
