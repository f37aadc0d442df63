"""Who may see and change competency data. BKPSDM admins keep the dictionary, the position
standards and the assessments; an employee's gaps are seen by whoever sees the employee
(`employees_visible_to`: the employee, the supervisor, operators/leaders in scope, agency-wide
roles); the unit heat-map by admins and pimpinan over their units. Out of scope → 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from abdi.accounts.models import User
from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.employees.models import Employee
from abdi.employees.permissions import employees_visible_to
from abdi.org.models import OrgUnit


def can_manage_competency(user: User) -> bool:
    return is_bkpsdm_admin(user)


def can_view_heatmaps(user: User) -> bool:
    return is_bkpsdm_admin(user) or is_auditor(user) or role_scope(user).has(Role.LEADER)


def can_view_unit_heatmap(user: User, unit: OrgUnit) -> bool:
    if is_bkpsdm_admin(user) or is_auditor(user):
        return True
    scope = role_scope(user)
    if not scope.has(Role.LEADER):
        return False
    paths = scope.paths_for(Role.LEADER)
    return paths is None or any(unit.path.startswith(p) for p in paths)


def gap_employees(user: User) -> QuerySet[Employee]:
    return employees_visible_to(user)


def gap_employee_or_404(user: User, nip: str) -> Employee:
    return get_object_or_404(gap_employees(user).select_related("position", "org_unit"), nip=nip)
