"""Reads for development plans: which programmes address a competency (and which is best for a
required level), a plan with its items, and a supervisor's team. Fixed numbers of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

from abdi.accounts.models import User
from abdi.employees.models import Employee
from abdi.employees.permissions import below_position_ids
from abdi.learning.choices import (
    PlanItemKind,
    PlanItemStatus,
    PlanStatus,
    ProgrammeCategory,
    ProgrammeMode,
)
from abdi.learning.models import (
    Course,
    DevelopmentPlan,
    DevelopmentPlanItem,
    Programme,
    ProgrammeCompetency,
    TrainingSession,
)

# Plan states in which the items may be changed.
EDITABLE_PLAN = (PlanStatus.DRAFT, PlanStatus.RETURNED)


@dataclass
class Candidate:
    """A programme that addresses a competency, with what makes it a good suggestion."""

    programme: Programme
    target_level: int | None
    session: TrainingSession | None  # the earliest session still open for registration
    has_course: bool  # a published e-learning course

    @property
    def available(self) -> bool:
        return self.session is not None or self.has_course

    def reaches(self, required: int) -> bool:
        return self.target_level is not None and self.target_level >= required

    def sort_key(self, required: int) -> tuple[bool, bool, int, str, int]:
        """Best first: reaches the required level; can be taken (an open session or an
        e-learning course); the closest level; then by title."""
        distance = abs(self.target_level - required) if self.target_level is not None else 9
        return (
            not self.reaches(required),
            not self.available,
            distance,
            self.programme.title,
            self.programme.pk,
        )


def programme_candidates(
    competency_ids: Iterable[int], *, year: int, today: dt.date | None = None
) -> dict[int, list[Candidate]]:
    """{competency id: [Candidate]} over the active programmes addressing each. Three queries."""
    today = today or timezone.localdate()
    links = list(
        ProgrammeCompetency.objects.filter(
            competency_id__in=list(competency_ids), programme__is_active=True
        ).select_related("programme")
    )
    programme_ids = {link.programme_id for link in links}
    sessions: dict[int, TrainingSession] = {}
    for session in TrainingSession.objects.filter(
        programme_id__in=programme_ids,
        is_cancelled=False,
        registration_closes__gte=today,
        start_date__year=year,
    ).order_by("start_date", "pk"):
        sessions.setdefault(session.programme_id, session)
    courses = set(
        Course.objects.filter(programme_id__in=programme_ids, is_published=True).values_list(
            "programme_id", flat=True
        )
    )
    result: dict[int, list[Candidate]] = defaultdict(list)
    for link in links:
        result[link.competency_id].append(
            Candidate(
                programme=link.programme,
                target_level=link.target_level,
                session=sessions.get(link.programme_id),
                has_course=link.programme_id in courses,
            )
        )
    return result


def ranked(candidates: list[Candidate], required: int) -> list[Candidate]:
    return sorted(candidates, key=lambda c: c.sort_key(required))


def kind_for_programme(programme: Programme) -> str:
    """The plan item's kind that a programme is: its category first (coaching, seminar), then
    its mode (e-learning), else training (classroom and blended)."""
    if programme.category == ProgrammeCategory.COACHING:
        return PlanItemKind.COACHING
    if programme.mode == ProgrammeMode.ELEARNING:
        return PlanItemKind.ELEARNING
    if programme.category == ProgrammeCategory.SEMINAR:
        return PlanItemKind.SEMINAR
    return PlanItemKind.TRAINING


def plan_for(employee: Employee, year: int) -> DevelopmentPlan | None:
    return (
        DevelopmentPlan.objects.filter(employee=employee, year=year)
        .select_related("employee__position", "employee__org_unit", "supervisor", "agreed_by")
        .first()
    )


class PlanItemLinks(TypedDict):
    linked: int  # registrations and enrolments made for the item


def plan_items(plan: DevelopmentPlan) -> list[WithAnnotations[DevelopmentPlanItem, PlanItemLinks]]:
    return list(
        plan.items.select_related("competency", "programme").annotate(
            linked=Count("registrations", distinct=True) + Count("enrolments", distinct=True)
        )
    )


def plan_years(employee: Employee) -> list[int]:
    return list(
        DevelopmentPlan.objects.filter(employee=employee)
        .order_by("-year")
        .values_list("year", flat=True)
    )


def subordinates(user: User) -> QuerySet[Employee]:
    """The active employees below the positions the user holds (acting included): the people a
    supervisor starts a plan for."""
    return Employee.objects.filter(is_active=True, position_id__in=below_position_ids(user))


def subordinate_plans(user: User) -> QuerySet[DevelopmentPlan]:
    """Plans of the employees below the user's positions: the only plans the user decides on
    (agree, return); for anyone else they are a 404."""
    return DevelopmentPlan.objects.filter(
        employee__position_id__in=below_position_ids(user)
    ).select_related("employee")


@dataclass
class TeamRow:
    employee: Employee
    plan: DevelopmentPlan | None
    items: int = 0
    done: int = 0


def team_plans(
    user: User, *, year: int, page: int | str = 1, per_page: int = 50
) -> tuple[Page[Any], dict[str, int]]:
    """The employees below the positions the user holds (acting included), each with the
    plan of the year and its item counts; paginated. Four queries whatever the team size.
    Returns (page object of TeamRow, {status: count} over the whole team)."""
    team = (
        subordinates(user)
        .select_related("position", "org_unit")
        .order_by("org_unit__path", "name", "pk")
    )
    plans = DevelopmentPlan.objects.filter(year=year, employee__in=team)
    summary = dict(
        plans.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    summary["none"] = team.count() - sum(summary.values())
    page_obj: Page[Any] = Paginator(team, per_page).get_page(page)
    members = list(page_obj.object_list)
    by_employee = {
        p.employee_id: p
        for p in plans.filter(employee__in=[m.pk for m in members]).annotate(
            n_items=Count("items", filter=~Q(items__status=PlanItemStatus.CANCELLED)),
            n_done=Count("items", filter=Q(items__status=PlanItemStatus.DONE)),
        )
    }
    rows = []
    for member in members:
        plan = by_employee.get(member.pk)
        rows.append(
            TeamRow(
                member,
                plan,
                getattr(plan, "n_items", 0) if plan else 0,
                getattr(plan, "n_done", 0) if plan else 0,
            )
        )
    page_obj.object_list = rows
    return page_obj, summary
