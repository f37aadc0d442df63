"""Who may see and do what with talent data. Talent data is personal: BKPSDM admins and
agency-wide leaders see everyone, unit-scoped leaders and operators their subtree; an employee
sees their own development actions and, when the agency allows it, their own box; supervisors,
colleagues, auditors and the public see nothing. Out of scope → 404. BKPSDM admins compute
placements, keep the thresholds, record reviews and keep the succession plans."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from abdi.accounts.models import User
from abdi.accounts.permissions import is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.employees.models import Employee
from abdi.employees.permissions import in_unit_subtrees, own_employee
from abdi.org.models import OrgUnit
from abdi.talent.models import ChangeProject, TalentPlacement

MAP_ROLES = (Role.LEADER, Role.OPERATOR)


def can_manage_talent(user: User) -> bool:
    return is_bkpsdm_admin(user)


def talent_paths(user: User) -> tuple[str, ...] | None:
    """None: the whole agency; otherwise the unit subtrees whose talent data the user sees
    (empty: none)."""
    if not getattr(user, "is_authenticated", False):
        return ()
    if is_bkpsdm_admin(user):
        return None
    scope = role_scope(user)
    if not scope.has(*MAP_ROLES):
        return ()
    return scope.paths_for(*MAP_ROLES)


def can_view_talent_map(user: User) -> bool:
    return talent_paths(user) != ()


def _path_q(paths: tuple[str, ...], field: str = "unit_path") -> Q:
    return reduce(or_, (Q(**{f"{field}__startswith": p}) for p in paths), Q(pk__in=[]))


def placements_visible_to(user: User) -> QuerySet[TalentPlacement]:
    """Placements on the talent map of the user (their own box is not among them)."""
    paths = talent_paths(user)
    qs = TalentPlacement.objects.all()
    if paths is None:
        return qs
    if not paths:
        return qs.none()
    # A leader or operator on the map of their OPD does not find their own box there: whether
    # an employee sees it is the agency's setting, shown on "Talenta saya".
    return qs.filter(_path_q(paths)).exclude(employee__user_id=user.pk)


def can_view_unit_map(user: User, unit: OrgUnit) -> bool:
    paths = talent_paths(user)
    return paths is None or any(unit.path.startswith(p) for p in (paths or ()))


def talent_employees_visible_to(user: User) -> QuerySet[Employee]:
    """Employees whose talent page the user may open: those in the talent scope, and oneself."""
    paths = talent_paths(user)
    qs = Employee.objects.all()
    if paths is None:
        return qs
    condition = Q(user_id=user.pk) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    if paths:
        condition |= in_unit_subtrees(paths)
    return qs.filter(condition)


def is_own(user: User, employee: Employee) -> bool:
    return employee.user_id is not None and employee.user_id == getattr(user, "pk", None)


def can_see_box(user: User, employee: Employee, *, show_to_employee: bool) -> bool:
    """The box itself: whoever has the employee on the talent map; the employee only when the
    agency allows it."""
    if is_own(user, employee):
        return show_to_employee or talent_paths(user) is None
    paths = talent_paths(user)
    if paths is None:
        return True
    return bool(paths) and any(employee.org_unit.path.startswith(p) for p in paths)


# --- change projects ---------------------------------------------------------------------------


def projects_visible_to(user: User) -> QuerySet[ChangeProject]:
    """BKPSDM admins and leaders all (leaders scoped to their subtree); operators their OPD;
    the participant and the mentor their own."""
    qs = ChangeProject.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_bkpsdm_admin(user):
        return qs
    scope = role_scope(user)
    paths = scope.paths_for(*MAP_ROLES) if scope.has(*MAP_ROLES) else ()
    if paths is None:
        return qs
    condition = Q(participant__user_id=user.pk) | Q(mentor__user_id=user.pk)
    if paths:
        condition |= _path_q(paths, "org_unit__path")
    return qs.filter(condition)


def can_view_projects(user: User) -> bool:
    """Whether the project register can list anything for the user: BKPSDM admins, leaders and
    operators (their scope), and employees (their own projects, as participant or mentor).
    Complaint, service and audit accounts have no project to see (issue 13: no empty menu)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_bkpsdm_admin(user) or own_employee(user) is not None:
        return True
    return role_scope(user).has(*MAP_ROLES)


def can_register_project(user: User) -> bool:
    return own_employee(user) is not None


def can_edit_project(user: User, project: ChangeProject) -> bool:
    return is_own(user, project.participant) or is_bkpsdm_admin(user)


def can_confirm_milestone(user: User, project: ChangeProject) -> bool:
    """Only the mentor confirms a milestone."""
    return is_own(user, project.mentor)


def can_manage_projects(user: User) -> bool:
    return is_bkpsdm_admin(user)
