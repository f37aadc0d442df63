"""Who may see and act on training registrations.

A registration is seen by its employee, the employee's superiors (the position tree, acting
included), BKPSDM admins, and auditors and pimpinan over their scope (read-only). Anyone else
gets a 404 for it. The acts: the supervisor approves or refuses while it waits for them; BKPSDM
confirms, refuses, records attendance, scores and completion; the employee, the supervisor or
BKPSDM cancels; the employee answers the reaction survey."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from abdi.accounts.models import User
from abdi.accounts.permissions import is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.employees.permissions import in_unit_subtrees, own_employee
from abdi.learning.choices import CANCELLABLE, PENDING, RegistrationStatus
from abdi.learning.models import Registration
from abdi.learning.permissions.common import below_position_ids, can_manage_learning, is_superior_of


def registrations_visible_to(user: User) -> QuerySet[Registration]:
    qs = Registration.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_bkpsdm_admin(user):
        return qs
    paths = role_scope(user).paths_for(Role.AUDITOR, Role.LEADER)
    if paths is None:
        return qs
    condition = Q(employee__user_id=user.pk)
    if paths:
        condition |= in_unit_subtrees(paths, column="employee__org_unit_id")
    below = below_position_ids(user)
    if below:
        condition |= Q(employee__position_id__in=below)
    return qs.filter(condition)


def registration_or_404(user: User, pk: int) -> Registration:
    return get_object_or_404(
        registrations_visible_to(user).select_related(
            "employee__user", "employee__org_unit", "session__programme"
        ),
        pk=pk,
    )


def is_supervisor(user: User) -> bool:
    """The user stands above at least one position (acting included)."""
    return bool(below_position_ids(user))


def can_register(user: User) -> bool:
    return own_employee(user) is not None


def can_nominate(user: User) -> bool:
    return is_supervisor(user) or can_manage_learning(user)


def can_approve_registration(user: User, registration: Registration) -> bool:
    return registration.status == RegistrationStatus.PENDING_SUPERVISOR and is_superior_of(
        user, registration.employee
    )


def can_reject_registration(user: User, registration: Registration) -> bool:
    return can_approve_registration(user, registration) or (
        registration.status in PENDING and can_manage_learning(user)
    )


def can_confirm_registration(user: User, registration: Registration) -> bool:
    return registration.status == RegistrationStatus.PENDING_BKPSDM and can_manage_learning(user)


def can_cancel_registration(user: User, registration: Registration) -> bool:
    return registration.status in CANCELLABLE and can_cancel(user, registration)


def can_answer_survey(user: User, registration: Registration) -> bool:
    return (
        registration.status == RegistrationStatus.COMPLETED
        and registration.employee.user_id is not None
        and registration.employee.user_id == user.pk
    )


def can_cancel(user: User, registration: Registration) -> bool:
    """The employee themself, their supervisor, or BKPSDM (status aside)."""
    return (
        (registration.employee.user_id is not None and registration.employee.user_id == user.pk)
        or is_superior_of(user, registration.employee)
        or can_manage_learning(user)
    )
