"""E-learning authoring for BKPSDM admins: courses, their modules, quizzes and the question bank. Each service checks permission, validates everything before it writes (a clear Indonesian message, nothing written) and runs in one transaction (docs/decisions/0037-learning-elearning.md, 0038-learning-quizzes.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.core.audit import records_actor
from abdi.core.services import require
from abdi.core.uploads import PDF, validate_upload
from abdi.learning.choices import ModuleKind, QuestionKind
from abdi.learning.models import (
    Choice,
    Course,
    Module,
    Programme,
    Question,
    Quiz,
)
from abdi.learning.permissions.common import can_manage_learning
from abdi.learning.services.elearning.checks import (
    ADMIN_ONLY,
    COURSE_MODES,
    MAX_ATTEMPTS,
    MAX_MINUTES,
    VIDEO_TYPES,
    choice_problems,
    course_problems,
    positive_int,
    quiz_problems,
)


def _title(value: str, *, max_length: int = 200) -> str:
    title = (value or "").strip()
    if not title:
        raise ValidationError({"title": [_("Judul wajib diisi.")]})
    if len(title) > max_length:
        raise ValidationError(
            {"title": [_("Judul paling panjang %(n)d karakter.") % {"n": max_length}]}
        )
    return title


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
def course_create(*, actor: User, programme: Programme) -> Course:
    require(can_manage_learning(actor), ADMIN_ONLY)
    if programme.mode not in COURSE_MODES:
        raise ValidationError(
            _("Kursus e-learning hanya untuk program bermoda e-learning atau blended.")
        )
    if Course.objects.filter(programme=programme).exists():
        raise ValidationError(_("Program ini sudah memiliki kursus e-learning."))
    return Course.objects.create(programme=programme)


@records_actor
@transaction.atomic
def course_publish(*, actor: User, course: Course) -> Course:
    require(can_manage_learning(actor), ADMIN_ONLY)
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
def course_unpublish(*, actor: User, course: Course) -> Course:
    require(can_manage_learning(actor), ADMIN_ONLY)
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
    file: File | None,
    has_file: bool,
    url: str,
    quiz: Quiz | None,
    minutes: int | str | None,
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    body = (body or "").strip()
    url = (url or "").strip()
    if kind not in ModuleKind.values:
        raise ValidationError({"kind": [_("Jenis modul tidak dikenal.")]})
    try:
        minutes = positive_int(
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
    actor: User,
    course: Course,
    title: str,
    kind: str,
    body: str = "",
    file: File | None = None,
    url: str = "",
    quiz: Quiz | None = None,
    minutes: int | str | None = 10,
) -> Module:
    """A new module at the end of the course. A text module's body is its content; the other
    kinds may carry a short introduction in `body`."""
    require(can_manage_learning(actor), ADMIN_ONLY)
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
    actor: User,
    module: Module,
    title: str,
    body: str = "",
    file: File | None = None,
    url: str = "",
    quiz: Quiz | None = None,
    minutes: int | str | None = 10,
) -> Module:
    """Change a module's content; its kind stays (remove the module and add another to change
    it). Without a new file a file module keeps its file."""
    require(can_manage_learning(actor), ADMIN_ONLY)
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
def module_move(*, actor: User, module: Module, direction: str) -> Module:
    """Swap the module with its neighbour above ('up') or below ('down')."""
    require(can_manage_learning(actor), ADMIN_ONLY)
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
def module_delete(*, actor: User, module: Module) -> None:
    """Remove a module of an unpublished course; the modules after it move up. Learners' ticks
    on it go with it."""
    require(can_manage_learning(actor), ADMIN_ONLY)
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
    *,
    title: str,
    pass_mark: int | str | None,
    max_attempts: int | str | None,
    time_limit_minutes: int | str | None,
    questions_per_attempt: int | str | None,
) -> dict[str, Any]:
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
            cleaned[field] = positive_int(
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
    actor: User,
    course: Course,
    title: str,
    pass_mark: int | str | None = 70,
    max_attempts: int | str | None = 3,
    time_limit_minutes: int | str | None = None,
    questions_per_attempt: int | str | None = None,
    shuffle: bool = True,
) -> Quiz:
    require(can_manage_learning(actor), ADMIN_ONLY)
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
    actor: User,
    quiz: Quiz,
    title: str,
    pass_mark: int | str | None = 70,
    max_attempts: int | str | None = 3,
    time_limit_minutes: int | str | None = None,
    questions_per_attempt: int | str | None = None,
    shuffle: bool = True,
) -> Quiz:
    """Settings apply to attempts started from now on; running attempts keep their layout."""
    require(can_manage_learning(actor), ADMIN_ONLY)
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
        problems = choice_problems(kind, [(str(r["text"]), bool(r["is_correct"])) for r in rows])
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
        choice = existing.get(int(str(pk))) if str(pk or "").isdigit() else None
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
    actor: User,
    quiz: Quiz,
    text: str,
    kind: str,
    choices: Iterable[Mapping],
    is_active: bool = True,
) -> Question:
    """A question with its choices ({"text", "is_correct"}), all or nothing."""
    require(can_manage_learning(actor), ADMIN_ONLY)
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
    actor: User,
    question: Question,
    text: str,
    kind: str,
    choices: Iterable[Mapping],
    is_active: bool = True,
) -> Question:
    """Replace the question's text, kind and choices ({"id" of a kept choice or none, "text",
    "is_correct"}; a choice not listed is removed), all or nothing. Running attempts are scored
    against the corrected key."""
    require(can_manage_learning(actor), ADMIN_ONLY)
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
