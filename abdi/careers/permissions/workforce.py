"""Who sees the workforce needs (formasi): BKPSDM, auditors and leaders agency-wide, OPD
operators for their OPD."""

from __future__ import annotations

from django.db.models import QuerySet

from abdi.accounts.models import User
from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.employees.permissions import in_unit_subtrees
from abdi.org.models import Position


def can_view_workforce(user: User) -> bool:
    return (
        is_bkpsdm_admin(user)
        or is_auditor(user)
        or role_scope(user).has(Role.OPERATOR, Role.LEADER)
    )


def workforce_positions_visible_to(user: User) -> QuerySet[Position]:
    if not can_view_workforce(user):
        return Position.objects.none()
    if is_bkpsdm_admin(user) or is_auditor(user):
        return Position.objects.all()
    paths = role_scope(user).paths_for(Role.OPERATOR, Role.LEADER)
    if paths is None:
        return Position.objects.all()
    return (
        Position.objects.filter(in_unit_subtrees(paths, inline=True))
        if paths
        else (Position.objects.none())
    )
