from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Field, Q, QuerySet
from django.utils.translation import gettext as _

from abdi.org.models import OrgUnit, Position

if TYPE_CHECKING:
    from abdi.org.models import Position


def org_tree_rows(*, include_closed: bool = False) -> list[dict]:
    """Every unit in tree order with its own and its subtree's active headcount (two queries)."""
    units = OrgUnit.objects.order_by("path")
    if not include_closed:
        units = units.filter(is_active=True)
    rows = list(
        units.annotate(own=Count("employees", filter=Q(employees__is_active=True))).values(
            "id", "path", "depth", "code", "name", "kind", "is_active", "own"
        )
    )
    totals = {r["path"]: r["own"] for r in rows}
    for r in rows:
        for depth in range(1, r["depth"]):
            ancestor = r["path"][: depth * OrgUnit.steplen]
            if ancestor in totals:
                totals[ancestor] += r["own"]
    for r in rows:
        r["total"] = totals[r["path"]]
    return rows


def positions_with_holders(
    *, unit: OrgUnit | None = None, kind: str = "", q: str = "", include_inactive: bool = False
) -> QuerySet[Position]:
    """Positions with their unit, superior position and number of active holders (one query).

    `unit` filters to its whole subtree; `q` searches name and code."""

    qs = Position.objects.select_related("org_unit", "reports_to").annotate(
        holder_count=Count("holders", filter=Q(holders__is_active=True))
    )
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    return qs.order_by("org_unit__path", "-is_unit_head", "name", "pk")


def unit_headcount(unit: OrgUnit) -> tuple[int, int]:
    """(own, subtree) active headcount of a unit."""
    # Through the reverse relation that employees declares on OrgUnit: org sits below employees
    # and does not import it (.importlinter).
    employee_model = unit.employees.model
    counts = employee_model.objects.filter(
        is_active=True, org_unit__path__startswith=unit.path
    ).aggregate(own=Count("pk", filter=Q(org_unit_id=unit.pk)), total=Count("pk"))
    return counts["own"], counts["total"]


def unit_history(unit: OrgUnit) -> list[dict]:
    """The unit's change history, newest first: who, when, what changed and why."""
    tracked = ["code", "name", "kind", "is_active", "closed_on"]
    records = list(unit.history.select_related("history_user").order_by("history_date", "pk"))
    fields = {f.name: f for f in OrgUnit._meta.fields}
    rows = []
    previous = None
    for record in records:
        changes: list[dict[str, object]] = []
        if previous is not None:
            for change in record.diff_against(previous, included_fields=tracked).changes:
                field = fields[change.field]
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": _display(field, change.old),
                        "new": _display(field, change.new),
                    }
                )
        rows.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "type": record.history_type,
                "reason": record.history_change_reason or "",
                "changes": changes,
            }
        )
        previous = record
    rows.reverse()
    return rows


def _display(field: Field[Any, Any], value: object) -> object:
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if value is None or value == "":
        return "—"
    if field.choices and value is not None:
        return dict(field.flatchoices).get(value, value)
    return value


# --- the unit picker (a searchable select of units, org/widgets.py) ---------------------------

UNIT_PICKER_LIMIT = 20


def _within_q(within: tuple[str, ...] | None, field: str = "path") -> Q:
    """Rows under one of the subtree paths (None: everywhere; (): nowhere)."""
    if within is None:
        return Q()
    condition = Q(pk__in=[])
    for path in within:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def unit_picker_options(
    *, q: str = "", selected: str | int | None = None, within: tuple[str, ...] | None = None
) -> list[OrgUnit]:
    """The chosen unit first (with its ancestors, so that "up one level" is one click), then up
    to UNIT_PICKER_LIMIT active units whose name or code contains `q` (2 letters at least).
    `within` limits both to those subtrees (the user's scope). Two or three queries whatever
    the size of the tree."""
    scoped = OrgUnit.objects.filter(_within_q(within), is_active=True)
    chosen: list[OrgUnit] = []
    if selected and str(selected).isdigit():
        unit = OrgUnit.objects.filter(pk=int(selected)).first()
        if unit is not None:
            step = OrgUnit.steplen
            paths = [unit.path[:i] for i in range(step, len(unit.path) + 1, step)]
            chosen = list(scoped.filter(path__in=paths).order_by("-depth"))
    q = (q or "").strip()
    found: list[OrgUnit] = []
    if len(q) >= 2:
        found = list(
            scoped.filter(Q(name__icontains=q) | Q(code__icontains=q))
            .exclude(pk__in=[u.pk for u in chosen])
            .order_by("depth", "name")[:UNIT_PICKER_LIMIT]
        )
    return chosen + found


def position_picker_options(
    *,
    q: str = "",
    selected: str | int | Iterable[str | int] | None = None,
    within: tuple[str, ...] | None = None,
) -> list[Position]:
    """The chosen position(s) first, then up to UNIT_PICKER_LIMIT active positions whose name,
    code or unit name contains `q` (2 letters at least), within the subtrees `within`. One or
    two queries whatever the number of positions. `selected`: one pk, or several (a picker
    that chooses more than one)."""

    scoped = Position.objects.filter(_within_q(within, "org_unit__path"), is_active=True)
    scoped = scoped.select_related("org_unit")
    picked = [selected] if isinstance(selected, (str, int)) else list(selected or [])
    ids = [int(v) for v in picked if str(v).isdigit()]
    chosen: list[Position] = []
    if ids:
        chosen = list(scoped.filter(pk__in=ids).order_by("name", "pk"))
    q = (q or "").strip()
    found: list[Position] = []
    if len(q) >= 2:
        found = list(
            scoped.filter(
                Q(name__icontains=q) | Q(code__icontains=q) | Q(org_unit__name__icontains=q)
            )
            .exclude(pk__in=[p.pk for p in chosen])
            .order_by("-is_unit_head", "org_unit__path", "name")[:UNIT_PICKER_LIMIT]
        )
    return chosen + found
