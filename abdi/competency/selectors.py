"""Reads of the competency app: required levels, latest assessed levels, gaps, JPM, heat-map.
Each read runs a fixed number of queries, whatever the number of employees."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from abdi.competency import rules
from abdi.competency.choices import CompetencyKind
from abdi.competency.models import (
    AssessmentResult,
    Competency,
    DefaultRequiredLevel,
    JpmBand,
    PositionStandard,
)
from abdi.employees.models import Employee

DEFAULT_KINDS = (CompetencyKind.MANAGERIAL, CompetencyKind.SOCIO_CULTURAL)


def competency_list() -> QuerySet[Competency]:
    return Competency.objects.filter(is_active=True).prefetch_related("levels")


def jpm_bands(on: dt.date | None = None) -> list[tuple[str, object]]:
    """The bands in force on `on` (the rows of the latest effective date)."""
    on = on or timezone.localdate()
    rows = list(JpmBand.objects.filter(effective_from__lte=on).order_by("-effective_from"))
    if not rows:
        return []
    latest = rows[0].effective_from
    return [(b.name, b.min_jpm) for b in rows if b.effective_from == latest]


def default_levels(on: dt.date | None = None) -> dict[str, int]:
    """{position kind: required level} in force on `on`."""
    on = on or timezone.localdate()
    result: dict[str, int] = {}
    for row in DefaultRequiredLevel.objects.filter(effective_from__lte=on).order_by(
        "position_kind", "-effective_from"
    ):
        result.setdefault(row.position_kind, row.level)
    return result


class StandardBook:
    """Required levels of many positions, read in a fixed number of queries: the position's
    own standard, else the default by position kind for every active managerial and
    socio-cultural competency."""

    def __init__(self, position_ids, *, on: dt.date | None = None):
        self.own: dict[int, dict[int, int]] = defaultdict(dict)
        for pid, cid, level in PositionStandard.objects.filter(
            position_id__in=position_ids, competency__is_active=True
        ).values_list("position_id", "competency_id", "required_level"):
            self.own[pid][cid] = level
        self.defaults = default_levels(on)
        self.default_ids = list(
            Competency.objects.filter(is_active=True, kind__in=DEFAULT_KINDS).values_list(
                "pk", flat=True
            )
        )

    def required(self, position_id: int | None, position_kind: str | None) -> dict[int, int]:
        if position_id is None:
            return {}
        own = self.own.get(position_id)
        if own:
            return own
        level = self.defaults.get(position_kind)
        return dict.fromkeys(self.default_ids, level) if level else {}

    def is_default(self, position_id: int | None) -> bool:
        return not self.own.get(position_id)


def latest_levels(employees) -> dict[int, dict[int, int]]:
    """{employee id: {competency id: level}} from each competency's latest assessment (by date,
    then by record order). `employees`: ids or a queryset (one query)."""
    result: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (
        AssessmentResult.objects.filter(assessment__employee__in=employees)
        .order_by("assessment__employee_id", "competency_id", "-assessment__date", "-assessment_id")
        .values_list("assessment__employee_id", "competency_id", "level")
    )
    for emp_id, cid, level in rows:
        result[emp_id].setdefault(cid, level)
    return result


def employee_gaps(employee: Employee, target_position=None) -> dict:
    """{position, is_default_standard, jpm, band, gaps: [{competency, required, actual, gap}]}
    against the target position, or the employee's current one."""
    position = target_position or employee.position
    if position is None:
        return {
            "position": None,
            "is_default_standard": False,
            "jpm": None,
            "band": None,
            "gaps": [],
        }
    book = StandardBook([position.pk])
    required = book.required(position.pk, position.kind)
    actual = latest_levels([employee.pk]).get(employee.pk, {})
    competencies = Competency.objects.in_bulk(list(required))
    value = rules.jpm(actual, required)
    rows = sorted(
        rules.gaps(actual, required),
        key=lambda g: (competencies[g.competency].kind, competencies[g.competency].order),
    )
    return {
        "position": position,
        "is_default_standard": book.is_default(position.pk),
        "jpm": value,
        "band": rules.band(value, jpm_bands()),
        "gaps": [
            {
                "competency": competencies[g.competency],
                "required": g.required,
                "actual": g.actual,
                "gap": g.gap,
                "below": g.below,
            }
            for g in rows
        ],
    }


@dataclass
class HeatCell:
    below: int = 0
    total: int = 0

    @property
    def share(self) -> float | None:
        return round(100 * self.below / self.total, 1) if self.total else None


@dataclass
class HeatRow:
    unit: object
    staff: int = 0
    cells: dict[int, HeatCell] = field(default_factory=dict)

    def cell_list(self, competencies) -> list[HeatCell]:
        return [self.cells.get(c.pk, HeatCell()) for c in competencies]


def unit_heatmap(unit) -> dict:
    """Competencies × direct sub-units (and the unit's own direct staff): of the active staff
    whose position requires the competency, how many are below the standard. Six queries."""
    children = list(
        type(unit)
        .objects.filter(path__startswith=unit.path, depth=unit.depth + 1, is_active=True)
        .order_by("name")
    )
    rows = {c.path: HeatRow(c) for c in children}
    own = HeatRow(unit)
    steplen = unit.steplen
    employees = list(
        Employee.objects.filter(
            Q(org_unit__path__startswith=unit.path), is_active=True
        ).values_list("pk", "org_unit__path", "position_id", "position__kind")
    )
    book = StandardBook({e[2] for e in employees if e[2]})
    actual = latest_levels([e[0] for e in employees])
    used: set[int] = set()
    for emp_id, path, position_id, kind in employees:
        row = rows.get(path[: len(unit.path) + steplen], own) if len(path) > len(unit.path) else own
        row.staff += 1
        levels = actual.get(emp_id, {})
        for cid, level in book.required(position_id, kind).items():
            cell = row.cells.setdefault(cid, HeatCell())
            cell.total += 1
            used.add(cid)
            if rules.below_standard(levels.get(cid), level):
                cell.below += 1
    competencies = [c for c in Competency.objects.filter(is_active=True) if c.pk in used]
    ordered = ([own] if own.staff else []) + [rows[c.path] for c in children]
    return {"unit": unit, "competencies": competencies, "rows": ordered}


def workshop_suggestions(unit, min_staff: int | None = None, heatmap: dict | None = None):
    """[(sub-unit, competency, staff below standard)] where at least `min_staff` staff of a
    sub-unit share a gap (setting ABDI_WORKSHOP_MIN_STAFF, default 5), most first."""
    if min_staff is None:
        min_staff = getattr(settings, "ABDI_WORKSHOP_MIN_STAFF", 5)
    heatmap = heatmap or unit_heatmap(unit)
    suggestions = [
        {"unit": row.unit, "competency": c, "below": row.cells[c.pk].below}
        for row in heatmap["rows"]
        for c in heatmap["competencies"]
        if c.pk in row.cells and row.cells[c.pk].below >= min_staff
    ]
    return sorted(suggestions, key=lambda s: (-s["below"], s["unit"].name, s["competency"].order))
