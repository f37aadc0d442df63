"""The all-or-nothing write of a validated import (one transaction, bulk writes with history), in
the request for a small file, in the task worker for a big one."""

from __future__ import annotations

import datetime as dt
import logging
from typing import NamedTuple, TypedDict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from abdi.accounts.models import User
from abdi.core.derived import employee_units_changed
from abdi.employees import rules
from abdi.employees.choices import ImportStatus
from abdi.employees.models import Employee, ImportJob, PositionHistory, RankHistory
from abdi.employees.permissions import can_manage_employees
from abdi.employees.services.imports import plan as row_plan
from abdi.employees.services.imports.plan import (
    BATCH_SIZE,
    Plan,
    RowPlan,
    build_plan,
    chunks,
    employee_values,
)
from abdi.employees.services.imports.upload import read_job
from abdi.employees.services.imports.validation import import_validate, job_report, mark_failed
from abdi.employees.services.retirement import retirement_dates_refresh

logger = logging.getLogger(__name__)

# --- Writing -------------------------------------------------------------------------------


def _claim(job: ImportJob) -> None:
    """VALIDATED → IMPORTING, once: a second click or a second worker gets a ValidationError."""
    job.refresh_from_db()
    if job.status != ImportStatus.VALIDATED or job.error_count:
        raise ValidationError(
            _("Hanya berkas yang sudah diperiksa dan tanpa kesalahan yang dapat diimpor."),
            code="not_validated",
        )
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.VALIDATED).update(
        status=ImportStatus.IMPORTING, processed_rows=0, updated_at=timezone.now()
    )
    if not claimed:
        raise ValidationError(_("Berkas ini sedang atau sudah diimpor."), code="not_validated")
    job.status, job.processed_rows = ImportStatus.IMPORTING, 0


def import_execute(*, actor: User, job: ImportJob) -> ImportJob:
    """Import a validated file: the whole file in one transaction, or nothing."""
    if not can_manage_employees(actor):
        raise PermissionDenied
    _claim(job)
    return import_execute_claimed(actor=actor, job=job)


def import_execute_claimed(*, actor: User, job: ImportJob) -> ImportJob:
    try:
        table = read_job(job)
        # The check runs again: the data may have changed since the dry run.
        plan, reference = build_plan(
            actor=actor, table=table, progress=row_plan.progress_saver(job)
        )
        if plan.errors:
            job.report = job_report(job, plan, reference)
            job.error_count = plan.error_count
            job.status = ImportStatus.INVALID
            job.save()
            raise ValidationError(
                _(
                    "Data berubah sejak pemeriksaan: %(n)d baris kini bermasalah. Tidak ada yang diimpor."
                )
                % {"n": len(plan.errors)},
                code="invalid",
            )
        reason = _("Impor berkas %(name)s") % {"name": job.original_name}
        with transaction.atomic():
            _write(plan, actor=actor, reason=reason[:255])
    except ValidationError:
        raise
    except Exception:
        logger.exception("import %s: writing failed", job.pk)
        mark_failed(job, _("Impor gagal karena kesalahan sistem; tidak ada data yang diubah."))
        raise
    job.report = job_report(job, plan, reference)
    job.created_count = len(plan.creates)
    job.updated_count = len(plan.updates)
    job.processed_rows = job.total_rows
    job.status = ImportStatus.DONE
    job.finished_at = timezone.now()
    job.save()
    return job


class _HistoryOptions(TypedDict):
    """simple-history's options of a bulk write."""

    default_user: User
    default_change_reason: str
    batch_size: int


class _RankChange(NamedTuple):
    employee_id: int
    rank_id: int
    effective_from: dt.date


class _PositionChange(NamedTuple):
    employee_id: int
    position_id: int
    org_unit_id: int
    effective_from: dt.date


def _write(plan: Plan, *, actor: User, reason: str) -> None:
    now = timezone.now()
    history: _HistoryOptions = {
        "default_user": actor,
        "default_change_reason": reason,
        "batch_size": BATCH_SIZE,
    }

    new_employees = []
    for p in plan.creates:
        employee = Employee(nip=rules.parse_nip(p.data.nip).value, **employee_values(p.data))
        new_employees.append(employee)
    created = bulk_create_with_history(new_employees, Employee, **history)

    changed_fields: set[str] = set()
    updated = []
    for p in plan.updates:
        for name, (_old, new) in p.changes.items():
            setattr(p.existing, name, new)
            changed_fields.add(name)
        p.existing.updated_at = now
        updated.append(p.existing)
    if updated:
        bulk_update_with_history(
            updated, Employee, fields=sorted(changed_fields | {"updated_at"}), **history
        )

    touched = list(created) + updated
    planned: list[RowPlan] = [*plan.creates, *plan.updates]  # in the order of `touched`
    # Per-unit counts of the apps above follow the employees' units (old and new).
    employee_units_changed(
        {e.org_unit_id for e in created}
        | {
            unit_id
            for p in plan.updates
            if "org_unit_id" in p.changes or "position_id" in p.changes
            for unit_id in (p.changes.get("org_unit_id", (None, None))[0], p.existing.org_unit_id)
        }
    )
    # The stored BUP date follows its inputs (birth date, position) in the same transaction.
    retirement_dates_refresh(
        employee_ids=[
            e.pk
            for e, p in zip(touched, planned, strict=True)
            if p.existing is None or "birth_date" in p.changes or "position_id" in p.changes
        ]
    )
    rank_changed = [
        _RankChange(e.pk, e.rank_id, e.rank_effective_from)
        for e, p in zip(touched, planned, strict=True)
        if e.rank_id
        and e.rank_effective_from
        and (p.existing is None or "rank_id" in p.changes or "rank_effective_from" in p.changes)
    ]
    position_changed = [
        _PositionChange(e.pk, e.position_id, e.org_unit_id, e.position_effective_from)
        for e, p in zip(touched, planned, strict=True)
        if e.position_id
        and e.position_effective_from
        and (p.existing is None or "position_id" in p.changes)
    ]
    _write_rank_history(rank_changed, history)
    _write_position_history(position_changed, now, history)


def _write_rank_history(changes: list[_RankChange], history: _HistoryOptions) -> None:
    ids = [c.employee_id for c in changes]
    known: set[tuple[int, int, dt.date]] = set()
    for chunk in chunks(ids):
        known.update(
            RankHistory.objects.filter(employee_id__in=chunk).values_list(
                "employee_id", "rank_id", "effective_from"
            )
        )
    rows = [
        RankHistory(employee_id=c.employee_id, rank_id=c.rank_id, effective_from=c.effective_from)
        for c in changes
        if c not in known
    ]
    if rows:
        bulk_create_with_history(rows, RankHistory, **history)


def _write_position_history(
    changes: list[_PositionChange], now: dt.datetime, history: _HistoryOptions
) -> None:
    """Close the open row of each employee who changes position, and open a new one
    (as services._record_position_change does for a single employee)."""
    ids = [c.employee_id for c in changes]
    open_rows: dict[int, list[PositionHistory]] = {}
    for chunk in chunks(ids):
        for row in PositionHistory.objects.filter(
            employee_id__in=chunk, effective_until__isnull=True
        ).order_by("-effective_from"):
            open_rows.setdefault(row.employee_id, []).append(row)
    to_close: list[PositionHistory] = []
    to_create: list[PositionHistory] = []
    for c in changes:
        current = open_rows.get(c.employee_id, [])
        if current and current[0].position_id == c.position_id:
            continue
        start = c.effective_from
        for row in current:
            row.effective_until = max(row.effective_from, start - dt.timedelta(days=1))
            row.updated_at = now
            to_close.append(row)
        to_create.append(
            PositionHistory(
                employee_id=c.employee_id,
                position_id=c.position_id,
                org_unit_id=c.org_unit_id,
                effective_from=start,
            )
        )
    if to_close:
        bulk_update_with_history(
            to_close, PositionHistory, fields=["effective_until", "updated_at"], **history
        )
    if to_create:
        bulk_create_with_history(to_create, PositionHistory, **history)


# --- Small in the request, big in the worker ---------------------------------------------------


def runs_in_background(job: ImportJob) -> bool:
    return job.total_rows > settings.ABDI_IMPORT_SYNC_ROW_LIMIT


def import_validate_start(job: ImportJob) -> ImportJob:
    """Validate now (small file) or hand the job to the task worker (big file)."""
    if not runs_in_background(job):
        return import_validate(job)
    # local: employees.tasks imports this module (cycle)
    from abdi.employees.tasks import validate_import

    job.status, job.processed_rows = ImportStatus.VALIDATING, 0
    job.save(update_fields=["status", "processed_rows", "updated_at"])
    validate_import.enqueue(job_id=job.pk)
    job.refresh_from_db()
    return job


def import_execute_start(*, actor: User, job: ImportJob) -> ImportJob:
    """Import now (small file) or claim the job and hand it to the task worker (big file)."""
    if not can_manage_employees(actor):
        raise PermissionDenied
    if not runs_in_background(job):
        return import_execute(actor=actor, job=job)
    # local: employees.tasks imports this module (cycle)
    from abdi.employees.tasks import execute_import

    _claim(job)
    execute_import.enqueue(job_id=job.pk, actor_id=actor.pk)
    job.refresh_from_db()
    return job
