"""The org chart (bagan organisasi): a unit, its sub-units and theirs, each with its head (the
acting official when one stands in) and its active headcount, opened on the viewer's scope.

It lives in employees, not org, because heads and headcounts are employees (org sits below
employees in .importlinter). A fixed number of queries whatever the size of the tree: the units
of the two levels shown, the headcount per unit of the whole subtree, the head positions, the
acting officials and the definitive holders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from abdi.accounts.models import User
from abdi.accounts.permissions import role_scope
from abdi.employees.models import ActingAssignment, Employee
from abdi.employees.permissions import own_employee
from abdi.org.models import OrgUnit, Position

LEVELS = 2  # levels below the chart's unit that are drawn; deeper ones are a click away
OPD_DEPTH = 2  # region (1) > OPD (2) > divisions...


@dataclass
class ChartNode:
    unit: OrgUnit
    headcount: int = 0
    head: Employee | None = None
    head_position: Position | None = None
    acting: str = ""  # "Plt" or "Plh" when an acting official stands in for the head
    children: list[ChartNode] = field(default_factory=list)
    hidden_children: int = 0  # sub-units below the drawn levels

    @property
    def vacant(self) -> bool:
        return self.head_position is not None and self.head is None


def chart_scope_paths(user: User) -> tuple[str, ...] | None:
    """The subtrees whose chart the user may open: None for an agency-wide role; else the
    subtrees of the user's unit-scoped roles and the user's own OPD."""
    scope = role_scope(user)
    if scope.agency_wide:
        return None
    paths = [p for unit_paths in scope.unit_paths.values() for p in unit_paths]
    me = own_employee(user)
    if me is not None:
        own = me.org_unit.path
        paths.append(own[: OPD_DEPTH * OrgUnit.steplen] if len(own) > OrgUnit.steplen else own)
    # Keep the outermost: a path inside another adds nothing.
    outer = sorted(set(paths), key=len)
    return tuple(p for i, p in enumerate(outer) if not any(p.startswith(o) for o in outer[:i]))


def chart_units_visible_to(user: User) -> QuerySet[OrgUnit]:
    paths = chart_scope_paths(user)
    units = OrgUnit.objects.filter(is_active=True)
    if paths is None:
        return units
    if not paths:
        return units.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return units.filter(condition)


def default_chart_unit(user: User) -> OrgUnit | None:
    """Where the chart opens: the agency's top for agency-wide roles, else the first (outermost)
    subtree of the user's scope."""
    paths = chart_scope_paths(user)
    units = OrgUnit.objects.filter(is_active=True)
    if paths is None:
        return units.order_by("depth", "path").first()
    if not paths:
        return None
    return units.filter(path__in=paths).order_by("depth", "path").first()


def chart_ancestors(unit: OrgUnit, user: User) -> list[OrgUnit]:
    """The unit's ancestors the user may open, top first (the breadcrumb)."""
    step = OrgUnit.steplen
    paths = [unit.path[:i] for i in range(step, len(unit.path), step)]
    return list(chart_units_visible_to(user).filter(path__in=paths).order_by("depth"))


def org_chart(root: OrgUnit, *, on: dt.date, levels: int = LEVELS) -> ChartNode:
    step = OrgUnit.steplen
    units = list(
        OrgUnit.objects.filter(
            path__startswith=root.path, depth__lte=root.depth + levels, is_active=True
        ).order_by("path")
    )
    nodes = {u.path: ChartNode(u) for u in units}
    for unit in units:
        if unit.depth > root.depth:
            parent = nodes.get(unit.path[:-step])
            if parent is not None:
                parent.children.append(nodes[unit.path])
    for node in nodes.values():
        node.children.sort(key=lambda n: n.unit.name)
        if node.unit.depth == root.depth + levels:
            node.hidden_children = node.unit.numchild

    per_unit = (
        Employee.objects.filter(is_active=True, org_unit__path__startswith=root.path)
        .values("org_unit__path")
        .annotate(n=Count("pk"))
    )
    for row in per_unit:
        path = row["org_unit__path"]
        for depth in range(root.depth, min(len(path) // step, root.depth + levels) + 1):
            counted = nodes.get(path[: depth * step])
            if counted is not None:
                counted.headcount += row["n"]

    heads = list(
        Position.objects.filter(
            is_unit_head=True, is_active=True, org_unit_id__in=[u.pk for u in units]
        ).order_by("org_unit_id", "-class_grade", "pk")
    )
    head_of: dict[int, Position] = {}
    for position in heads:
        head_of.setdefault(position.org_unit_id, position)
    by_unit = {u.pk: nodes[u.path] for u in units}
    position_ids = [p.pk for p in head_of.values()]
    acting = {
        a.position_id: a
        for a in ActingAssignment.objects.filter(
            position_id__in=position_ids,
            start_date__lte=on,
            end_date__gte=on,
            employee__is_active=True,
        )
        .select_related("employee")
        .order_by("position_id", "-kind", "start_date")  # the last kept: Plh wins, as in
        # positions.position_holder
    }
    holders: dict[int, Employee] = {}
    for employee in Employee.objects.filter(position_id__in=position_ids, is_active=True).order_by(
        "position_id", "-nip"
    ):
        if employee.position_id is not None:
            holders[employee.position_id] = employee  # the last kept: the lowest NIP
    for unit_id, position in head_of.items():
        head_node = by_unit[unit_id]
        head_node.head_position = position
        if position.pk in acting:
            stand_in: ActingAssignment = acting[position.pk]
            head_node.head = stand_in.employee
            head_node.acting = stand_in.kind.capitalize()  # "Plt" or "Plh"
        else:
            head_node.head = holders.get(position.pk)
    return nodes[root.path]
