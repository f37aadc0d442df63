"""Placing every employee in the nine-box for a year. The worker runs `placements_compute`:
it streams the active employees in batches (keyset on the primary key), reads each batch's
inputs in a fixed number of queries (predikat of the two years, the latest potential score,
the current competency levels and the positions' standards), applies rules.place in memory and
bulk-inserts the rows; memory holds one batch. The year's old rows are replaced in the same
transaction, so the map shows either the old or the new placements, never a mix. Review
decisions (BoxAdjustment) are re-applied on top. See docs/decisions/0016-talent.md."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.competency import rules as competency_rules
from abdi.competency.models import Assessment
from abdi.competency.selectors import StandardBook, latest_levels
from abdi.core.services import lock_in_order
from abdi.employees.models import AnnualPredikat, Employee
from abdi.talent import rules
from abdi.talent.choices import RunStatus
from abdi.talent.models import BoxAdjustment, PlacementRun, TalentPlacement
from abdi.talent.selectors.placement import placements_changed
from abdi.talent.selectors.reference import placement_tables
from abdi.talent.services.reference import require_talent_admin

BATCH_SIZE = 5000
logger = logging.getLogger(__name__)


def predikat_years(year: int) -> tuple[int, int]:
    """The two completed years a placement for `year` reads: (previous, latest)."""
    return (year - 2, year - 1)


def tables_date(year: int, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return min(today, dt.date(year, 12, 31))


@transaction.atomic
def placement_run_request(*, actor: User, year: int) -> PlacementRun:
    """Queue the computation of a year's placements for the worker."""
    require_talent_admin(actor)
    today = timezone.localdate()
    if not 2000 <= year <= today.year + 1:
        raise ValidationError({"year": [_("Tahun pemetaan tidak valid.")]})
    busy = lock_in_order(
        PlacementRun.objects.filter(year=year, status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
    )
    if busy:
        raise ValidationError(_("Pemetaan tahun ini sedang dihitung. Tunggu hingga selesai."))
    run = PlacementRun.objects.create(year=year, requested_by=actor)
    # local: talent.tasks imports this module (cycle)
    from abdi.talent.tasks import compute_placements

    transaction.on_commit(lambda: compute_placements.enqueue(run_id=run.pk))
    return run


def _batch_inputs(
    span: tuple[int, int], year: int, rows: list[tuple[Any, ...]], need_jpm: bool
) -> tuple[dict[int, dict[int, str]], dict[int, tuple[Any, ...]], dict[int, Decimal | None]]:
    """The inputs of the employees whose ids lie in `span` (the batch's first and last id: a
    range, not a list of 5,000 parameters)."""
    previous, latest = predikat_years(year)
    predikats: dict[int, dict[int, str]] = defaultdict(dict)
    for emp_id, y, predikat in AnnualPredikat.objects.filter(
        employee_id__gte=span[0], employee_id__lte=span[1], year__in=(previous, latest)
    ).values_list("employee_id", "year", "predikat"):
        predikats[emp_id][y] = predikat
    scores: dict[int, tuple] = {}
    for emp_id, date, score in (
        Assessment.objects.filter(
            employee_id__gte=span[0],
            employee_id__lte=span[1],
            potential_score__isnull=False,
            date__lte=dt.date(year, 12, 31),
        )
        .order_by("employee_id", "-date", "-pk")
        .values_list("employee_id", "date", "potential_score")
    ):
        scores.setdefault(emp_id, (date, score))
    jpms: dict[int, Decimal | None] = {}
    if need_jpm:
        book = StandardBook({r[3] for r in rows if r[3]})
        levels = latest_levels(Employee.objects.filter(pk__range=span).values("pk"))
        for emp_id, _unit, _path, position_id, kind, _name in rows:
            required = book.required(position_id, kind)
            jpms[emp_id] = competency_rules.jpm(levels.get(emp_id, {}), required)
    return predikats, scores, jpms


# The columns written per placement, in the order of the tuples built below. On PostgreSQL the
# rows go in with COPY (the fast path); elsewhere with executemany of one short INSERT (portable
# SQL, values adapted as the ORM adapts them). bulk_create's per-field SQL compilation, then
# psycopg's splitting of 10,000-parameter statements, cost more than everything else together
# at 100,000 employees.
COLUMNS = (
    "year", "employee", "run", "name", "org_unit", "unit_path", "position", "level",
    "predikat_previous", "predikat_latest", "performance_value", "potential_score", "assessed_on",
    "jpm", "potential_value", "performance", "potential", "computed_box", "box", "unmappable",
    "previous_box",
)  # fmt: skip


def _insert(rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    meta = TalentPlacement._meta
    concrete = {f.name: f.column for f in meta.concrete_fields}
    columns = ", ".join(quote(concrete[name]) for name in COLUMNS)
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        values = ", ".join(["%s"] * len(COLUMNS))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({values})", rows)


def placements_compute(
    *, year: int, run: PlacementRun | None = None, batch_size: int = BATCH_SIZE
) -> tuple[int, int]:
    """Replace the year's placements; returns (placed, unmappable)."""
    tables = placement_tables(tables_date(year))
    need_jpm = tables.jpm_weight > 0
    previous, latest = predikat_years(year)
    run_id = run.pk if run is not None else None
    ops = connection.ops  # values adapted as the ORM adapts them (SQLite stores text)

    def _dec(value: Decimal | None) -> Any:
        return None if value is None else ops.adapt_decimalfield_value(value, 6, 2)

    _date = ops.adapt_datefield_value
    placed = unmappable = 0
    with transaction.atomic():
        TalentPlacement.objects.filter(year=year).delete()
        last_pk = 0
        while True:
            rows = list(
                Employee.objects.filter(is_active=True, pk__gt=last_pk)
                .order_by("pk")
                .values_list(
                    "pk", "org_unit_id", "org_unit__path", "position_id", "position__kind", "name"
                )[:batch_size]
            )
            if not rows:
                break
            last_pk = rows[-1][0]
            span = (rows[0][0], last_pk)
            predikats, scores, jpms = _batch_inputs(span, year, rows, need_jpm)
            before = dict(
                TalentPlacement.objects.filter(
                    year=year - 1, employee_id__gte=span[0], employee_id__lte=span[1]
                ).values_list("employee_id", "box")
            )
            batch = []
            for emp_id, unit_id, path, position_id, kind, name in rows:
                years = predikats.get(emp_id, {})
                assessed_on, score = scores.get(emp_id, (None, None))
                jpm = jpms.get(emp_id)
                result = rules.place(
                    [years.get(previous), years.get(latest)],
                    rules.PotentialInputs(score, jpm),
                    tables,
                )
                if result.box is None:
                    unmappable += 1
                else:
                    placed += 1
                batch.append(
                    (
                        year,
                        emp_id,
                        run_id,
                        name,
                        unit_id,
                        path,
                        position_id,
                        rules.position_level(kind),
                        years.get(previous, ""),
                        years.get(latest, ""),
                        _dec(result.performance_value),
                        _dec(score),
                        _date(assessed_on),
                        _dec(jpm),
                        _dec(result.potential_value),
                        result.performance or "",
                        result.potential or "",
                        result.box,
                        result.box,
                        result.unmappable,
                        before.get(emp_id),
                    )  # fmt: skip
                )
            _insert(batch)
            del batch, rows, predikats, scores, jpms, before
        apply_adjustments(year)
        transaction.on_commit(placements_changed)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # PostgreSQL fast path: fresh statistics and visibility map, so that the map's grouped
        # read is an index-only scan at once (autovacuum would get there later).
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {TalentPlacement._meta.db_table}")
    return placed, unmappable


@dataclass
class AdjustmentsApplied:
    applied: int
    # {employee id: why the decision was not applied (the placement's unmappable reason)}
    skipped: dict[int, str]


def apply_adjustments(year: int) -> AdjustmentsApplied:
    """Put the latest review decision of each adjusted employee on their placement. An employee
    who has become not mappable since the decision (an input went missing) keeps no box: the
    decision is skipped, not forced onto a placement without inputs, and reported with the
    reason (the review page shows it as not applied)."""
    latest_ids = (
        BoxAdjustment.objects.filter(year=year)
        .values("employee_id")
        .annotate(last=Max("pk"))
        .values_list("last", flat=True)
    )
    decisions = dict(
        BoxAdjustment.objects.filter(pk__in=list(latest_ids)).values_list("employee_id", "to_box")
    )
    unmappable = dict(
        TalentPlacement.objects.filter(
            year=year, employee_id__in=list(decisions), box__isnull=True
        ).values_list("employee_id", "unmappable")
    )
    applied = 0
    for emp_id, box in decisions.items():
        if emp_id in unmappable:
            continue
        applied += TalentPlacement.objects.filter(
            year=year, employee_id=emp_id, box__isnull=False
        ).update(box=box)
    if unmappable:
        logger.warning(
            "talent %s: %d review decision(s) not applied, employees not mappable: %s",
            year,
            len(unmappable),
            sorted(unmappable),
        )
    return AdjustmentsApplied(applied, unmappable)


def placement_run_execute(run_id: int) -> PlacementRun:
    """The worker's side: mark the run, compute, record the outcome."""
    run = PlacementRun.objects.get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return run
    run.status, run.started_at = RunStatus.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        placed, unmappable = placements_compute(year=run.year, run=run)
    except Exception as exc:
        run.status, run.error, run.finished_at = RunStatus.FAILED, str(exc)[:2000], timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        raise
    run.status, run.finished_at = RunStatus.DONE, timezone.now()
    run.placed, run.unmappable = placed, unmappable
    run.save(update_fields=["status", "finished_at", "placed", "unmappable"])
    return run
