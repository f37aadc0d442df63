"""A learner's own e-learning enrolments with their progress (the API's list). Kept apart from
selectors_elearning, whose pages read one course at a time."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from abdi.employees.models import Employee
from abdi.learning.models import Enrolment, Module, ModuleProgress


def _count(qs: QuerySet[Any], group: str) -> Coalesce:
    """A correlated COUNT(*) (two separate counts joined in one query would multiply)."""
    return Coalesce(
        Subquery(qs.values(group).annotate(n=Count("pk")).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def own_enrolments(employee: Employee) -> QuerySet[Enrolment]:
    """The employee's enrolments, newest first, each with `module_count` and `done` — one query
    whatever their number. None (no employee record): none."""
    if employee is None:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(employee=employee)
        .select_related("course__programme")
        .annotate(
            module_count=_count(Module.objects.filter(course=OuterRef("course")), "course"),
            done=_count(ModuleProgress.objects.filter(enrolment=OuterRef("pk")), "enrolment"),
        )
        .order_by("-created_at", "-pk")
    )
