"""The dry run of an import (every row's errors and a preview, nothing but the job written), its
report, and the job that lost its worker."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.core.heartbeat import worker_dead
from abdi.employees import rules
from abdi.employees.choices import ImportStatus
from abdi.employees.import_format import COLUMN_OF_FIELD
from abdi.employees.models import ImportJob
from abdi.employees.services.imports import plan as row_plan
from abdi.employees.services.imports.plan import (
    Plan,
    Reference,
    build_plan,
    display_value,
)
from abdi.employees.services.imports.upload import read_job

logger = logging.getLogger(__name__)

PREVIEW_LIMIT = 200  # creates/updates listed in the report
ERROR_ROWS_LIMIT = 2000  # rows with errors kept in the report (error_count stays exact)
# A running job without progress for this long has lost its worker (the write of 200,000 rows,
# the largest file allowed, takes a few minutes).
STALE_AFTER = dt.timedelta(minutes=15)

# --- Report ---------------------------------------------------------------------------------


FIELD_LABELS = {
    "rank_id": "GOL_KODE",
    "position_id": "JABATAN_KODE",
    "org_unit_id": "UNOR_KODE",
    "education_level_id": "PENDIDIKAN_KODE",
    "kind": "STATUS",
}


def _change_display(name: str, value: Any, ref: Reference) -> str:
    if value is None:
        return "—"
    if name == "rank_id":
        return ref.ranks_by_id[value].code
    if name == "position_id":
        return ref.positions_by_id[value].name
    if name == "org_unit_id":
        return ref.units_by_id[value].name
    if name == "education_level_id":
        return ref.education_by_id[value].code
    return display_value(value)


def job_report(job: ImportJob, plan: Plan, ref: Reference) -> dict[str, Any]:
    error_rows = sorted(plan.errors)
    report = {
        key: job.report.get(key)
        for key in ("format", "ignored_columns", "absent_columns", "rows_file")
        if key in job.report
    }
    report.update(
        {
            "errors": {str(n): plan.errors[n] for n in error_rows[:ERROR_ROWS_LIMIT]},
            "error_rows": len(error_rows),
            "errors_truncated": len(error_rows) > ERROR_ROWS_LIMIT,
            "warnings": {str(n): w for n, w in sorted(plan.warnings.items())[:ERROR_ROWS_LIMIT]},
            "warning_rows": len(plan.warnings),
            "preview": {
                "create": [
                    {
                        "row": p.row,
                        "nip": rules.parse_nip(p.data.nip).value,
                        "name": p.data.name,
                        "unit": p.data.org_unit.name,
                        "position": p.data.position.name if p.data.position else "",
                        "rank": p.data.rank.code if p.data.rank else "",
                    }
                    for p in plan.creates[:PREVIEW_LIMIT]
                ],
                "update": [
                    {
                        "row": p.row,
                        "nip": p.existing.nip,
                        "name": p.data.name,
                        "changes": [
                            {
                                "column": FIELD_LABELS.get(name, COLUMN_OF_FIELD.get(name, name)),
                                "old": _change_display(name, old, ref),
                                "new": _change_display(name, new, ref),
                            }
                            for name, (old, new) in p.changes.items()
                            if name != "kind"
                        ],
                    }
                    for p in plan.updates[:PREVIEW_LIMIT]
                ],
                "create_count": len(plan.creates),
                "update_count": len(plan.updates),
                "unchanged_count": plan.unchanged,
                "truncated": max(len(plan.creates), len(plan.updates)) > PREVIEW_LIMIT,
            },
        }
    )
    return report


def mark_failed(job: ImportJob, message: str) -> None:
    job.status = ImportStatus.FAILED
    job.report = {**(job.report or {}), "file_errors": [message]}
    job.error_count = max(job.error_count, 1)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "report", "error_count", "finished_at", "updated_at"])


# --- Dry run ---------------------------------------------------------------------------------


def import_validate(job: ImportJob) -> ImportJob:
    """The dry run: check every row, fill the report, and mark the job VALIDATED or INVALID.

    Nothing but the job is written. Runs in the request for small files, in a task for big ones."""
    job.status, job.processed_rows = ImportStatus.VALIDATING, 0
    job.save(update_fields=["status", "processed_rows", "updated_at"])
    try:
        table = read_job(job)
        plan, reference = build_plan(
            actor=job.created_by, table=table, progress=row_plan.progress_saver(job)
        )
    except ValidationError as exc:
        mark_failed(job, " ".join(exc.messages))
        return job
    except Exception:
        logger.exception("import %s: validation failed", job.pk)
        mark_failed(job, _("Pemeriksaan berkas gagal karena kesalahan sistem. Coba unggah ulang."))
        return job
    job.report = job_report(job, plan, reference)
    job.total_rows = len(table.rows)
    job.processed_rows = len(table.rows)
    job.error_count = plan.error_count
    job.created_count = len(plan.creates)
    job.updated_count = len(plan.updates)
    job.status = ImportStatus.INVALID if plan.errors else ImportStatus.VALIDATED
    job.save()
    return job


def import_heartbeat_key(job_id: int) -> str:
    return f"employees.import:{job_id}"


def import_mark_stale(job: ImportJob) -> ImportJob:
    """A job that has shown no progress for STALE_AFTER while validating or importing lost its
    worker (stopped or restarted): the write transaction was rolled back, so say so."""
    if job.status not in (ImportStatus.VALIDATING, ImportStatus.IMPORTING):
        return job
    # As soon as the worker's heartbeat is missed (its process is gone, or its beat is overdue);
    # without a heartbeat (a small file done in the request), after STALE_AFTER without progress.
    dead = worker_dead(import_heartbeat_key(job.pk))
    if dead or (dead is None and job.updated_at < timezone.now() - STALE_AFTER):
        mark_failed(
            job,
            _(
                "Proses terhenti karena pekerja latar belakang berhenti. Tidak ada data yang "
                "diubah; unggah ulang berkas untuk mencoba lagi."
            ),
        )
    return job
