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

The predikat distribution's counts (models.UnitPredikatCount, per unit kerja of the SKP, period
and predikat) follow the writes that set or change a predikat — an evaluation, a calibration, an
upheld objection — through `predikat_counts_moved`: one UPDATE per predikat touched.

`unit_counts_refresh` and `predikat_counts_refresh` recompute from the records, so they also
repair (`manage.py refresh_unit_counts`). Concurrency: a refresh locks the units, then the existing count rows, and
only then counts, so that it waits for a concurrent `unit_counts_add` to commit and counts its
write; an `unit_counts_add` that comes after the lock waits for the refresh and adds to the new
value. Rows are updated in place, never deleted and re-inserted, so a waiting UPDATE always
finds its row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, transaction
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
    UnitPredikatCount,
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


# ---------------------------------------------------------------- predikat distribution


def _predikat_add(*, unit_id: int, period_id: int, predikat: str, delta: int) -> None:
    """Add `delta` to one (unit, period, predikat) row: one UPDATE. A missing row is created
    with the count from the records (which include this transaction's own write); when a
    concurrent transaction created it first, the delta is added to theirs (their count did
    not see this uncommitted write)."""
    key = {"org_unit_id": unit_id, "period_id": period_id, "predikat": predikat}
    rows = UnitPredikatCount.objects.filter(**key)
    now = timezone.now()
    if rows.update(evaluations=F("evaluations") + delta, updated_at=now):
        return
    counted = Evaluation.objects.filter(
        skp__org_unit_id=unit_id, period_id=period_id, predikat=predikat
    ).count()
    try:
        with transaction.atomic():
            UnitPredikatCount.objects.create(**key, evaluations=counted)
    except IntegrityError:
        rows.update(evaluations=F("evaluations") + delta, updated_at=now)


def predikat_counts_moved(evaluation: Evaluation, old: str | None) -> None:
    """An evaluation was created (`old` None) or its predikat changed from `old`: move it in the
    counts of its SKP's unit and period. Called after the evaluation is saved, in the same
    transaction. Rows are touched in a stable order (no deadlock between two changes)."""
    new = evaluation.predikat
    if old == new:
        return
    unit_id = evaluation.skp.org_unit_id
    deltas = {new: 1} if old is None else {old: -1, new: 1}
    for predikat in sorted(deltas):
        _predikat_add(
            unit_id=unit_id,
            period_id=evaluation.period_id,
            predikat=predikat,
            delta=deltas[predikat],
        )


@transaction.atomic
def predikat_counts_refresh(*, period_ids: Iterable[int] | None = None) -> int:
    """Recompute the predikat counts of these periods (every period when None) from the
    evaluations, in one grouped query; rows are updated in place (locked first, so a concurrent
    add is waited for and counted), missing ones created. Returns the rows written."""
    rows = UnitPredikatCount.objects.select_for_update().order_by("pk")
    evaluations = Evaluation.objects.all()
    if period_ids is not None:
        ids = sorted(set(period_ids))
        rows = rows.filter(period_id__in=ids)
        evaluations = evaluations.filter(period_id__in=ids)
    existing = {(r.org_unit_id, r.period_id, r.predikat): r for r in rows}
    counted = {
        (unit, period, predikat): n
        for unit, period, predikat, n in evaluations.values_list(
            "skp__org_unit_id", "period_id", "predikat"
        )
        .annotate(n=Count("id"))
        .order_by()
    }
    now = timezone.now()
    changed, created = [], []
    for key in existing.keys() | counted.keys():
        n = counted.get(key, 0)
        row = existing.get(key)
        if row is None:
            unit, period, predikat = key
            created.append(
                UnitPredikatCount(
                    org_unit_id=unit, period_id=period, predikat=predikat, evaluations=n
                )
            )
        elif row.evaluations != n:
            row.evaluations, row.updated_at = n, now
            changed.append(row)
    UnitPredikatCount.objects.bulk_update(changed, ["evaluations", "updated_at"], batch_size=500)
    UnitPredikatCount.objects.bulk_create(created, batch_size=1000)
    return len(changed) + len(created)
