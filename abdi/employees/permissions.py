"""Who may see or change which employee. Every employee query starts from
`employees_visible_to`; an employee outside it is a 404 to that user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, F, Func, Q, QuerySet, Subquery
from django.utils import timezone

from abdi.accounts.models import User
from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.employees.models import CorrectionRequest, Employee, ImportJob
from abdi.employees.positions import held_position_ids, subordinate_position_ids
from abdi.org.models import OrgUnit

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler


class _InUnits(Func):
    """`<unit id column> IN (SELECT id FROM org_orgunit WHERE path LIKE …)`, written on
    PostgreSQL as `= ANY(ARRAY(SELECT …))`: the ids are then computed once (an InitPlan) and the
    condition can use the employee's org_unit index, also inside an OR (a plain `IN (SELECT …)`
    under OR becomes a filter over every row). No extra query, no join to the unit table.
    See docs/decisions/0010-list-performance.md."""

    arg_joiner = " IN "
    template = "%(expressions)s"
    output_field = BooleanField()
    conditional = True

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, Sequence[Any]]:
        return self.as_sql(
            compiler, connection, arg_joiner=" = ANY(ARRAY", template="%(expressions)s)", **extra
        )


def subtree_q(paths: tuple[str, ...], prefix: str = "org_unit__path") -> Q:
    """Rows whose unit path (through `prefix`) lies under one of `paths` (joins the unit
    table; kept for other apps' scoping). Employee scoping uses `in_unit_subtrees`."""
    return reduce(or_, (Q(**{f"{prefix}__startswith": p}) for p in paths), Q(pk__in=[]))


def in_unit_subtrees(
    paths: tuple[str, ...], column: str = "org_unit_id", *, inline: bool = False
) -> Q:
    """Rows whose unit id (`column`) is one of the units in the subtrees under `paths`.

    By default a subquery (no query now). With `inline=True` the ids are read now, in one small
    query, and written into the condition: PostgreSQL then knows how many employees they cover
    and can walk the list's (name, nip) index instead of sorting a big subtree (lists)."""
    if not paths:
        return Q(pk__in=[])
    units = OrgUnit.objects.filter(reduce(or_, (Q(path__startswith=p) for p in paths))).order_by()
    if inline:
        return Q(**{f"{column}__in": list(units.values_list("pk", flat=True))})
    return Q(_InUnits(F(column), Subquery(units.values("pk"))))


def own_employee(user: User) -> Employee | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if hasattr(user, "_abdi_employee"):
        return user._abdi_employee
    employee = Employee.objects.filter(user=user).select_related("position", "org_unit").first()
    user._abdi_employee = employee
    return employee


def below_position_ids(user: User) -> set[int]:
    """Positions below the ones the user's employee holds today (acting included), computed once
    per request (cached on the user): the menu and several apps' checks ask for it."""
    cached = getattr(user, "_abdi_below_positions", None)
    if cached is None:
        me = own_employee(user)
        cached = (
            subordinate_position_ids(me, on=timezone.localdate(), held=held_positions(user))
            if me
            else set()
        )
        user._abdi_below_positions = cached
    return cached


def held_positions(user: User) -> set[int]:
    """The positions the user's employee holds today (own and acting), once per request."""

    cached = getattr(user, "_abdi_held_positions", None)
    if cached is None:
        me = own_employee(user)
        cached = held_position_ids(me, on=timezone.localdate()) if me else set()
        if getattr(user, "is_authenticated", False):
            user._abdi_held_positions = cached
    return set(cached)


def employees_visible_to(
    user: User, *, on: dt.date | None = None, inline_units: bool = False
) -> QuerySet[Employee]:
    """Agency-wide roles see all; operators and leaders their subtree; supervisors the staff
    below their (held or acting) positions; everyone themselves. `inline_units`: see
    `in_unit_subtrees` (one more small query, better plans for big lists)."""
    qs = Employee.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    scope = role_scope(user)
    paths = scope.paths_for(Role.BKPSDM_ADMIN, Role.AUDITOR, Role.OPERATOR, Role.LEADER)
    if paths is None:
        return qs
    condition = Q(user_id=user.pk) | in_unit_subtrees(paths, inline=inline_units)
    me = own_employee(user)
    if me is not None:
        below = subordinate_position_ids(me, on=on) if on else below_position_ids(user)
        if below:
            condition |= Q(position_id__in=below)
    return qs.filter(condition)


def list_unit_paths(user: User) -> tuple[str, ...] | None:
    """The subtrees the employee list's unit picker offers (None: every active unit): those
    whose employees `employees_visible_to` shows — the roles' units, and for an employee their
    own unit and the units of the positions they hold or supervise. The list still accepts any
    active unit (the filter only narrows what the user sees)."""
    if not getattr(user, "is_authenticated", False):
        return ()
    paths = role_scope(user).paths_for(Role.BKPSDM_ADMIN, Role.AUDITOR, Role.OPERATOR, Role.LEADER)
    if paths is None:
        return None
    found = set(paths)
    me = own_employee(user)
    if me is not None:
        if me.org_unit_id:
            found.add(me.org_unit.path)
        positions = below_position_ids(user) | held_positions(user)
        if positions:
            found.update(
                OrgUnit.objects.filter(positions__in=positions)
                .order_by()
                .values_list("path", flat=True)
                .distinct()
            )
    # A subtree inside another one adds nothing.
    ordered = sorted(found)
    return tuple(p for i, p in enumerate(ordered) if not any(p.startswith(q) for q in ordered[:i]))


def employees_editable_by(user: User) -> QuerySet[Employee]:
    """BKPSDM admins everywhere, operators in their subtree."""
    qs = Employee.objects.all()
    if is_bkpsdm_admin(user):
        return qs
    paths = role_scope(user).paths_for(Role.OPERATOR)
    if paths is None:
        return qs
    return qs.filter(in_unit_subtrees(paths)) if paths else qs.none()


def can_manage_employees(user: User) -> bool:
    return is_bkpsdm_admin(user) or role_scope(user).has(Role.OPERATOR)


def can_manage_unit(user: User, unit: OrgUnit) -> bool:
    """May the user put employees into this unit (create, move)?"""
    if is_bkpsdm_admin(user):
        return True
    paths = role_scope(user).paths_for(Role.OPERATOR)
    return paths is None or any(unit.path.startswith(p) for p in paths)


def can_edit_employee(user: User, employee: Employee) -> bool:
    return employees_editable_by(user).filter(pk=employee.pk).exists()


def can_see_personal_data(user: User, employee: Employee) -> bool:
    """NIK, address, phone: the employee and BKPSDM admins only (need to know)."""
    return is_bkpsdm_admin(user) or (employee.user_id is not None and employee.user_id == user.pk)


def can_see_history(user: User, employee: Employee) -> bool:
    return is_auditor(user) or is_bkpsdm_admin(user) or can_edit_employee(user, employee)


def corrections_visible_to(user: User) -> QuerySet[CorrectionRequest]:
    qs = CorrectionRequest.objects.all()
    if is_bkpsdm_admin(user) or is_auditor(user):
        return qs
    condition = Q(employee__user_id=user.pk)
    paths = role_scope(user).paths_for(Role.OPERATOR)
    if paths:
        condition |= in_unit_subtrees(paths, "employee__org_unit_id")
    return qs.filter(condition)


def can_decide_correction(user: User, request: CorrectionRequest) -> bool:
    if request.employee.user_id == user.pk:
        return False
    return can_edit_employee(user, request.employee)


def import_jobs_visible_to(user: User) -> QuerySet[ImportJob]:
    """BKPSDM admins see every job; other users only their own."""
    qs = ImportJob.objects.select_related("created_by", "scope_unit")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_bkpsdm_admin(user):
        return qs
    return qs.filter(created_by=user)


def import_scope_paths(user: User) -> tuple[str, ...] | None:
    """None: the user may import anywhere; else the unit subtrees they may import into."""
    if is_bkpsdm_admin(user):
        return None
    paths = role_scope(user).paths_for(Role.OPERATOR)
    return paths if paths is None else tuple(paths)
