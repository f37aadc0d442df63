"""The years and periods the monitors show: the default year, the current period, the latest period
with data, the periods in order."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from abdi.org.models import OrgUnit
from abdi.performance.choices import PeriodKind
from abdi.performance.models import (
    Evaluation,
    PerformancePeriod,
    PerformanceYear,
)

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
