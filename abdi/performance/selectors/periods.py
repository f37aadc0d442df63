"""The years and periods the monitors show: the default year, the current period, the latest period
with data, the periods in order."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from abdi.org.models import OrgUnit
from abdi.performance.choices import PeriodKind, SKPStatus
from abdi.performance.models import UnitCompletionCount
from abdi.performance.models.evaluation import Evaluation
from abdi.performance.models.years import OrgUnitPredikat, PerformancePeriod, PerformanceYear

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


def year_numbers() -> list[int]:
    """Every performance year's number (the monitors' year picker)."""
    return list(PerformanceYear.objects.values_list("year", flat=True))


def years_with_periods() -> list[PerformanceYear]:
    """Every performance year, newest first, its periods prefetched."""
    return list(PerformanceYear.objects.prefetch_related("periods").order_by("-year"))


def years_with_skp_counts() -> QuerySet[PerformanceYear]:
    """Every performance year, newest first, with its SKPs counted (superseded ones not)."""
    return PerformanceYear.objects.annotate(
        skp_count=Count("skps", filter=~Q(skps__status=SKPStatus.SUPERSEDED))
    ).order_by("-year")


def year_and_period(
    year: int | None, code: str, *, default_annual: bool = False
) -> tuple[PerformanceYear | None, PerformancePeriod | None]:
    """The year and period asked for, else this year and its current period (the annual one
    first with `default_annual`)."""
    found = PerformanceYear.objects.filter(year=year).first() if year is not None else None
    found = found or default_year()
    if found is None:
        return None, None
    period = found.periods.filter(code=code).first() if code else None
    if period is None:
        period = (
            found.periods.filter(kind=PeriodKind.YEAR).first()
            if default_annual
            else current_period(found)
        ) or current_period(found)
    return found, period


def period_with_year(code: str) -> PerformancePeriod | None:
    return PerformancePeriod.objects.select_related("performance_year").filter(code=code).first()


def unit_predikats(period: PerformancePeriod) -> dict[int, OrgUnitPredikat]:
    """The organisational predikat recorded per unit id for the period, with who recorded it."""
    return {
        row.org_unit_id: row
        for row in OrgUnitPredikat.objects.filter(period=period).select_related("recorded_by")
    }
