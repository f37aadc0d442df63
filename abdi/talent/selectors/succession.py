"""Reads of critical positions and succession plans: bench strength, risk, candidates, gaps,
and the agency summary. Lists read in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from abdi.accounts.models import User
from abdi.accounts.permissions import is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.competency.rules import jpm as jpm_of
from abdi.competency.selectors import StandardBook, employee_gaps, latest_levels
from abdi.core.selectors import reference_tables
from abdi.employees.models import Employee
from abdi.employees.selectors import retirement_for
from abdi.org.models import OrgUnit, Position
from abdi.talent import rules
from abdi.talent.choices import PositionLevel, Readiness, RunStatus
from abdi.talent.models import PlacementRun, SuccessionAppointment, Successor, TalentPlacement
from abdi.talent.permissions import can_see_box, placements_visible_to
from abdi.talent.selectors.reference import pool_boxes, talent_setting

CANDIDATES_SHOWN = 10
CANDIDATES_SCORED = 500
# Levels a post's candidates come from: its own and the one below.
FEEDER_LEVELS = {
    "jpt": ("jpt", "administrator"),
    "administrator": ("administrator", "pengawas", "functional"),
    "pengawas": ("pengawas", "pelaksana", "functional"),
}


def can_view_succession(user: User) -> bool:
    return is_bkpsdm_admin(user) or role_scope(user).has(Role.LEADER)


def critical_positions() -> QuerySet[Position]:
    """Every active JPT and Administrator post, and the posts the agency flagged."""
    return Position.objects.filter(is_active=True).filter(
        Q(kind__in=rules.CRITICAL_BY_DEFAULT) | Q(critical_flag__isnull=False)
    )


def critical_positions_visible_to(user: User) -> QuerySet[Position]:
    qs = critical_positions()
    if is_bkpsdm_admin(user):
        return qs
    scope = role_scope(user)
    if not scope.has(Role.LEADER):
        return qs.none()
    paths = scope.paths_for(Role.LEADER)
    if paths is None:
        return qs
    condition = Q(pk__in=[])
    for p in paths:
        condition |= Q(org_unit__path__startswith=p)
    return qs.filter(condition)


def pool_year() -> int | None:
    """The latest year with computed placements (the pool is read from it)."""
    run = PlacementRun.objects.filter(status=RunStatus.DONE).order_by("-year").first()
    if run is not None:
        return run.year
    return TalentPlacement.objects.order_by("-year").values_list("year", flat=True).first()


def talent_pool(*, level: str = "", year: int | None = None) -> QuerySet[TalentPlacement]:
    """The pool (boxes 7–9) of the latest computed year, optionally of one position level: what
    an internal selection (careers) invites. Not scoped: the caller scopes to its own users."""
    year = year or pool_year()
    if year is None:
        return TalentPlacement.objects.none()
    qs = TalentPlacement.objects.filter(year=year, box__in=pool_boxes(), employee__is_active=True)
    return qs.filter(level=level) if level else qs


def feeder_levels(positions: Iterable[Position]) -> set[str]:
    """The talent levels a set of posts draws from: each post's level and the one below."""
    levels: set[str] = set()
    for position in positions:
        level = rules.position_level(position.kind)
        levels.update(FEEDER_LEVELS.get(level, (level,)))
    return levels


def talent_pool_for_positions(
    positions: Iterable[Position], *, year: int | None = None
) -> QuerySet[TalentPlacement]:
    """The pool members who could fill these posts (their levels and the level below), not
    their current holders: what an internal selection (careers) invites. Not scoped."""
    positions = list(positions)
    return (
        talent_pool(year=year)
        .filter(level__in=feeder_levels(positions))
        .exclude(employee__position_id__in=[p.pk for p in positions])
    )


@dataclass
class BenchRow:
    position: Position
    incumbent: Employee | None
    retires_on: dt.date | None
    ready_now: int = 0
    successors: int = 0
    at_risk: bool = False


def bench(positions: Iterable[Position], *, today: dt.date | None = None) -> list[BenchRow]:
    """Bench strength of the given positions: 3 queries whatever their number."""
    today = today or timezone.localdate()
    positions = list(positions)
    ids = [p.pk for p in positions]
    incumbents: dict[int, Employee] = {}
    for emp in (
        Employee.objects.filter(position_id__in=ids, is_active=True)
        .select_related("position")
        .order_by("nip")
    ):
        if emp.position_id is not None:
            incumbents.setdefault(emp.position_id, emp)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for pid, readiness, n in (
        Successor.objects.filter(position_id__in=ids, is_active=True)
        .values_list("position_id", "readiness")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[pid][readiness] = n
    tables = reference_tables()
    horizon = talent_setting().risk_horizon_months
    rows = []
    for position in positions:
        holder = incumbents.get(position.pk)
        retires = retirement_for(holder, tables, today)[1] if holder else None
        ready = counts[position.pk].get(Readiness.READY_NOW, 0)
        rows.append(
            BenchRow(
                position=position,
                incumbent=holder,
                retires_on=retires,
                ready_now=ready,
                successors=sum(counts[position.pk].values()),
                at_risk=rules.retirement_risk(retires, today, ready, horizon_months=horizon),
            )
        )
    return rows


@dataclass
class SuccessorView:
    successor: Successor
    gaps: dict
    actions: list = field(default_factory=list)
    # False: the successor works outside the viewer's talent scope; the page shows name,
    # position and readiness, never their box, JPM or competency gaps.
    talent_visible: bool = True


def successor_talent_visible(user: User, employee: Employee, *, show_to_employee: bool) -> bool:
    """May `user` see this successor's talent data (box, JPM, gaps)? BKPSDM admins and
    agency-wide leaders always; a unit-scoped leader only for successors in their scope (the
    same rule as the talent map)."""
    return can_see_box(user, employee, show_to_employee=show_to_employee)


def successors_of(position: Position, user: User) -> list[SuccessorView]:
    rows = list(
        Successor.objects.filter(position=position, is_active=True)
        .select_related("employee__position", "employee__org_unit")
        .prefetch_related("actions__programme", "actions__competency")
        .order_by("readiness", "-jpm", "pk")
    )
    show = talent_setting().show_box_to_employee
    views = []
    for s in rows:
        visible = successor_talent_visible(user, s.employee, show_to_employee=show)
        gaps = employee_gaps(s.employee, target_position=position) if visible else {}
        views.append(SuccessorView(s, gaps, list(s.actions.all()), talent_visible=visible))
    return views


def appointments_of(position: Position, *, limit: int = 10) -> list[SuccessionAppointment]:
    """The latest appointments to the position recorded against its plan."""
    return list(
        SuccessionAppointment.objects.filter(position=position)
        .select_related("employee", "successor")
        .order_by("-effective_from", "-pk")[:limit]
    )


@dataclass
class Candidate:
    placement: TalentPlacement
    jpm: Decimal | None


def candidates_for(position: Position, *, limit: int = CANDIDATES_SHOWN) -> list[Candidate]:
    """Pool members of the latest year from the post's level and the one below, not already
    named and not the incumbent, ranked by JPM against the post's standard, then box."""
    year = pool_year()
    if year is None:
        return []
    level = rules.position_level(position.kind)
    taken = Successor.objects.filter(position=position, is_active=True).values("employee_id")
    qs = (
        TalentPlacement.objects.filter(year=year, box__in=pool_boxes(), employee__is_active=True)
        .exclude(employee_id__in=taken)
        .exclude(position_id=position.pk)
        .select_related("employee", "position", "org_unit")
        .order_by("-box", "name")
    )
    if level in FEEDER_LEVELS:
        qs = qs.filter(level__in=FEEDER_LEVELS[level])
    placements = list(qs[:CANDIDATES_SCORED])
    book = StandardBook([position.pk])
    required = book.required(position.pk, position.kind)
    levels = latest_levels([p.employee_id for p in placements])
    scored = [Candidate(p, jpm_of(levels.get(p.employee_id, {}), required)) for p in placements]
    scored.sort(key=lambda c: rules.candidate_order(c.jpm, c.placement.box))
    return scored[:limit]


def jpm_against(employee: Employee, position: Position) -> Decimal | None:
    book = StandardBook([position.pk])
    required = book.required(position.pk, position.kind)
    return jpm_of(latest_levels([employee.pk]).get(employee.pk, {}), required)


@dataclass
class AgencySummary:
    critical: int
    with_ready_now: int
    at_risk: int
    pool_by_level: dict[str, int]
    pool_by_unit: list[tuple[str, int]]

    @property
    def ready_share(self) -> Decimal | None:
        if not self.critical:
            return None
        return (Decimal(self.with_ready_now) * 100 / self.critical).quantize(Decimal("0.1"))


def agency_summary(user: User, rows: list[BenchRow]) -> AgencySummary:
    year = pool_year()
    pool = placements_visible_to(user).filter(year=year, box__in=pool_boxes()) if year else None
    by_level: dict[str, int] = {}
    by_unit: list[tuple[str, int]] = []
    if pool is not None:
        labels = dict(PositionLevel.choices)
        by_level = {
            str(labels.get(level, level)): n
            for level, n in pool.order_by().values_list("level").annotate(n=Count("pk"))
        }

        opd_len = OrgUnit.steplen * 2  # the depth-2 prefix: the OPD under the region
        counts: dict[str, int] = defaultdict(int)
        for path, n in pool.order_by().values_list("unit_path").annotate(n=Count("pk")):
            counts[path[:opd_len]] += n
        names = dict(OrgUnit.objects.filter(path__in=list(counts)).values_list("path", "name"))
        by_unit = sorted(((names.get(k, k), n) for k, n in counts.items()), key=lambda x: -x[1])
    return AgencySummary(
        critical=len(rows),
        with_ready_now=sum(1 for r in rows if r.ready_now),
        at_risk=sum(1 for r in rows if r.at_risk),
        pool_by_level=by_level,
        pool_by_unit=by_unit,
    )
