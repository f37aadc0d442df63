"""Reads for the unit monitor, calibration and rater consistency. The years and periods to show are
in selectors/periods.py, who may watch what and the team monitor in selectors/team.py.

Every function here answers a page or an endpoint in a bounded number of queries: members and
units are aggregated with GROUP BY (per SKP, per employee, or per sub-unit through a prefix of the
materialised path), never one query per row.

Which unit an evaluation belongs to: calibration and rater consistency use the SKP's unit snapshot
(`SKP.org_unit`, the unit where the work was planned and done); live monitoring counts people by
their current unit (`Employee.org_unit`). See docs/decisions/0009-calibration.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.core.choices import Predikat
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit
from abdi.performance import rules
from abdi.performance.choices import OrgPredikat, SKPStatus
from abdi.performance.models import UnitCompletionCount
from abdi.performance.models.counts import UnitPredikatCount
from abdi.performance.models.evaluation import Evaluation
from abdi.performance.models.planning import SKP, Indicator
from abdi.performance.models.years import OrgUnitPredikat, PerformancePeriod, PerformanceYear
from abdi.performance.permissions import evaluations_visible_to
from abdi.performance.rules import RaterRow
from abdi.performance.selectors.reference import distribution_limits, distribution_rounding

OPEN_STATUSES = (SKPStatus.DRAFT, SKPStatus.SUBMITTED, SKPStatus.RETURNED)
HIGH_PREDIKATS = (Predikat.SANGAT_BAIK, Predikat.BAIK)
PREDIKAT_ORDER = tuple(Predikat.values)


def percent(part: int, whole: int) -> Decimal | None:
    """A share in percent with one decimal, or None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


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
        # local: tasks imports the services, which import the selectors (cycle); this read
        # queueing a write is the exception .importlinter names
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
    return [limit for limit in distribution_limits(on) if limit.org_predikat == org_predikat]


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
        # local: tasks imports the services, which import the selectors (cycle); this read
        # queueing a write is the exception .importlinter names
        from abdi.performance.tasks import schedule_unit_counts_refresh

        schedule_unit_counts_refresh()
    return live


def predikat_distribution(*, unit: OrgUnit, period: PerformancePeriod) -> Distribution:
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


def org_predikat_label(code: str) -> str | Promise:
    return dict(OrgPredikat.choices).get(code, code)


def calibration_evaluations(
    *, user: User, unit: OrgUnit, period: PerformancePeriod
) -> QuerySet[Evaluation]:

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
        Decimal(str(settings.ABDI_RATER_THRESHOLD)),
        int(settings.ABDI_RATER_MIN_COUNT),
    )


@dataclass
class RaterReport:
    rows: list  # rules.RaterRow, the rater being an Employee; flagged first
    counts: dict[str, int]  # the whole unit
    total: int
    high_share: Decimal | None  # Sangat Baik + Baik in the whole unit
    threshold: Decimal
    min_count: int

    def high_share_of(self, row: RaterRow) -> Decimal | None:
        return percent(sum(row.counts.get(k, 0) for k in HIGH_PREDIKATS), row.count)


def rater_consistency(*, unit: OrgUnit, period: PerformancePeriod) -> RaterReport:
    """Each appraiser's distribution in the unit against the unit's (rules.rater_consistency:
    mean score Sangat Baik 5 … Sangat Kurang 1). Two queries."""

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
