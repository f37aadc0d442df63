"""E-learning rules the writes share: the limits, the question bank's checks (a question's choices, a usable quiz, a publishable course) and the bounded-number input check."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, overload

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abdi.learning.choices import ModuleKind, ProgrammeMode, QuestionKind
from abdi.learning.models import (
    Course,
    Question,
    Quiz,
)

ADMIN_ONLY = gettext_lazy("Hanya admin BKPSDM yang dapat mengelola e-learning.")
VIDEO_TYPES = ("video/mp4", "video/webm")
COURSE_MODES = (ProgrammeMode.ELEARNING, ProgrammeMode.BLENDED)
MAX_MINUTES = 600
MAX_ATTEMPTS = 20
# Extra attempts one grant may give, and the reason's length (it is read in the audit trail).
MAX_GRANT = 5
MAX_GRANT_REASON = 500


@overload
def positive_int(
    value: object, *, field: str, label: str, low: int, high: int, required: Literal[True]
) -> int: ...
@overload
def positive_int(
    value: object, *, field: str, label: str, low: int, high: int, required: bool
) -> int | None: ...
def positive_int(
    value: object, *, field: str, label: str, low: int, high: int, required: bool
) -> int | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: [_("%(label)s wajib diisi.") % {"label": label}]})
        return None
    try:
        number = int(value)  # type: ignore[call-overload]  # any input: refused below if not a number
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
