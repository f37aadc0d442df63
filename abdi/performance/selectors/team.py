"""Who may watch what (the team monitor, the unit monitor, calibration, a unit's distribution) and
the team monitor's rows: members and their SKP progress, in a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.employees.models import Employee
from abdi.employees.permissions import below_position_ids, held_positions, own_employee
from abdi.employees.positions import subordinate_position_ids
from abdi.org.models import OrgUnit, Position
from abdi.performance.choices import PeriodKind, SKPStatus
from abdi.performance.models.execution import Activity, Realisation
from abdi.performance.models.planning import SKP, Indicator
from abdi.performance.models.years import PerformancePeriod, PerformanceYear
from abdi.performance.permissions import can_calibrate
from abdi.performance.selectors.monitoring import OPEN_STATUSES, percent
from abdi.performance.selectors.planning import ratings_due

# ---------------------------------------------------------------- who may watch what


def _leader_paths(user: User) -> tuple[str, ...] | None:
    """None: agency-wide; () none; else the subtree paths the user watches as pimpinan/admin.
    The auditor watches (reads) every unit too."""
    if is_bkpsdm_admin(user) or is_auditor(user):
        return None
    return role_scope(user).paths_for(Role.LEADER)


def can_monitor_team(user: User) -> bool:
    """Supervisors (their team), pimpinan (their scope) and BKPSDM admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    if _leader_paths(user) != ():
        return True

    return own_employee(user) is not None and bool(below_position_ids(user))


def headed_units(user: User) -> list[OrgUnit]:
    """The units whose head position the user holds today (own or acting); computed once per
    request (cached on the user: the menu, the home page and the monitors all ask)."""

    cached = getattr(user, "_abdi_headed_units", None)
    if cached is not None:
        return list(cached)
    units: list[OrgUnit] = []
    if own_employee(user) is not None:
        held = held_positions(user)
        if held:
            units = list(
                OrgUnit.objects.filter(
                    pk__in=Position.objects.filter(pk__in=held, is_unit_head=True).values(
                        "org_unit_id"
                    )
                ).order_by("path")
            )
    if getattr(user, "is_authenticated", False):
        user._abdi_headed_units = tuple(units)
    return units


def watchable_units(user: User) -> list[OrgUnit] | None:
    """Units the user may watch per unit: None means every unit (BKPSDM admin, agency-wide
    pimpinan); otherwise the roots of the user's subtrees (scoped pimpinan, unit heads)."""
    paths = _leader_paths(user)
    if paths is None:
        return None
    roots = list(OrgUnit.objects.filter(path__in=paths)) if paths else []
    roots += headed_units(user)
    # Drop a root inside another root.
    roots.sort(key=lambda u: u.path)
    kept: list[OrgUnit] = []
    for unit in roots:
        if not any(unit.path.startswith(k.path) for k in kept):
            kept.append(unit)
    return kept


def can_watch_units(user: User) -> bool:
    """The unit monitor: unit heads, pimpinan and BKPSDM admins (the menu's check)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return _leader_paths(user) != () or bool(headed_units(user))


def can_use_calibration(user: User) -> bool:
    """Calibration and rater consistency: unit heads and BKPSDM admins (the menu's check; the
    pages check the unit with permissions.can_calibrate)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_bkpsdm_admin(user) or bool(headed_units(user))


def can_watch_unit(user: User, unit: OrgUnit) -> bool:
    roots = watchable_units(user)
    if roots is None:
        return True
    return any(unit.path.startswith(root.path) for root in roots)


def can_view_distribution(user: User, unit: OrgUnit) -> bool:
    """The predikat distribution of a unit: those who watch or calibrate it, and auditors."""

    return is_auditor(user) or can_watch_unit(user, unit) or can_calibrate(user, unit)


def indented(units: Iterable[OrgUnit]) -> list[OrgUnit]:
    """The units with `indent` (non-breaking spaces by depth) for a select's labels."""
    rows = list(units)
    top = min((u.depth for u in rows), default=1)
    for unit in rows:
        unit.indent = "\u00a0\u00a0\u00a0" * (unit.depth - top)
    return rows


# ---------------------------------------------------------------- team monitor


def team_members(
    user: User, *, year: PerformanceYear, unit: OrgUnit | None = None
) -> QuerySet[Employee]:
    """The people a user watches. With a unit (pimpinan/admin): the active employees of that
    subtree within the user's scope. Without: a supervisor's team — everyone below the positions
    they hold (acting included) and anyone whose SKP this year they appraise."""
    base = Employee.objects.filter(is_active=True).select_related("position", "org_unit")
    if unit is not None:
        return base.filter(org_unit__path__startswith=unit.path).order_by("org_unit__path", "name")
    me = own_employee(user)
    if me is None:
        paths = _leader_paths(user)
        if paths is None:
            return base.order_by("org_unit__path", "name")
        cond = Q(pk__in=[])
        for path in paths or ():
            cond |= Q(org_unit__path__startswith=path)
        return base.filter(cond).order_by("org_unit__path", "name")
    below = subordinate_position_ids(me, on=timezone.localdate())
    appraised = SKP.objects.filter(performance_year=year, appraiser=me).values("employee_id")
    return (
        base.filter(Q(position_id__in=below) | Q(pk__in=appraised))
        .exclude(pk=me.pk)
        .order_by("org_unit__path", "name")
    )


@dataclass
class MemberRow:
    employee: Employee
    skp: SKP | None = None  # the approved version, else the open one
    open_skp: SKP | None = None  # a version in preparation beside an approved one
    indicators: int = 0
    realised: int = 0
    last_activity: dt.date | None = None
    overdue: list[str] = field(default_factory=list)

    @property
    def realisation_share(self) -> Decimal | None:
        return percent(self.realised, self.indicators)

    @property
    def status_label(self) -> str:
        if self.skp is None:
            return _("Belum dibuat")
        return self.skp.get_status_display()


def team_rows(
    members: list[Employee],
    *,
    year: PerformanceYear,
    period: PerformancePeriod | None,
    today: dt.date | None = None,
    viewer: Employee | None = None,
) -> list[MemberRow]:
    """One row per member in a fixed number of queries (periods, SKPs, indicators, realisations,
    evaluations, activities) whatever the number of members. An overdue rating names its rater
    (the SKP's appraiser) unless the rater is the `viewer`: a sub-supervisor's late rating is
    theirs, not the viewer's (issue 13)."""
    today = today or timezone.localdate()
    rows = {m.pk: MemberRow(employee=m) for m in members}
    if not rows:
        return []
    periods = list(year.periods.all())
    for skp in (
        SKP.objects.filter(employee_id__in=rows, performance_year=year)
        .exclude(status=SKPStatus.SUPERSEDED)
        .order_by("version")
    ):
        row = rows[skp.employee_id]
        if skp.status == SKPStatus.APPROVED:
            if row.skp is not None and row.skp.status in OPEN_STATUSES:
                row.open_skp = row.skp
            row.skp = skp
        elif row.skp is not None and row.skp.status == SKPStatus.APPROVED:
            row.open_skp = skp
        else:
            row.skp = skp
    approved = {r.skp.pk: r for r in rows.values() if r.skp and r.skp.status == SKPStatus.APPROVED}
    indicator_counts = dict(
        Indicator.objects.filter(work_result__skp_id__in=approved)
        .values_list("work_result__skp_id")
        .annotate(n=Count("id"))
    )
    realisation_due = [
        p for p in periods if p.kind != PeriodKind.YEAR and p.realisation_due < today
    ]
    wanted = {p.pk for p in realisation_due} | ({period.pk} if period else set())
    realised: dict[tuple[int, int], int] = {
        (skp_id, period_id): n
        for skp_id, period_id, n in Realisation.objects.filter(
            indicator__work_result__skp_id__in=approved, period_id__in=wanted
        )
        .values_list("indicator__work_result__skp_id", "period_id")
        .annotate(n=Count("indicator_id", distinct=True))
    }

    missing: dict[int, list[PerformancePeriod]] = {}
    raters: dict[int, Employee | None] = {}
    for skp, due in ratings_due(
        SKP.objects.filter(pk__in=list(approved)).select_related("appraiser"), on=today
    ):
        if due.performance_year_id == year.pk and due.evaluation_due < today:
            missing.setdefault(skp.pk, []).append(due)
            raters[skp.pk] = skp.appraiser
    last = dict(
        Activity.objects.filter(skp__employee_id__in=rows, skp__performance_year=year)
        .values_list("skp__employee_id")
        .annotate(last=Max("date"))
    )
    for row in rows.values():
        row.last_activity = last.get(row.employee.pk)
        if row.skp is None or row.skp.status != SKPStatus.APPROVED:
            if today > year.skp_deadline:
                row.overdue.append(_("SKP belum disetujui"))
            continue
        skp_id = row.skp.pk
        row.indicators = indicator_counts.get(skp_id, 0)
        if period is not None:
            row.realised = realised.get((skp_id, period.pk), 0)
        for p in realisation_due:
            if realised.get((skp_id, p.pk), 0) < row.indicators:
                row.overdue.append(_("Realisasi %(period)s") % {"period": p.label})
        rater = raters.get(skp_id)
        for p in missing.get(skp_id, ()):
            if rater is None or (viewer is not None and rater.pk == viewer.pk):
                row.overdue.append(_("Penilaian %(period)s") % {"period": p.label})
            else:
                row.overdue.append(
                    _("Penilaian %(period)s oleh %(rater)s")
                    % {"period": p.label, "rater": rater.full_name}
                )
    return list(rows.values())


def watchable_unit_paths(user: User) -> tuple[str, ...] | None:
    """The subtrees of the unit monitor and team monitor's unit picker (org picker scope
    "monitor"; None: every unit): the paths of watchable_units, the same check as
    can_watch_unit."""
    roots = watchable_units(user)
    if roots is None:
        return None
    return tuple(root.path for root in roots)


def calibratable_unit_paths(user: User) -> tuple[str, ...] | None:
    """The subtrees of the calibration and rater-consistency unit picker (org picker scope
    "calibration"; None: every unit): BKPSDM admins everywhere, a unit head their units — what
    permissions.can_calibrate allows."""
    if not getattr(user, "is_authenticated", False):
        return ()
    if is_bkpsdm_admin(user):
        return None
    return tuple(unit.path for unit in headed_units(user))
