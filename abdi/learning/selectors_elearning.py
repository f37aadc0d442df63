"""E-learning reads for the pages: the course list with my progress, a course's outline for a
learner, the authoring overview and a quiz attempt's sheet. Each runs a bounded number of
queries whatever the number of courses, modules or questions."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet

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
    QuizAnswer,
    QuizAttempt,
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


def learner_courses(employee, *, search: str = "") -> list[CourseRow]:
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


def quiz_bank(quiz) -> QuerySet[Question]:
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
    question_ids = [int(r["question"]) for r in attempt.layout]
    questions = Question.objects.in_bulk(question_ids)
    choices = Choice.objects.in_bulk([int(c) for r in attempt.layout for c in r["choices"]])
    saved = {
        a.question_id: set(a.choice_ids)
        for a in QuizAnswer.objects.filter(attempt=attempt).only("question_id", "choice_ids")
    }
    rows = []
    for row in attempt.layout:
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
