"""E-learning reads for the pages: the course list with my progress, a course's outline for a
learner, the authoring overview and a quiz attempt's sheet. Each runs a bounded number of
queries whatever the number of courses, modules or questions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, Max, Prefetch, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from abdi.employees.models import Employee
from abdi.learning.choices import ProgrammeMode
from abdi.learning.models import (
    Certificate,
    Choice,
    Course,
    Enrolment,
    JpEntry,
    Module,
    Programme,
    Question,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizAttemptGrant,
)


@dataclass
class CourseRow:
    course: Course
    module_count: int
    enrolment: Enrolment | None = None
    done: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.module_count) if self.module_count else 0


def learner_courses(employee: Employee, *, search: str = "") -> list[CourseRow]:
    """Published courses with the employee's progress (3 queries)."""
    courses = (
        Course.objects.filter(is_published=True, programme__is_active=True)
        .select_related("programme")
        .annotate(module_count=Count("modules"))
        .order_by("programme__title")
    )
    if search:
        courses = courses.filter(
            Q(programme__title__icontains=search) | Q(programme__description__icontains=search)
        )
    enrolments = {}
    if employee is not None:
        enrolments = {
            e.course_id: e
            for e in Enrolment.objects.filter(employee=employee).annotate(done=Count("progress"))
        }
    rows = []
    for course in courses:
        enrolment = enrolments.get(course.pk)
        rows.append(
            CourseRow(
                course=course,
                module_count=course.module_count,
                enrolment=enrolment,
                done=enrolment.done if enrolment else 0,
            )
        )
    return rows


@dataclass
class ModuleRow:
    module: Module
    done: bool
    locked: bool
    attempts: int = 0
    best_score: object = None
    passed: bool = False


@dataclass
class Outline:
    course: Course
    enrolment: Enrolment | None
    rows: list[ModuleRow] = field(default_factory=list)
    certificate: Certificate | None = None
    jp_entry: JpEntry | None = None

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.done)

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.rows)) if self.rows else 0

    @property
    def resume(self) -> Module | None:
        """Where "Lanjutkan" leads: the last opened module if it is open, else the first module
        not done yet."""
        if not self.rows:
            return None
        last = self.enrolment.last_module_id if self.enrolment else None
        for row in self.rows:
            if row.module.pk == last and not row.locked and not row.done:
                return row.module
        first_undone = next((r.module for r in self.rows if not r.done), None)
        return first_undone or self.rows[0].module

    @property
    def completed(self) -> bool:
        return bool(self.enrolment and self.enrolment.completed_at)


def course_outline(course: Course, enrolment: Enrolment | None) -> Outline:
    """The modules in order with done ticks, lock state and quiz results."""
    modules = list(course.modules.select_related("quiz").order_by("order"))
    done: set[int] = set()
    quiz_stats: dict[int, dict] = {}
    outline = Outline(course=course, enrolment=enrolment)
    if enrolment is not None:
        done = set(enrolment.progress.values_list("module_id", flat=True))
        for row in (
            QuizAttempt.objects.filter(enrolment=enrolment)
            .values("quiz_id")
            .annotate(
                attempts=Count("pk"),
                best=Max("score"),
                passed=Count("pk", filter=Q(passed=True)),
            )
        ):
            quiz_stats[row["quiz_id"]] = row
        if enrolment.completed_at:
            outline.certificate = Certificate.objects.filter(enrolment=enrolment).first()
            outline.jp_entry = JpEntry.objects.filter(enrolment=enrolment).first()
    blocked = False
    for module in modules:
        stats = quiz_stats.get(module.quiz_id, {}) if module.quiz_id else {}
        is_done = module.pk in done
        outline.rows.append(
            ModuleRow(
                module=module,
                done=is_done,
                locked=blocked,
                attempts=stats.get("attempts", 0),
                best_score=stats.get("best"),
                passed=bool(stats.get("passed")),
            )
        )
        blocked = blocked or not is_done
    return outline


def admin_courses() -> QuerySet[Course]:
    return (
        Course.objects.select_related("programme")
        .annotate(
            module_count=Count("modules", distinct=True),
            enrolment_count=Count("enrolments", distinct=True),
            completed_count=Count(
                "enrolments", filter=Q(enrolments__completed_at__isnull=False), distinct=True
            ),
        )
        .order_by("-is_published", "programme__title")
    )


def programmes_without_course() -> QuerySet[Programme]:
    return (
        Programme.objects.filter(
            mode__in=[ProgrammeMode.ELEARNING, ProgrammeMode.BLENDED],
            course__isnull=True,
            is_active=True,
        )
        .only("pk", "code", "title", "mode", "jp")
        .order_by("title")
    )


def quiz_bank(quiz: Quiz) -> QuerySet[Question]:
    return quiz.questions.prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("order", "pk"))
    ).order_by("pk")


@dataclass
class SheetRow:
    number: int
    question: Question
    choices: list[Choice]
    selected: set[int]

    @property
    def multiple(self) -> bool:
        return self.question.kind == "multiple"


def attempt_sheet(attempt: QuizAttempt) -> list[SheetRow]:
    """The attempt's questions and choices in the order fixed at its start, with the saved
    answers (3 queries). A question or choice removed from the bank since is left out."""
    saved = {
        a.question_id: set(a.choice_ids)
        for a in QuizAnswer.objects.filter(attempt=attempt).only("question_id", "choice_ids")
    }
    return layout_sheet(attempt.layout, saved)


def layout_sheet(layout: list[dict], saved: dict[int, set[int]]) -> list[SheetRow]:
    """The sheet of a drawn layout with the answers saved {question id: {choice ids}} (2
    queries); also the sheet of an external applicant's written test (careers)."""
    question_ids = [int(r["question"]) for r in layout]
    questions = Question.objects.in_bulk(question_ids)
    choices = Choice.objects.in_bulk([int(c) for r in layout for c in r["choices"]])
    rows: list[SheetRow] = []
    for row in layout:
        question = questions.get(int(row["question"]))
        if question is None:
            continue
        rows.append(
            SheetRow(
                number=len(rows) + 1,
                question=question,
                choices=[choices[int(c)] for c in row["choices"] if int(c) in choices],
                selected=saved.get(question.pk, set()),
            )
        )
    return rows


# --- extra attempts -------------------------------------------------------------------------


def granted_attempts(enrolment: Enrolment, quiz: Quiz) -> int:
    """Extra attempts granted to this learner at this quiz (0 when none)."""
    return (
        QuizAttemptGrant.objects.filter(enrolment=enrolment, quiz=quiz).aggregate(n=Sum("extra"))[
            "n"
        ]
        or 0
    )


def attempt_allowance(enrolment: Enrolment, quiz: Quiz) -> int:
    """How many attempts the learner has at the quiz: the quiz's limit plus their grants."""
    return quiz.max_attempts + granted_attempts(enrolment, quiz)


def _running(now: dt.datetime, grace: dt.timedelta) -> Q:
    """An attempt still open for answers (one past its deadline counts as used)."""
    return Q(submitted_at__isnull=True) & (Q(deadline__isnull=True) | Q(deadline__gte=now - grace))


def _attempt_stats(
    attempts: QuerySet[QuizAttempt], now: dt.datetime, grace: dt.timedelta
) -> QuerySet[QuizAttempt, dict[str, Any]]:
    return (
        attempts.order_by()
        .values("enrolment_id", "quiz_id", "quiz__max_attempts")
        .annotate(
            used=Count("pk"),
            passes=Count("pk", filter=Q(passed=True)),
            running=Count("pk", filter=_running(now, grace)),
        )
    )


def _grants(enrolment_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    return {
        (e, q): n
        for e, q, n in QuizAttemptGrant.objects.filter(enrolment_id__in=list(enrolment_ids))
        .order_by()
        .values("enrolment_id", "quiz_id")
        .annotate(n=Sum("extra"))
        .values_list("enrolment_id", "quiz_id", "n")
    }


def stuck_enrolment_ids(
    course: Course, *, now: dt.datetime | None = None, grace: dt.timedelta | None = None
) -> set[int]:
    """Learners of the course who used up every attempt at one of its quizzes without passing
    it and have none running: they cannot go on unless granted more. Two queries — the database
    keeps only the (learner, quiz) pairs at or past the quiz's own limit, then their grants are
    added."""
    now = now or timezone.now()
    grace = grace if grace is not None else dt.timedelta(0)
    candidates = list(
        # used, passes and running are _attempt_stats's annotations, which the django-stubs
        # plugin does not follow through a function's return.
        _attempt_stats(QuizAttempt.objects.filter(enrolment__course=course), now, grace).filter(  # type: ignore[misc]
            used__gte=F("quiz__max_attempts"), passes=0, running=0
        )
    )
    granted = _grants({row["enrolment_id"] for row in candidates})
    return {
        row["enrolment_id"]
        for row in candidates
        if row["used"]
        >= row["quiz__max_attempts"] + granted.get((row["enrolment_id"], row["quiz_id"]), 0)
    }


@dataclass
class LearnerQuiz:
    quiz: Quiz
    used: int = 0
    allowed: int = 0
    passed: bool = False
    running: bool = False

    @property
    def stuck(self) -> bool:
        return not self.passed and not self.running and self.used >= self.allowed


@dataclass
class LearnerRow:
    enrolment: Enrolment
    done: int
    quizzes: list[LearnerQuiz]

    @property
    def stuck(self) -> list[LearnerQuiz]:
        return [q for q in self.quizzes if q.stuck]


def course_quizzes(course: Course) -> list[Quiz]:
    """The quizzes the learners take: those of the course's quiz modules, in module order."""
    seen: dict[int, Quiz] = {}
    for module in (
        course.modules.filter(quiz__isnull=False).select_related("quiz").order_by("order")
    ):
        quiz = module.quiz
        assert quiz is not None  # quiz modules only
        seen.setdefault(quiz.pk, quiz)
    return list(seen.values())


def course_learners(
    course: Course,
    *,
    stuck_only: bool = False,
    page: int | str = 1,
    per_page: int = 50,
    grace: dt.timedelta | None = None,
) -> tuple[Page[LearnerRow], list[Quiz], int]:
    """The course's learners with their progress and, per quiz, attempts used out of those
    allowed; the ones out of attempts first. Returns (page of LearnerRow, quizzes, number of
    learners out of attempts). A fixed number of queries whatever the number of learners."""
    now = timezone.now()
    quizzes = course_quizzes(course)
    stuck = stuck_enrolment_ids(course, now=now, grace=grace)
    enrolments = (
        Enrolment.objects.filter(course=course)
        .select_related("employee", "employee__org_unit")
        .annotate(
            done=Count("progress"),
            out_first=Case(When(pk__in=stuck, then=Value(0)), default=Value(1)),
        )
        .order_by("out_first", "employee__name", "pk")
    )
    if stuck_only:
        enrolments = enrolments.filter(pk__in=stuck)
    page_obj = Paginator(enrolments, per_page).get_page(page)
    members = list(page_obj.object_list)
    ids = [e.pk for e in members]
    stats = {
        (row["enrolment_id"], row["quiz_id"]): row
        for row in _attempt_stats(
            QuizAttempt.objects.filter(enrolment_id__in=ids), now, grace or dt.timedelta(0)
        )
    }
    granted = _grants(ids)
    rows: list[LearnerRow] = []
    for enrolment in members:
        per_quiz = []
        for quiz in quizzes:
            row = stats.get((enrolment.pk, quiz.pk), {})
            per_quiz.append(
                LearnerQuiz(
                    quiz=quiz,
                    used=row.get("used", 0),
                    allowed=quiz.max_attempts + granted.get((enrolment.pk, quiz.pk), 0),
                    passed=bool(row.get("passes")),
                    running=bool(row.get("running")),
                )
            )
        rows.append(LearnerRow(enrolment=enrolment, done=enrolment.done, quizzes=per_quiz))
    # The page of enrolments shows one row per enrolment; Page's stub ties the type of its
    # items to its paginator's, so the swap is spelled out.
    page_obj.object_list = rows  # type: ignore[assignment]
    return cast("Page[LearnerRow]", page_obj), quizzes, len(stuck)
