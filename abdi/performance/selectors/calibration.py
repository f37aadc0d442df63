"""Reads for calibration and rater consistency: a unit's predikat distribution against the limits
in force for its organisational predikat, the evaluations to calibrate, and the raters' spread.

Which unit an evaluation belongs to: the SKP's unit snapshot (`SKP.org_unit`, the unit where the
work was planned and done). See docs/decisions/0009-calibration.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from abdi.core.choices import Predikat
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit
from abdi.performance.choices import OrgPredikat
from abdi.performance.models.evaluation import Evaluation
from abdi.performance.models.years import OrgUnitPredikat, PerformancePeriod
from abdi.performance.selectors.monitoring import HIGH_PREDIKATS, PREDIKAT_ORDER, percent
from abdi.performance.selectors.reference import distribution_limits, distribution_rounding

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
    return [limit for limit in distribution_limits(on) if limit.org_predikat == org_predikat]


def predikat_counts(evaluations: QuerySet[Evaluation]) -> dict[str, int]:
    counts = dict.fromkeys(PREDIKAT_ORDER, 0)
    for predikat, n in evaluations.values_list("predikat").annotate(n=Count("id")).order_by():
        counts[predikat] = n
    return counts


def predikat_distribution(*, unit: OrgUnit, period: PerformancePeriod) -> Distribution:
    from abdi.performance import rules

    counts = predikat_counts(evaluations_in_unit(unit=unit, period=period))
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
