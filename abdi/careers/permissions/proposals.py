"""Who sees due lists and proposals, and who may propose and decide.

BKPSDM admins and auditors see every proposal (auditors read only); an OPD operator sees the
proposals of the units under their OPD and proposes for the employees there; only BKPSDM
admins verify, record the technical approval and the decree, or refuse."""

from __future__ import annotations

from django.db.models import QuerySet

from abdi.accounts.models import User
from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.careers.models import Proposal, ProposalBatch
from abdi.employees.models import Employee
from abdi.employees.permissions import (
    employees_editable_by,
    employees_visible_to,
    in_unit_subtrees,
)


def bkpsdm_admin_users() -> QuerySet[User]:
    """The active accounts that decide proposals agency-wide (BKPSDM admins), who are told
    when a decreed retirement fails to take effect."""
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.BKPSDM_ADMIN,
            role_assignments__org_unit__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )


def can_view_due_lists(user: User) -> bool:
    """BKPSDM, auditors, leaders and OPD operators (each over the employees they see)."""
    return (
        is_bkpsdm_admin(user)
        or is_auditor(user)
        or role_scope(user).has(Role.OPERATOR, Role.LEADER)
    )


def due_employees_visible_to(user: User, *, inline_units: bool = True) -> QuerySet[Employee]:
    if not can_view_due_lists(user):
        return Employee.objects.none()
    return employees_visible_to(user, inline_units=inline_units)


def due_unit_paths(user: User) -> tuple[str, ...] | None:
    """The subtrees a due list or workforce page can be narrowed to (None: the whole agency):
    agency-wide users everything, an operator or leader their own units."""
    return role_scope(user).paths_for(Role.BKPSDM_ADMIN, Role.AUDITOR, Role.OPERATOR, Role.LEADER)


def can_propose(user: User) -> bool:
    return is_bkpsdm_admin(user) or role_scope(user).has(Role.OPERATOR)


def employees_proposable_by(user: User) -> QuerySet[Employee]:
    if not can_propose(user):
        return Employee.objects.none()
    return employees_editable_by(user)


def batches_visible_to(user: User) -> QuerySet[ProposalBatch]:
    qs = ProposalBatch.objects.all()
    if is_bkpsdm_admin(user) or is_auditor(user):
        return qs
    paths = role_scope(user).paths_for(Role.OPERATOR)
    if paths is None:
        return qs
    return qs.filter(in_unit_subtrees(paths)) if paths else qs.none()


def proposals_visible_to(user: User) -> QuerySet[Proposal]:
    qs = Proposal.objects.all()
    if is_bkpsdm_admin(user) or is_auditor(user):
        return qs
    paths = role_scope(user).paths_for(Role.OPERATOR)
    if paths is None:
        return qs
    return qs.filter(in_unit_subtrees(paths, "batch__org_unit_id")) if paths else qs.none()


def can_decide_proposal(user: User, proposal: Proposal | None = None) -> bool:
    """Verification, technical approval, decree and refusal are BKPSDM's."""
    return is_bkpsdm_admin(user)
