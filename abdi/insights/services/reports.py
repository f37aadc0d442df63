"""Standard report exports. Small ones are written in the request; larger ones (more than
`ABDI_REPORT_SYNC_ROWS` rows) by the worker into a file the requester downloads, with the
progress on the export's page. Rows are read in chunks and written by openpyxl's write-only
workbook, so memory stays flat at 100,000 rows."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from abdi.accounts.models import User
from abdi.core.exports import append_xlsx
from abdi.core.services import fail, require, today
from abdi.insights.choices import ReportKind, RunStatus
from abdi.insights.models import ReportExport
from abdi.insights.selectors import reports as sel
from abdi.org.models import OrgUnit

CHUNK = 2000


def sync_limit() -> int:
    return settings.ABDI_REPORT_SYNC_ROWS


# (headers, queryset, row function): what a report writer needs.
ReportTable = tuple[list[Any], QuerySet[Any], Callable[[Any, int], list[Any]]]


def report_table(kind: str, user: User, unit: OrgUnit, columns: list[str]) -> ReportTable:
    """(headers, queryset, row function) of a report, in the user's scope."""
    on = today()
    if kind == ReportKind.BEZETTING:
        return sel.BEZETTING_HEADERS, sel.bezetting(unit), lambda p, n: sel.bezetting_row(p)
    if kind == ReportKind.DUK:
        cols = sel.columns_for(sel.DUK_KEYS)
        qs = sel.duk(user, unit)
        return (
            [_("No. urut"), *[c.label for c in cols]],
            qs,
            lambda e, n: [n, *[c.value(e, on) for c in cols]],
        )
    cols = sel.columns_for(columns) or sel.columns_for(sel.NOMINATIVE_DEFAULT)
    return (
        [pgettext("row number", "No"), *[c.label for c in cols]],
        sel.nominative(user, unit),
        lambda e, n: [n, *[c.value(e, on) for c in cols]],
    )


def _rows(
    qs: QuerySet[Any],
    row: Callable[[Any, int], list[Any]],
    progress: Callable[[int], object] | None = None,
) -> Iterator[list[Any]]:
    for n, obj in enumerate(qs.iterator(chunk_size=CHUNK), start=1):
        yield row(obj, n)
        if progress is not None and n % CHUNK == 0:
            progress(n)


def write_xlsx(
    target: IO[bytes], title: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> int:

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    append_xlsx(sheet, headers)
    count = 0
    for values in rows:
        append_xlsx(sheet, values)
        count += 1
    workbook.save(target)
    return count


def _title(kind: str, unit: OrgUnit) -> str:
    return f"{ReportKind(kind).label} — {unit.name}"


def validate_columns(kind: str, columns: list[str]) -> list[str]:
    if kind != ReportKind.NOMINATIVE:
        return []
    unknown = [c for c in columns if c not in sel.COLUMNS_BY_KEY]
    if unknown:
        fail(_("Kolom tidak dikenal: %(c)s.") % {"c": ", ".join(unknown)})
    return columns or list(sel.NOMINATIVE_DEFAULT)


@transaction.atomic
def report_export_request(
    *, actor: User, kind: str, unit: OrgUnit, columns: list[str]
) -> ReportExport:
    """Queue a report export for the worker; the requester follows it on its page."""
    if kind not in ReportKind.values:
        fail(_("Jenis laporan tidak dikenal."))
    require(
        sel.report_units(actor).filter(pk=unit.pk).exists(), _("Unit ini di luar lingkup Anda.")
    )
    columns = validate_columns(kind, columns)
    export = ReportExport.objects.create(
        kind=kind, org_unit=unit, columns=columns, requested_by=actor
    )
    # local: the tasks module imports this service (cycle)
    from abdi.insights.tasks import report_export_run

    transaction.on_commit(lambda: report_export_run.enqueue(export_id=export.pk))
    return export


def report_export_run(*, export: ReportExport) -> ReportExport:
    """The worker's part: count, stream the rows into a temporary file, store it."""
    headers, qs, row = report_table(
        export.kind, export.requested_by, export.org_unit, export.columns
    )
    total = qs.count()
    ReportExport.objects.filter(pk=export.pk).update(
        status=RunStatus.RUNNING, total_rows=total, processed_rows=0
    )

    def progress(n: int) -> None:
        ReportExport.objects.filter(pk=export.pk).update(processed_rows=n)

    try:
        with tempfile.TemporaryFile() as tmp:
            write_xlsx(tmp, _title(export.kind, export.org_unit), headers, _rows(qs, row, progress))
            tmp.seek(0)
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
            export.file.save(
                f"{export.kind}-{export.org_unit.code}-{stamp}.xlsx", File(tmp), save=False
            )
    except Exception as exc:
        ReportExport.objects.filter(pk=export.pk).update(
            status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    ReportExport.objects.filter(pk=export.pk).update(
        file=export.file.name,
        status=RunStatus.DONE,
        processed_rows=total,
        finished_at=timezone.now(),
    )
    export.refresh_from_db()
    return export
