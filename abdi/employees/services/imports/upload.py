"""An import file uploaded: checked as a whole (type by content, size, rows, columns) and stored
as an ImportJob with its parsed rows beside it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction

from abdi.accounts.models import User
from abdi.core import tabular
from abdi.employees.import_format import HEADERS, Table, check_table, read_table
from abdi.employees.models import ImportJob
from abdi.employees.permissions import can_manage_employees, import_scope_paths
from abdi.org.models import OrgUnit

# --- Upload ---------------------------------------------------------------------------------


@transaction.atomic
def import_upload(*, actor: User, uploaded_file: File) -> ImportJob:
    """Check an uploaded file (type by content, size, rows, columns) and store it as a job.

    A file that fails any check raises ValidationError and leaves nothing behind."""
    if not can_manage_employees(actor):
        raise PermissionDenied
    content = tabular.upload_content(uploaded_file)
    table = read_table(content)
    check_table(table)
    paths = import_scope_paths(actor)
    scope_unit = None
    if paths:
        scope_unit = OrgUnit.objects.filter(path=paths[0]).first()
    name = (getattr(uploaded_file, "name", "") or f"impor.{table.format}").rsplit("/", 1)[-1]
    job = ImportJob(
        original_name=name[:255],
        total_rows=len(table.rows),
        created_by=actor,
        scope_unit=scope_unit,
        report={
            "format": table.format,
            "ignored_columns": table.ignored_columns,
            "absent_columns": [h for h in HEADERS if h not in table.headers],
        },
    )
    job.file.save(f"impor.{table.format}", ContentFile(content), save=False)
    _save_rows(job, table)
    job.save()
    return job


def _cell_json(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _save_rows(job: ImportJob, table: Table) -> None:
    """Keep the parsed rows beside the file: the dry run and the write read them back instead of
    parsing the XLSX again (parsing is the slowest step; see docs/decisions/0003-import.md)."""
    payload = {
        "format": table.format,
        "headers": table.headers,
        "rows": [[n, [_cell_json(c) for c in cells]] for n, cells in table.rows],
    }
    name = default_storage.save(
        f"{job.file.name}.rows.json",
        ContentFile(json.dumps(payload, separators=(",", ":")).encode()),
    )
    job.report = {**job.report, "rows_file": name}


def read_job(job: ImportJob) -> Table:
    rows_file = (job.report or {}).get("rows_file")
    if rows_file and default_storage.exists(rows_file):
        with default_storage.open(rows_file, "rb") as handle:
            payload = json.loads(handle.read())
        table = Table(
            payload["format"],
            payload["headers"],
            [(n, tuple(cells)) for n, cells in payload["rows"]],
        )
    else:
        with job.file.open("rb") as handle:
            table = read_table(handle.read())
    check_table(table)
    return table
