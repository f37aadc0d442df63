"""The quiz engine's parts that do not depend on who takes the quiz: draw an attempt's
questions, read the answers sent for it, score it. The learner's path (`learner.py`) uses them
for an enrolled employee's QuizAttempt; careers uses them for the written test an applicant
from another agency takes with a one-time link (docs/decisions/0048-careers-finish.md). One
engine: the random draw, the answer checks and the scoring rule live only here."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from abdi.learning.choices import QuestionKind
from abdi.learning.models import Choice, Question, Quiz
from abdi.learning.services.elearning.checks import usable_questions

Layout = list[dict]  # [{"question": id, "choices": [ids in the order shown]}]


def draw_layout(quiz: Quiz) -> Layout:
    """The questions of a new attempt, drawn at random from the bank's usable questions,
    shuffled with their choices if the quiz says so. Refused when the bank is short."""
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
    return layout


def deadline_for(quiz: Quiz, started: dt.datetime) -> dt.datetime | None:
    if not quiz.time_limit_minutes:
        return None
    return started + dt.timedelta(minutes=quiz.time_limit_minutes)


def clean_answers(layout: Sequence[Mapping], answers: Mapping) -> dict[int, list[int]]:
    """{question id: [choice ids]} from the answers sent, each checked against the attempt's
    layout (a question not drawn, a choice of another question, two answers to a
    single-choice question are refused)."""
    drawn = {int(row["question"]): [int(c) for c in row["choices"]] for row in layout}
    kinds = dict(Question.objects.filter(pk__in=drawn).values_list("pk", "kind"))
    cleaned: dict[int, list[int]] = {}
    for raw_question, raw_choices in answers.items():
        try:
            question_id = int(raw_question)
            choice_ids = sorted({int(c) for c in raw_choices or []})
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("Jawaban tidak dapat dibaca.")) from exc
        if question_id not in drawn:
            raise ValidationError(_("Soal itu tidak ada di percobaan ini."))
        if not set(choice_ids) <= set(drawn[question_id]):
            raise ValidationError(_("Pilihan jawaban itu bukan milik soalnya."))
        if kinds.get(question_id) == QuestionKind.SINGLE and len(choice_ids) > 1:
            raise ValidationError(_("Soal pilihan tunggal hanya boleh satu jawaban."))
        cleaned[question_id] = choice_ids
    return cleaned


def score_layout(layout: Sequence[Mapping], given: Mapping[int, Iterable[int]]) -> Decimal:
    """A question is right when the chosen set equals the correct set; score = right /
    questions × 100, two decimals rounded half up."""
    question_ids = [int(row["question"]) for row in layout]
    correct: dict[int, set[int]] = {q: set() for q in question_ids}
    for question_id, choice_id in Choice.objects.filter(
        question_id__in=question_ids, is_correct=True
    ).values_list("question_id", "pk"):
        correct[question_id].add(choice_id)
    chosen = {int(q): set(c) for q, c in given.items()}
    right = sum(1 for q in question_ids if chosen.get(q) and chosen[q] == correct[q])
    return (Decimal(right * 100) / Decimal(len(question_ids) or 1)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
