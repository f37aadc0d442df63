"""The unit monitor's precomputed counts (models.UnitCompletionCount): the only writer.

Each row holds one unit kerja's own figures (not its subtree) for one period. They change with
four kinds of write, each of which calls one function here inside its own transaction:

- a first realisation of an indicator in a period, and an evaluation: `unit_counts_add`, one
  UPDATE of one row (the hot writes of the evaluation season stay cheap);
- an SKP approval (which may supersede the previous version): `unit_counts_refresh` of the
  employee's unit for that year;
- an employee's unit, position or presence changing (the employees services, through
  core.derived): `unit_counts_refresh` of the old and new units, every year;
- a performance year opened: `unit_counts_refresh` of every unit for that year.

`unit_counts_refresh` recomputes from the records, so it also repairs (`manage.py
refresh_unit_counts`). Concurrency: a refresh locks the units, then the existing count rows, and
only then counts, so that it waits for a concurrent `unit_counts_add` to commit and counts its
write; an `unit_counts_add` that comes after the lock waits for the refresh and adds to the new
value. Rows are updated in place, never deleted and re-inserted, so a waiting UPDATE always
finds its row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from abdi.employees.models import Employee
from abdi.org.models import OrgUnit
from abdi.performance.choices import SKPStatus
from abdi.performance.models import (
    SKP,
    Evaluation,
    Indicator,
    PerformancePeriod,
    Realisation,
    UnitCompletionCount,
)

FIGURES = ("employees", "approved", "indicators", "realised", "evaluated")


def _lock_units(unit_ids: list[int] | None) -> list[int]:
    """Lock the units (FOR NO KEY UPDATE: inserts referencing them are not blocked) in a stable
    order; returns their ids. SQLite serialises writers anyway."""
    units = OrgUnit.objects.select_for_update(no_key=True).order_by("pk")
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    return list(units.values_list("pk", flat=True))


@transaction.atomic
def unit_counts_refresh(
    *, unit_ids: Iterable[int] | None = None, year_id: int | None = None
) -> int:
    """Recompute the rows of these units (every unit when None) for one performance year (every
    year when None) from the records, in five grouped queries. Returns the rows written."""
    ids = _lock_units(sorted(set(unit_ids)) if unit_ids is not None else None)
    periods = PerformancePeriod.objects.order_by("pk")
    if year_id is not None:
        periods = periods.filter(performance_year_id=year_id)
    period_years = dict(periods.values_list("pk", "performance_year_id"))
    if not ids or not period_years:
        return 0
    existing = {
        (row.org_unit_id, row.period_id): row
        for row in UnitCompletionCount.objects.select_for_update()
        .filter(org_unit_id__in=ids, period_id__in=list(period_years))
        .order_by("pk")
    }
    years = set(period_years.values())
    figures: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    per_unit = dict(
        Employee.objects.filter(is_active=True, org_unit_id__in=ids)
        .values_list("org_unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    approved = SKP.objects.filter(
        status=SKPStatus.APPROVED,
        performance_year_id__in=years,
        employee__is_active=True,
        employee__org_unit_id__in=ids,
    )
    per_year: dict[str, dict[tuple[int, int], int]] = {
        "approved": {
            (unit, year): n
            for unit, year, n in approved.values_list(
                "employee__org_unit_id", "performance_year_id"
            )
            .annotate(n=Count("id"))
            .order_by()
        },
        "indicators": {
            (unit, year): n
            for unit, year, n in Indicator.objects.filter(work_result__skp__in=approved)
            .values_list(
                "work_result__skp__employee__org_unit_id", "work_result__skp__performance_year_id"
            )
            .annotate(n=Count("id"))
            .order_by()
        },
    }
    # One realisation per (indicator, period) and one evaluation per (SKP, period): constraints.
    per_period: dict[str, dict[tuple[int, int], int]] = {
        "realised": {
            (unit, period): n
            for unit, period, n in Realisation.objects.filter(
                indicator__work_result__skp__in=approved, period_id__in=list(period_years)
            )
            .values_list("indicator__work_result__skp__employee__org_unit_id", "period_id")
            .annotate(n=Count("id"))
            .order_by()
        },
        "evaluated": {
            (unit, period): n
            for unit, period, n in Evaluation.objects.filter(
                skp__in=approved, period_id__in=list(period_years)
            )
            .values_list("skp__employee__org_unit_id", "period_id")
            .annotate(n=Count("id"))
            .order_by()
        },
    }
    for unit in ids:
        for period, year in period_years.items():
            key = (unit, period)
            values = {
                "employees": per_unit.get(unit, 0),
                "approved": per_year["approved"].get((unit, year), 0),
                "indicators": per_year["indicators"].get((unit, year), 0),
                "realised": per_period["realised"].get(key, 0),
                "evaluated": per_period["evaluated"].get(key, 0),
            }
            if any(values.values()) or key in existing:
                figures[key] = values
    now = timezone.now()
    changed, created = [], []
    for (unit, period), values in figures.items():
        row = existing.get((unit, period))
        if row is None:
            created.append(UnitCompletionCount(org_unit_id=unit, period_id=period, **values))
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.updated_at = now
            changed.append(row)
    UnitCompletionCount.objects.bulk_update(changed, [*FIGURES, "updated_at"], batch_size=500)
    UnitCompletionCount.objects.bulk_create(created, batch_size=1000)
    return len(changed) + len(created)


def unit_counts_add(
    *, employee: Employee, period: PerformancePeriod, realised: int = 0, evaluated: int = 0
) -> None:
    """Add to the figures of the employee's current unit for a period (a first realisation of
    an indicator, an evaluation of an approved SKP): one UPDATE; the unit is recomputed instead
    when it has no row for the period yet. Inactive employees are not counted."""
    if not employee.is_active:
        return
    updated = UnitCompletionCount.objects.filter(
        org_unit_id=employee.org_unit_id, period_id=period.pk
    ).update(
        realised=F("realised") + realised,
        evaluated=F("evaluated") + evaluated,
        updated_at=timezone.now(),
    )
    if not updated:
        unit_counts_refresh(unit_ids=[employee.org_unit_id], year_id=period.performance_year_id)


def skp_counts_changed(skp: SKP) -> None:
    """An SKP version was approved (and the previous one superseded): recompute its unit."""
    unit_counts_refresh(unit_ids=[skp.employee.org_unit_id], year_id=skp.performance_year_id)


def employee_units_changed(unit_ids: frozenset[int]) -> None:
    """core.derived listener: employees joined, left or changed position in these units."""
    unit_counts_refresh(unit_ids=unit_ids)
