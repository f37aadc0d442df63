"""Reads of the talent map: counts per box, the people of a box, movement since last year, an
employee's own talent page. All from the precomputed TalentPlacement rows, each a fixed number
of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, QuerySet

from abdi.accounts.models import User
from abdi.core.cache_versions import bump_version, current_version
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit
from abdi.talent.choices import RunStatus
from abdi.talent.models import NineBoxCell, PlacementRun, TalentPlacement
from abdi.talent.permissions import placements_visible_to, talent_paths

# The grid as drawn: rows performance high → low, columns potential low → high.
GRID_ROWS = ("above", "meets", "below")
GRID_COLUMNS = ("low", "medium", "high")


@dataclass
class TalentMap:
    year: int
    counts: dict[int, int]
    unmappable: dict[str, int]
    cells: list[NineBoxCell]
    run: PlacementRun | None
    rows: list[list[dict]] = field(default_factory=list)
    # {(last year's box or None, this year's box or None): count}
    moves: dict[tuple[int | None, int | None], int] = field(default_factory=dict)

    @property
    def placed(self) -> int:
        return sum(self.counts.values())

    @property
    def not_placed(self) -> int:
        return sum(self.unmappable.values())

    @property
    def pool(self) -> int:
        return sum(
            n for box, n in self.counts.items() if box in {c.box for c in self.cells if c.in_pool}
        )


def scoped_placements(
    user: User, *, year: int, unit: OrgUnit | None = None, level: str = ""
) -> QuerySet[TalentPlacement]:
    qs = placements_visible_to(user).filter(year=year)
    if unit is not None:
        qs = qs.filter(unit_path__startswith=unit.path)
    if level:
        qs = qs.filter(level=level)
    return qs


def last_run(year: int) -> PlacementRun | None:
    return (
        PlacementRun.objects.filter(year=year, status=RunStatus.DONE)
        .order_by("-finished_at")
        .first()
    )


def pending_run(year: int) -> PlacementRun | None:
    return PlacementRun.objects.filter(
        year=year, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).first()


PLACEMENTS_VERSION = "talent:placements"
CACHE_SECONDS = 24 * 3600


def placements_changed() -> None:
    """Called (after the commit) by every writer of placements: cached map counts go stale."""
    bump_version(PLACEMENTS_VERSION)


def grouped_counts(user: User, *, year: int, unit: OrgUnit | None = None, level: str = "") -> list:
    """[(box, unmappable reason, last year's box, count)] of the user's scope: one grouped
    query, cached until the next computation or review decision (the key holds the scope)."""
    paths = talent_paths(user)
    key = "talent-map:{}:{}:{}:{}:{}".format(
        current_version(PLACEMENTS_VERSION),
        year,
        "all" if paths is None else "|".join(sorted(paths)),
        unit.path if unit is not None else "",
        level,
    )
    rows = cache.get(key)
    if rows is None:
        qs = scoped_placements(user, year=year, unit=unit, level=level)
        rows = list(
            qs.order_by().values_list("box", "unmappable", "previous_box").annotate(n=Count("*"))
        )
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def talent_map(user: User, *, year: int, unit: OrgUnit | None = None, level: str = "") -> TalentMap:
    """Counts per box, per unmappable reason and per move since last year: one grouped query."""
    counts: dict[int, int] = {}
    unmappable: dict[str, int] = {}
    moves: dict[tuple[int | None, int | None], int] = {}
    for box, reason, before, n in grouped_counts(user, year=year, unit=unit, level=level):
        if box is None:
            unmappable[reason] = unmappable.get(reason, 0) + n
        else:
            counts[box] = counts.get(box, 0) + n
        moves[(before, box)] = moves.get((before, box), 0) + n
    cells = list(NineBoxCell.objects.order_by("box"))
    by_position = {(c.performance, c.potential): c for c in cells}
    result = TalentMap(year, counts, unmappable, cells, last_run(year), moves=moves)
    result.rows = [
        [
            {"cell": by_position[(perf, pot)], "count": counts.get(by_position[(perf, pot)].box, 0)}
            for pot in GRID_COLUMNS
            if (perf, pot) in by_position
        ]
        for perf in GRID_ROWS
    ]
    return result


def box_people(
    user: User, *, year: int, box: int | None, unit: OrgUnit | None = None, level: str = "",
    unmappable: str = "",
) -> QuerySet[TalentPlacement]:  # fmt: skip
    qs = scoped_placements(user, year=year, unit=unit, level=level)
    qs = qs.filter(box=box) if box is not None else qs.filter(box__isnull=True)
    if box is None and unmappable:
        qs = qs.filter(unmappable=unmappable)
    return qs.select_related("employee", "position", "org_unit").order_by("name", "employee_id")


def employee_placements(employee: Employee, *, years: int = 3) -> list[TalentPlacement]:
    return list(TalentPlacement.objects.filter(employee=employee).order_by("-year")[:years])
