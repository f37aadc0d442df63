"""Who may see and do what in e-learning.

- BKPSDM admins (can_manage_learning) author courses and see every course, published or not.
- Anyone with an employee record takes published courses; an unpublished course is a 404 to
  everyone but admins.
- A quiz attempt belongs to its learner alone: anybody else gets a 404, admins included (they
  see results through the enrolment, never the attempt page)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from abdi.accounts.models import User
from abdi.employees.permissions import own_employee
from abdi.learning.models import Course, Module, QuizAttempt
from abdi.learning.permissions.common import can_manage_learning


def can_take_courses(user: User) -> bool:
    """A learner is a login with an employee record."""
    return own_employee(user) is not None


def can_browse_courses(user: User) -> bool:
    return can_take_courses(user) or can_manage_learning(user)


def courses_visible_to(user: User) -> QuerySet[Course]:
    courses = Course.objects.all()
    if can_manage_learning(user):
        return courses
    return courses.filter(is_published=True)


def course_or_404(user: User, pk: int) -> Course:
    return get_object_or_404(
        courses_visible_to(user).select_related("programme", "programme__provider"), pk=pk
    )


def module_or_404(user: User, pk: int) -> Module:
    return get_object_or_404(
        Module.objects.filter(course__in=courses_visible_to(user)).select_related(
            "course", "course__programme", "quiz"
        ),
        pk=pk,
    )


def own_attempt_or_404(user: User, pk: int) -> QuizAttempt:
    me = own_employee(user)
    if me is None:
        raise Http404
    return get_object_or_404(
        QuizAttempt.objects.select_related(
            "quiz", "enrolment", "enrolment__course", "enrolment__course__programme"
        ),
        pk=pk,
        enrolment__employee=me,
    )
