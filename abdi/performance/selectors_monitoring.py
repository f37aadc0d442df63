"""Reads for live monitoring, calibration and rater consistency.

Every function here answers a page or an endpoint in a bounded number of queries: members and
units are aggregated with GROUP BY (per SKP, per employee, or per sub-unit through a prefix of the
materialised path), never one query per row.

Which unit an evaluation belongs to: calibration and rater consistency use the SKP's unit snapshot
(`SKP.org_unit`, the unit where the work was planned and done); live monitoring counts people by
their current unit (`Employee.org_unit`). See docs/decisions/0009-calibration.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.core.choices import Predikat
from abdi.employees.models import Employee
from abdi.employees.permissions import own_employee
from abdi.employees.selectors_org import subordinate_position_ids
from abdi.org.models import OrgUnit, Position
from abdi.performance.choices import OrgPredikat, PeriodKind, SKPStatus
from abdi.performance.models import (
    SKP,
    Activity,
    Evaluation,
    Indicator,
    OrgUnitPredikat,
    PerformancePeriod,
    PerformanceYear,
    Realisation,
)

OPEN_STATUSES = (SKPStatus.DRAFT, SKPStatus.SUBMITTED, SKPStatus.RETURNED)
HIGH_PREDIKATS = (Predikat.SANGAT_BAIK, Predikat.BAIK)
PREDIKAT_ORDER = tuple(Predikat.values)


def percent(part: int, whole: int) -> Decimal | None:
    """A share in percent with one decimal, or None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


# ---------------------------------------------------------------- years and periods


def default_year(today: dt.date | None = None) -> PerformanceYear | None:
    """This year's performance year, else the latest one opened."""
    today = today or timezone.localdate()
    return (
        PerformanceYear.objects.filter(year=today.year).first()
        or PerformanceYear.objects.order_by("-year").first()
    )


def current_period(year: PerformanceYear, today: dt.date | None = None) -> PerformancePeriod | None:
    """The periodic (non-annual) period containing today; before the year its first period, after
    it its last one."""
    today = today or timezone.localdate()
    periods = list(year.periods.exclude(kind=PeriodKind.YEAR).order_by("start"))
    if not periods:
        return year.periods.first()
    for period in periods:
        if period.start <= today <= period.end:
            return period
    return periods[0] if today < periods[0].start else periods[-1]


def latest_period_with_data(
    year: PerformanceYear, *, unit: OrgUnit | None = None
) -> PerformancePeriod | None:
    """The latest period of the year (by its end) with at least one evaluation — in the unit's
    subtree when a unit is given. Monitors open on it rather than on an empty current quarter.
    Read from the unit monitor's precomputed counts (evaluations of approved SKPs of active
    staff) once they exist for the year, else from the evaluations."""
    from abdi.performance.models import UnitCompletionCount

    counts = UnitCompletionCount.objects.filter(period__performance_year=year, evaluated__gt=0)
    if unit is not None:
        counts = counts.filter(org_unit__path__startswith=unit.path)
    found = year.periods.filter(pk__in=counts.values("period_id")).order_by("-end", "kind").first()
    if (
        found is not None
        or UnitCompletionCount.objects.filter(period__performance_year=year).exists()
    ):
        return found
    evaluations = Evaluation.objects.filter(period__performance_year=year)
    if unit is not None:
        evaluations = evaluations.filter(skp__employee__org_unit__path__startswith=unit.path)
    return (
        year.periods.filter(pk__in=evaluations.values("period_id")).order_by("-end", "kind").first()
    )


def period_choices(year: PerformanceYear) -> list[PerformancePeriod]:
    """The periodic periods in order, then the annual one."""
    return sorted(year.periods.all(), key=lambda p: (p.kind == PeriodKind.YEAR, p.start))


# ---------------------------------------------------------------- who may watch what


def _leader_paths(user) -> tuple[str, ...] | None:
    """None: agency-wide; () none; else the subtree paths the user watches as pimpinan/admin."""
    if is_bkpsdm_admin(user):
        return None
    return role_scope(user).paths_for(Role.LEADER)


def can_monitor_team(user) -> bool:
    """Supervisors (their team), pimpinan (their scope) and BKPSDM admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    if _leader_paths(user) != ():
        return True
    from abdi.employees.permissions import below_position_ids

    return own_employee(user) is not None and bool(below_position_ids(user))


def headed_units(user) -> list[OrgUnit]:
    """The units whose head position the user holds today (own or acting); computed once per
    request (cached on the user: the menu, the home page and the monitors all ask)."""
    from abdi.employees.permissions import held_positions

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


def watchable_units(user) -> list[OrgUnit] | None:
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


def can_watch_units(user) -> bool:
    """The unit monitor: unit heads, pimpinan and BKPSDM admins (the menu's check)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return _leader_paths(user) != () or bool(headed_units(user))


def can_use_calibration(user) -> bool:
    """Calibration and rater consistency: unit heads and BKPSDM admins (the menu's check; the
    pages check the unit with permissions.can_calibrate)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_bkpsdm_admin(user) or bool(headed_units(user))


def can_watch_unit(user, unit: OrgUnit) -> bool:
    roots = watchable_units(user)
    if roots is None:
        return True
    return any(unit.path.startswith(root.path) for root in roots)


def can_view_distribution(user, unit: OrgUnit) -> bool:
    """The predikat distribution of a unit: those who watch or calibrate it, and auditors."""
    from abdi.performance.permissions import can_calibrate

    return is_auditor(user) or can_watch_unit(user, unit) or can_calibrate(user, unit)


def unit_choices(user, *, max_depth: int = 3) -> list[OrgUnit]:
    """Units to pick on the unit monitor and calibration pages (the tree's upper levels for an
    agency-wide user; the user's subtrees otherwise)."""
    roots = watchable_units(user)
    # what the pickers show: ~1,700 units agency-wide at 100,000 employees
    qs = OrgUnit.objects.filter(is_active=True).only("pk", "name", "depth", "path")
    if roots is None:
        return indented(qs.filter(depth__lte=max_depth).order_by("path"))
    if not roots:
        return []
    cond = Q(pk__in=[])
    for root in roots:
        cond |= Q(path__startswith=root.path, depth__lte=root.depth + max_depth - 1)
    return indented(qs.filter(cond).order_by("path"))


def indented(units) -> list[OrgUnit]:
    """The units with `indent` (non-breaking spaces by depth) for a select's labels."""
    units = list(units)
    top = min((u.depth for u in units), default=1)
    for unit in units:
        unit.indent = "\u00a0\u00a0\u00a0" * (unit.depth - top)
    return units


# ---------------------------------------------------------------- team monitor


def team_members(user, *, year: PerformanceYear, unit: OrgUnit | None = None) -> QuerySet[Employee]:
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
) -> list[MemberRow]:
    """One row per member in a fixed number of queries (periods, SKPs, indicators, realisations,
    evaluations, activities) whatever the number of members."""
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
    from abdi.performance.selectors import ratings_due

    missing: dict[int, list[PerformancePeriod]] = {}
    for skp, due in ratings_due(SKP.objects.filter(pk__in=list(approved)), on=today):
        if due.performance_year_id == year.pk and due.evaluation_due < today:
            missing.setdefault(skp.pk, []).append(due)
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
        for p in missing.get(skp_id, ()):
            row.overdue.append(_("Penilaian %(period)s") % {"period": p.label})
    return list(rows.values())


# ---------------------------------------------------------------- unit monitor


@dataclass
class UnitRow:
    unit: OrgUnit | None  # None: employees attached to the chosen unit itself
    label: str
    employees: int = 0
    approved: int = 0
    indicators: int = 0
    realised: int = 0
    skps_for_evaluation: int = 0
    evaluated: int = 0

    @property
    def approved_share(self) -> Decimal | None:
        return percent(self.approved, self.employees)

    @property
    def realisation_share(self) -> Decimal | None:
        return percent(self.realised, self.indicators)

    @property
    def evaluation_share(self) -> Decimal | None:
        return percent(self.evaluated, self.skps_for_evaluation)


def _prefix(field_path: str, length: int) -> Substr:
    return Substr(field_path, 1, length)


def _completion_rows(unit: OrgUnit) -> dict[str, UnitRow]:
    """Empty rows keyed by path: the unit's own people first, then its direct sub-units."""
    children = list(OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1))
    rows: dict[str, UnitRow] = {unit.path: UnitRow(unit=None, label=_("Langsung di unit ini"))}
    for child in sorted(children, key=lambda c: c.name):
        rows[child.path] = UnitRow(unit=child, label=child.name)
    return rows


def unit_completion(
    *, unit: OrgUnit, year: PerformanceYear, period: PerformancePeriod | None
) -> list[UnitRow]:
    """Completion per direct sub-unit of `unit` (each row aggregates the sub-unit's subtree) plus
    a row for the people attached to the unit itself: SKP approved, realisation this period,
    evaluation this period. Read from the per-unit counts the writing services keep
    (UnitCompletionCount, one row per unit of the subtree): three queries. Until the counts of
    the period exist (a database migrated but never refreshed), counted from the records and
    the worker is asked to build them."""
    from abdi.performance.models import UnitCompletionCount

    if period is None:
        return unit_completion_live(unit=unit, year=year, period=period)
    length = len(unit.path) + OrgUnit.steplen
    rows = _completion_rows(unit)
    counts = (
        UnitCompletionCount.objects.filter(period=period, org_unit__path__startswith=unit.path)
        .values_list(
            "org_unit__path", "employees", "approved", "indicators", "realised", "evaluated"
        )
        .order_by()
    )
    found = False
    for path, employees, approved, indicators, realised, evaluated in counts:
        found = True
        row = rows.get(path[:length])
        if row is None:
            continue
        row.employees += employees
        row.approved += approved
        row.skps_for_evaluation += approved
        row.indicators += indicators
        row.realised += realised
        row.evaluated += evaluated
    if not found and not UnitCompletionCount.objects.filter(period=period).exists():
        from abdi.performance.tasks import schedule_unit_counts_refresh

        schedule_unit_counts_refresh()
        return unit_completion_live(unit=unit, year=year, period=period)
    result = list(rows.values())
    if not result[0].employees:
        result = result[1:]
    return result


def unit_completion_live(
    *, unit: OrgUnit, year: PerformanceYear, period: PerformancePeriod | None
) -> list[UnitRow]:
    """unit_completion counted from the records (five grouped queries over the subtree's SKPs,
    indicators, realisations and evaluations): the reference the precomputed counts must
    equal, and the fallback before they exist."""
    length = len(unit.path) + OrgUnit.steplen
    rows = _completion_rows(unit)
    emp_field = "org_unit__path"
    for key, n in (
        Employee.objects.filter(is_active=True, org_unit__path__startswith=unit.path)
        .annotate(prefix=_prefix(emp_field, length))
        .values_list("prefix")
        .annotate(n=Count("id"))
    ):
        if key in rows:
            rows[key].employees = n
    skp_field = "employee__org_unit__path"
    approved = SKP.objects.filter(
        performance_year=year,
        status=SKPStatus.APPROVED,
        employee__is_active=True,
        employee__org_unit__path__startswith=unit.path,
    )
    for key, n in (
        approved.annotate(prefix=_prefix(skp_field, length))
        .values_list("prefix")
        .annotate(n=Count("id"))
    ):
        if key in rows:
            rows[key].approved = n
            rows[key].skps_for_evaluation = n
    if period is not None:
        for key, n, done in (
            Indicator.objects.filter(work_result__skp__in=approved.values("pk"))
            .annotate(prefix=_prefix("work_result__" + "skp__" + skp_field, length))
            .values_list("prefix")
            .annotate(
                n=Count("id", distinct=True),
                done=Count("realisations", filter=Q(realisations__period=period), distinct=True),
            )
        ):
            if key in rows:
                rows[key].indicators, rows[key].realised = n, done
        for key, n in (
            Evaluation.objects.filter(period=period, skp__in=approved.values("pk"))
            .annotate(prefix=_prefix("skp__" + skp_field, length))
            .values_list("prefix")
            .annotate(n=Count("skp_id", distinct=True))
        ):
            if key in rows:
                rows[key].evaluated = n
    result = list(rows.values())
    if not result[0].employees:
        result = result[1:]
    return result


# ---------------------------------------------------------------- distribution and calibration


@dataclass
class Distribution:
    unit: OrgUnit
    period: PerformancePeriod
    counts: dict[str, int]
    total: int
    org_predikat: OrgUnitPredikat | None
    limits: list  # rules.Limit of the unit's predikat
    violations: list  # rules.Violation
    rounding: str = "nearest"

    @property
    def rounding_label(self) -> str:
        """How the allowed counts are rounded, in words (never the setting's name)."""
        return {
            "nearest": _("dibulatkan ke bilangan bulat terdekat"),
            "floor": _("dibulatkan ke bawah"),
            "ceil": _("dibulatkan ke atas"),
        }.get(self.rounding, self.rounding)

    @property
    def limit_rows(self) -> list[dict]:
        """Every limit of the unit's predikat with the allowed and actual counts."""
        from abdi.performance import rules

        labels = dict(Predikat.choices)
        broken = {v.limit: v for v in self.violations}
        rows = []
        for limit in self.limits:
            low, high = rules.allowed_counts(limit, self.total, rounding=self.rounding)
            count = sum(self.counts.get(p, 0) for p in limit.predikats)
            violation = broken.get(limit)
            rows.append(
                {
                    "label": " + ".join(str(labels.get(p, p)) for p in limit.predikats),
                    "predikats": list(limit.predikats),
                    "min_percent": limit.min_percent,
                    "max_percent": limit.max_percent,
                    "min_count": low,
                    "max_count": high,
                    "count": count,
                    "share": percent(count, self.total),
                    "note": limit.note,
                    "violated": violation is not None and self.total > 0,
                    "kind": violation.kind if violation else "",
                }
            )
        return rows

    @property
    def shares(self) -> dict[str, Decimal | None]:
        return {k: percent(v, self.total) for k, v in self.counts.items()}

    @property
    def rows(self) -> list[dict]:
        labels = dict(Predikat.choices)
        shares = self.shares
        return [
            {"code": k, "label": labels[k], "count": self.counts[k], "share": shares[k]}
            for k in PREDIKAT_ORDER
        ]


def evaluations_in_unit(*, unit: OrgUnit, period: PerformancePeriod) -> QuerySet[Evaluation]:
    """The evaluations of a period whose SKP belongs to the unit's subtree."""
    return Evaluation.objects.filter(period=period, skp__org_unit__path__startswith=unit.path)


def org_predikat_for(*, unit: OrgUnit, period: PerformancePeriod) -> OrgUnitPredikat | None:
    """The organisational predikat that governs a unit: its own, else the nearest ancestor's
    (a division is measured against its OPD's predikat)."""
    step = OrgUnit.steplen
    paths = [unit.path[:i] for i in range(step, len(unit.path) + 1, step)]
    found = list(
        OrgUnitPredikat.objects.filter(period=period, org_unit__path__in=paths).select_related(
            "org_unit"
        )
    )
    return max(found, key=lambda op: len(op.org_unit.path)) if found else None


def limits_for(org_predikat: str, on: dt.date) -> list:
    """The limits (rules.Limit) in force on a date for an organisational predikat."""
    from abdi.performance.services import distribution_limits

    return [limit for limit in distribution_limits(on) if limit.org_predikat == org_predikat]


def distribution_rounding() -> str:
    from abdi.performance.services import distribution_rounding as rounding

    return rounding()


def predikat_counts(evaluations: QuerySet[Evaluation]) -> dict[str, int]:
    counts = dict.fromkeys(PREDIKAT_ORDER, 0)
    for predikat, n in evaluations.values_list("predikat").annotate(n=Count("id")).order_by():
        counts[predikat] = n
    return counts


def predikat_counts_in_unit(*, unit: OrgUnit, period: PerformancePeriod) -> dict[str, int]:
    """The predikat counts of the evaluations in the unit's subtree, summed from the per-unit
    counts the writing services keep (UnitPredikatCount): one query of a few rows per unit.
    When the period has no counts at all (a database migrated but never refreshed) it counts from
    the evaluations, and asks the worker to build the counts if there is anything to count."""
    from abdi.performance.models import UnitPredikatCount

    counts = dict.fromkeys(PREDIKAT_ORDER, 0)
    stored = (
        UnitPredikatCount.objects.filter(period=period, org_unit__path__startswith=unit.path)
        .values_list("predikat")
        .annotate(n=Sum("evaluations"))
        .order_by()
    )
    found = False
    for predikat, n in stored:
        found = True
        counts[predikat] = n
    if found or UnitPredikatCount.objects.filter(period=period).exists():
        return counts
    live = predikat_counts(evaluations_in_unit(unit=unit, period=period))
    if any(live.values()) or Evaluation.objects.filter(period=period).exists():
        from abdi.performance.tasks import schedule_unit_counts_refresh

        schedule_unit_counts_refresh()
    return live


def predikat_distribution(*, unit: OrgUnit, period: PerformancePeriod) -> Distribution:
    from abdi.performance import rules

    counts = predikat_counts_in_unit(unit=unit, period=period)
    org = org_predikat_for(unit=unit, period=period)
    limits = limits_for(org.predikat, period.end) if org else []
    violations = []
    if org is not None:
        violations = rules.distribution_check(
            counts,
            org.predikat,
            limits,
            rounding=distribution_rounding(),
        )
    return Distribution(
        unit=unit,
        period=period,
        counts=counts,
        total=sum(counts.values()),
        org_predikat=org,
        limits=limits,
        violations=violations,
        rounding=distribution_rounding(),
    )


def org_predikat_label(code: str) -> str:
    return dict(OrgPredikat.choices).get(code, code)


def calibration_evaluations(
    *, user, unit: OrgUnit, period: PerformancePeriod
) -> QuerySet[Evaluation]:
    from abdi.performance.permissions import evaluations_visible_to

    return (
        evaluations_in_unit(unit=unit, period=period)
        .filter(pk__in=evaluations_visible_to(user).values("pk"))
        .select_related(
            "skp__employee__rank",
            "skp__employee__position",
            "skp__position",
            "skp__org_unit",
            "evaluator",
        )
        .prefetch_related("adjustments")
        .order_by("skp__org_unit__path", "skp__employee__name")
    )


# ---------------------------------------------------------------- rater consistency


def rater_thresholds() -> tuple[Decimal, int]:
    """(mean-score difference that flags a rater, fewest evaluations before flagging)."""
    return (
        Decimal(str(getattr(settings, "ABDI_RATER_THRESHOLD", "0.75"))),
        int(getattr(settings, "ABDI_RATER_MIN_COUNT", 3)),
    )


@dataclass
class RaterReport:
    rows: list  # rules.RaterRow, the rater being an Employee; flagged first
    counts: dict[str, int]  # the whole unit
    total: int
    high_share: Decimal | None  # Sangat Baik + Baik in the whole unit
    threshold: Decimal
    min_count: int

    def high_share_of(self, row) -> Decimal | None:
        return percent(sum(row.counts.get(k, 0) for k in HIGH_PREDIKATS), row.count)


def rater_consistency(*, unit: OrgUnit, period: PerformancePeriod) -> RaterReport:
    """Each appraiser's distribution in the unit against the unit's (rules.rater_consistency:
    mean score Sangat Baik 5 … Sangat Kurang 1). Two queries."""
    from abdi.performance import rules

    per_rater: dict[int, dict[str, int]] = {}
    for evaluator_id, predikat, n in (
        evaluations_in_unit(unit=unit, period=period)
        .values_list("evaluator_id", "predikat")
        .annotate(n=Count("id"))
        .order_by()
    ):
        per_rater.setdefault(evaluator_id, dict.fromkeys(PREDIKAT_ORDER, 0))[predikat] = n
    evaluators = Employee.objects.select_related("position").in_bulk(list(per_rater))
    threshold, min_count = rater_thresholds()
    rows = rules.rater_consistency(
        {evaluators[k]: v for k, v in per_rater.items()}, threshold=threshold, min_count=min_count
    )
    rows.sort(key=lambda r: (r.flag == "", -abs(r.difference), r.rater.name))
    counts = dict.fromkeys(PREDIKAT_ORDER, 0)
    for row_counts in per_rater.values():
        for k, v in row_counts.items():
            counts[k] += v
    total = sum(counts.values())
    return RaterReport(
        rows=rows,
        counts=counts,
        total=total,
        high_share=percent(sum(counts[k] for k in HIGH_PREDIKATS), total),
        threshold=threshold,
        min_count=min_count,
    )
