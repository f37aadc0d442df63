"""Reads of the competency app: required levels, latest assessed levels, gaps, JPM, heat-map.
Each read runs a fixed number of queries, whatever the number of employees."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone

from abdi.competency import rules
from abdi.competency.choices import CompetencyKind
from abdi.competency.models import (
    Competency,
    CurrentLevel,
    DefaultRequiredLevel,
    JpmBand,
    PositionStandard,
    UnitRequirementCount,
)
from abdi.core.cache_versions import current_version
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit, Position

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

DEFAULT_KINDS = (CompetencyKind.MANAGERIAL, CompetencyKind.SOCIO_CULTURAL)


def competency_list() -> QuerySet[Competency]:
    return Competency.objects.filter(is_active=True).prefetch_related("levels")


def jpm_bands(on: dt.date | None = None) -> list[tuple[str, Decimal]]:
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

    def __init__(self, position_ids: Iterable[int], *, on: dt.date | None = None) -> None:
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
        level = self.defaults.get(position_kind) if position_kind is not None else None
        return dict.fromkeys(self.default_ids, level) if level else {}

    def is_default(self, position_id: int | None) -> bool:
        return position_id is None or not self.own.get(position_id)


def latest_levels(employees: Iterable[int] | QuerySet[Any, Any]) -> dict[int, dict[int, int]]:
    """{employee id: {competency id: level}} from each competency's latest assessment (by date,
    then by record order), as kept in CurrentLevel. `employees`: ids or a queryset (one
    query)."""
    result: dict[int, dict[int, int]] = defaultdict(dict)
    rows = CurrentLevel.objects.filter(employee__in=employees).values_list(
        "employee_id", "competency_id", "level"
    )
    for emp_id, cid, level in rows:
        result[emp_id][cid] = level
    return result


def employee_gaps(employee: Employee, target_position: Position | None = None) -> dict[str, Any]:
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

    def cell_list(self, competencies: Iterable[Competency]) -> list[HeatCell]:
        return [self.cells.get(c.pk, HeatCell()) for c in competencies]


# --- requirements counted by the database (heat-map, training-needs analysis) --------------
#
# The SQL below does what StandardBook.required + rules.below_standard do per person. An
# employee's required levels: the position's own standard rows on active competencies; else,
# for a position with none, every active managerial and socio-cultural competency at the
# default level of the position kind in force today (a CASE over the few kinds, as parameters;
# a kind without a default requires nothing). Actual levels: CurrentLevel, one row per
# employee and competency; no row counts as 0, below any standard. Staff: the active
# employees of the unit's subtree, each in a bucket — the path prefix of its direct sub-unit
# (the unit's own path for its direct staff). Portable SQL (CTEs, CASE, SUM rather than
# FILTER); only table names are formatted in, every value is a parameter.

_STAFF_WHERE = "e.is_active = %(true)s AND u.path LIKE %(prefix)s ESCAPE '\\'"

_COUNTS_SQL = """
    WITH grouped AS (
        SELECT SUBSTR(u.path, 1, %(cut)s) AS bucket, e.position_id, p.kind, COUNT(*) AS n
        FROM {employee} e
        JOIN {unit} u ON u.id = e.org_unit_id
        LEFT JOIN {position} p ON p.id = e.position_id
        WHERE {staff_where}
        GROUP BY SUBSTR(u.path, 1, %(cut)s), e.position_id, p.kind
    )
    SELECT bucket, NULL, NULL, SUM(n), 0
    FROM grouped
    GROUP BY bucket
  UNION ALL
    SELECT g.bucket, ps.competency_id, ps.required_level, SUM(g.n), 0
    FROM grouped g
    JOIN {standard} ps ON ps.position_id = g.position_id
    JOIN {competency} c ON c.id = ps.competency_id
    WHERE c.is_active = %(true)s
    GROUP BY g.bucket, ps.competency_id, ps.required_level
  {default_totals}
  {met}
"""

_MET = """  UNION ALL
    SELECT SUBSTR(u.path, 1, %(cut)s), cl.competency_id,
           COALESCE(ps.required_level, {default_level}), 0, COUNT(*)
    FROM {current} cl
    JOIN {employee} e ON e.id = cl.employee_id
    JOIN {unit} u ON u.id = e.org_unit_id
    JOIN {competency} c ON c.id = cl.competency_id
    LEFT JOIN {position} p ON p.id = e.position_id
    LEFT JOIN {standard} ps
           ON ps.position_id = e.position_id AND ps.competency_id = cl.competency_id
    WHERE {staff_where} AND c.is_active = %(true)s
      AND (cl.level >= ps.required_level {default_met})
    GROUP BY SUBSTR(u.path, 1, %(cut)s), cl.competency_id,
             COALESCE(ps.required_level, {default_level})
"""

_DEFAULT_TOTALS = """
  UNION ALL
    SELECT g.bucket, c.id, {default_level_g}, SUM(g.n), 0
    FROM grouped g
    CROSS JOIN {competency} c
    WHERE g.kind IN ({position_kinds}) AND g.position_id NOT IN ({own_positions})
      AND c.is_active = %(true)s AND c.kind IN ({default_kinds})
    GROUP BY g.bucket, c.id, {default_level_g}
"""

_DEFAULT_MET = """
           OR (ps.position_id IS NULL AND c.kind IN ({default_kinds})
               AND cl.level >= {default_level}
               AND e.position_id NOT IN ({own_positions}))
"""

# The positions with an own standard (a row on an active competency).
_OWN_POSITIONS = """
        SELECT ps2.position_id FROM {standard} ps2
        JOIN {competency} c2 ON c2.id = ps2.competency_id
        WHERE c2.is_active = %(true)s
"""

_BELOW_SQL = """
    SELECT e.id, SUBSTR(u.path, 1, %(cut)s), ps.competency_id, ps.required_level
    FROM {employee} e
    JOIN {unit} u ON u.id = e.org_unit_id
    JOIN {standard} ps ON ps.position_id = e.position_id
    JOIN {competency} c ON c.id = ps.competency_id
    LEFT JOIN {current} cl ON cl.employee_id = e.id AND cl.competency_id = ps.competency_id
    WHERE {staff_where} AND c.is_active = %(true)s
      AND (cl.level IS NULL OR cl.level < ps.required_level)
  {default_below}
"""

_DEFAULT_BELOW = """
  UNION ALL
    SELECT e.id, SUBSTR(u.path, 1, %(cut)s), c.id, {default_level}
    FROM {employee} e
    JOIN {unit} u ON u.id = e.org_unit_id
    JOIN {position} p ON p.id = e.position_id
    CROSS JOIN {competency} c
    LEFT JOIN {current} cl ON cl.employee_id = e.id AND cl.competency_id = c.id
    WHERE {staff_where} AND p.kind IN ({position_kinds})
      AND e.position_id NOT IN ({own_positions})
      AND c.is_active = %(true)s AND c.kind IN ({default_kinds})
      AND (cl.level IS NULL OR cl.level < {default_level})
"""


def _requirement_sql(
    unit: OrgUnit,
    cut: int | None,
    template: str,
    defaults_template: str,
    slot: str,
    *,
    met: bool = False,
) -> tuple[BaseDatabaseWrapper, str, dict[str, Any]]:
    """(connection, sql, params) of one of the queries above for the unit's subtree."""
    connection = connections[CurrentLevel.objects.db]
    q = connection.ops.quote_name
    tables = {
        "employee": q(Employee._meta.db_table),
        "unit": q(unit._meta.db_table),
        "position": q(Position._meta.db_table),
        "standard": q(PositionStandard._meta.db_table),
        "competency": q(Competency._meta.db_table),
        "current": q(CurrentLevel._meta.db_table),
    }
    # Tree paths are [0-9A-Z]; escaping keeps LIKE literal should that ever change.
    prefix = unit.path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    params: dict[str, Any] = {"cut": cut, "true": True, "prefix": prefix + "%"}
    defaults = {kind: level for kind, level in default_levels().items() if level}
    parts = {"staff_where": _STAFF_WHERE, "default_level": "NULL", "default_met": ""}
    parts[slot] = ""
    if defaults:
        whens = []
        for i, (kind, level) in enumerate(sorted(defaults.items())):
            params[f"kind{i}"], params[f"level{i}"] = kind, level
            whens.append(f"WHEN %(kind{i})s THEN CAST(%(level{i})s AS INTEGER)")
        for i, kind in enumerate(DEFAULT_KINDS):
            params[f"ckind{i}"] = kind
        fragments = {
            **tables,
            "staff_where": _STAFF_WHERE,
            "own_positions": _OWN_POSITIONS.format(**tables),
            "default_kinds": ", ".join(f"%(ckind{i})s" for i in range(len(DEFAULT_KINDS))),
            "position_kinds": ", ".join(f"%(kind{i})s" for i in range(len(defaults))),
            "default_level": f"(CASE p.kind {' '.join(whens)} END)",
            "default_level_g": f"(CASE g.kind {' '.join(whens)} END)",
        }
        parts["default_level"] = fragments["default_level"]
        parts[slot] = defaults_template.format(**fragments)
        parts["default_met"] = _DEFAULT_MET.format(**fragments)
    parts["met"] = _MET.format(**tables, **parts) if met else ""
    return connection, template.format(**tables, **parts), params


def requirement_counts(
    unit: OrgUnit, *, met: bool = True
) -> list[tuple[str, int | None, int | None, int, int]]:
    """[(bucket, competency id, required level, staff required, staff at or above)] for the
    unit's subtree in one query; a row with competency None carries the bucket's active staff
    count. Below standard = required − at or above (met=False: the requirements only, at or
    above left 0 — no pass over the level table).

    Two parts that never multiply staff by competencies against the level table: the
    requirements per (bucket, position) group, and each current level streamed once past
    small hash tables (staff, own standards) and counted when it reaches the level."""
    return _merged_counts(unit, len(unit.path) + unit.steplen, met=met)


def requirement_counts_by_unit() -> list[tuple[str, int | None, int | None, int, int]]:
    """requirement_counts for the whole agency with every unit its own bucket (its full path):
    what the worker stores in UnitRequirementCount. One query."""

    everything = OrgUnit(path="")
    return _merged_counts(everything, OrgUnit._meta.get_field("path").max_length, met=True)


def _merged_counts(
    unit: OrgUnit, cut: int | None, *, met: bool
) -> list[tuple[str, int | None, int | None, int, int]]:
    connection, sql, params = _requirement_sql(
        unit, cut, _COUNTS_SQL, _DEFAULT_TOTALS, "default_totals", met=met
    )
    merged: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for bucket, cid, level, total, met in cursor.fetchall():  # a few hundred rows
            counts = merged[(bucket, cid, level)]
            counts[0] += int(total)
            counts[1] += int(met)
    return [(*key, total, met) for key, (total, met) in merged.items()]


def below_standard_pairs(unit: OrgUnit) -> list[tuple[int, str, int, int]]:
    """[(employee id, bucket, competency id, required level)] of every required competency an
    active employee of the subtree is below, in one query (for set-based reads such as the
    training-needs analysis; counts alone come cheaper from requirement_counts)."""
    cut = len(unit.path) + unit.steplen
    connection, sql, params = _requirement_sql(
        unit, cut, _BELOW_SQL, _DEFAULT_BELOW, "default_below"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# The agency-wide count passes over every current level (≈500,000 rows at 60,000 staff, about
# a second), so the counts of a unit are cached. The key carries a version that the competency
# services bump after every change to levels, standards or the dictionary; what they do not
# see (a transfer, a new default level in the admin) shows at the latest after
# ABDI_HEATMAP_CACHE_SECONDS. The page says when the figures were computed.
REQUIREMENTS_VERSION_KEY = "competency:requirements:version"


def requirements_version() -> int:
    return current_version(REQUIREMENTS_VERSION_KEY)


def stored_requirement_counts(
    unit: OrgUnit, children: list[OrgUnit] | None = None
) -> tuple[list, dt.datetime] | None:
    """(counts as requirement_counts(unit) gives them, when the worker computed them) from the
    rows the worker keeps (UnitRequirementCount, one set per unit for its whole subtree), or
    None when there are none yet or the setting asks for live counts
    (ABDI_HEATMAP_CACHE_SECONDS ≤ 0). A read only: whether the rows are missing or stale is
    `counts_need_rebuild`'s answer, and the page asks the service for the rebuild. One query
    over the rows of the unit and of its active direct sub-units (`children`, read here when not
    given), nothing summed over the subtree: a sub-unit's bucket is its own row set, and the
    unit's own bucket (its direct staff and those of inactive sub-units) is the unit's subtree
    minus its active sub-units' (ADR 0066)."""
    seconds = settings.ABDI_HEATMAP_CACHE_SECONDS
    if seconds <= 0:
        return None
    if children is None:
        children = list(
            OrgUnit.objects.filter(
                path__startswith=unit.path, depth=unit.depth + 1, is_active=True
            ).only("pk", "path")
        )
    child_paths = {c.pk: c.path for c in children}
    rows = list(
        UnitRequirementCount.objects.filter(org_unit_id__in=[unit.pk, *child_paths]).values_list(
            "org_unit_id",
            "competency_id",
            "required_level",
            "staff_required",
            "staff_met",
            "computed_at",
        )
    )
    if not rows:
        if not UnitRequirementCount.objects.exists():
            return None
        return [], timezone.now()
    computed_at = max(row[5] for row in rows)
    counts: list[tuple[str, int | None, int | None, int, int]] = []
    own: dict[tuple[int | None, int | None], list[int]] = defaultdict(lambda: [0, 0])
    for unit_id, cid, level, total, met, _at in rows:
        sums = own[(cid, level)]
        if unit_id == unit.pk:
            sums[0] += total
            sums[1] += met
        else:
            sums[0] -= total
            sums[1] -= met
            counts.append((child_paths[unit_id], cid, level, total, met))
    counts.extend(
        (unit.path, cid, level, total, met)
        for (cid, level), (total, met) in own.items()
        if total or met
    )
    return counts, computed_at


def counts_need_rebuild(stored: tuple[list, dt.datetime] | None) -> bool:
    """Whether the worker should recount the stored per-unit counts: none are stored yet, or
    they are older than ABDI_HEATMAP_CACHE_SECONDS (a change nothing reported). Never when the
    counts are live (the setting ≤ 0)."""
    seconds = settings.ABDI_HEATMAP_CACHE_SECONDS
    if seconds <= 0:
        return False
    return stored is None or stored[1] < timezone.now() - dt.timedelta(seconds=seconds)


def cached_requirement_counts(unit: OrgUnit) -> tuple[list, dt.datetime]:
    """(requirement_counts(unit), when they were computed), from the cache when fresh."""
    seconds = settings.ABDI_HEATMAP_CACHE_SECONDS
    if seconds <= 0:
        return requirement_counts(unit), timezone.now()
    key = f"competency:heatmap:{unit.pk}:{unit.path}:{requirements_version()}"
    cached = cache.get(key)
    if cached is None:
        cached = (requirement_counts(unit), timezone.now())
        cache.set(key, cached, timeout=seconds)
    return cached


def unit_heatmap(unit: OrgUnit) -> dict:
    """Competencies × direct sub-units (and the unit's own direct staff): of the active staff
    whose position requires the competency, how many are below the standard. Four queries
    whatever the head count (sub-units, default levels, requirement_counts, competencies);
    the counting is done by the database, and cached (see cached_requirement_counts)."""
    children = list(
        type(unit)
        .objects.filter(path__startswith=unit.path, depth=unit.depth + 1, is_active=True)
        .order_by("name")
    )
    rows = {c.path: HeatRow(c) for c in children}
    own = HeatRow(unit)
    used: set[int] = set()
    # A bucket that is not an active direct sub-unit (the unit's own staff, staff of an
    # inactive sub-unit) counts as the unit's own, as before.
    stored = stored_requirement_counts(unit, children)
    counts, computed_at = stored if stored is not None else cached_requirement_counts(unit)
    for bucket, cid, _level, total, met in counts:
        row = rows.get(bucket, own)
        if cid is None:
            row.staff += total
            continue
        cell = row.cells.setdefault(cid, HeatCell())
        cell.total += total
        cell.below += total - met
        used.add(cid)
    competencies = list(Competency.objects.filter(is_active=True, pk__in=used))
    ordered = ([own] if own.staff else []) + [rows[c.path] for c in children]
    return {
        "unit": unit,
        "competencies": competencies,
        "rows": ordered,
        "computed_at": computed_at,
        "by_worker": stored is not None,
        "needs_rebuild": counts_need_rebuild(stored),
        "cache_minutes": max(settings.ABDI_HEATMAP_CACHE_SECONDS, 0) // 60,
    }


def workshop_suggestions(
    unit: OrgUnit, min_staff: int | None = None, heatmap: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """[(sub-unit, competency, staff below standard)] where at least `min_staff` staff of a
    sub-unit share a gap (setting ABDI_WORKSHOP_MIN_STAFF, default 5), most first."""
    if min_staff is None:
        min_staff = settings.ABDI_WORKSHOP_MIN_STAFF
    heatmap = heatmap or unit_heatmap(unit)
    suggestions = [
        {"unit": row.unit, "competency": c, "below": row.cells[c.pk].below}
        for row in heatmap["rows"]
        for c in heatmap["competencies"]
        if c.pk in row.cells and row.cells[c.pk].below >= min_staff
    ]
    return sorted(suggestions, key=lambda s: (-s["below"], s["unit"].name, s["competency"].order))
