"""One writer for spreadsheet cells (XLSX and CSV), safe against formula injection.

Every exported value goes through `safe_cell`: a lazy translation becomes plain text (openpyxl
refuses Django's lazy strings, see issue 13's recap 500), and text that a spreadsheet would run
as a formula (starting with = + - @, a tab or a carriage return) is prefixed with a quote."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | bool | dt.date | dt.datetime | None


def safe_cell(value) -> Cell:
    """A value a spreadsheet stores as data, never as a formula."""
    if value is None or isinstance(value, bool | int | float | dt.date | dt.datetime):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    text = value if isinstance(value, str) and not isinstance(value, Promise) else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(values: Iterable) -> list[Cell]:
    return [safe_cell(v) for v in values]


# --- streamed downloads -----------------------------------------------------------------------


class _Echo:
    """A file-like object whose write returns the line: the csv module writes into it and
    StreamingHttpResponse sends each line as it comes."""

    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: list, rows: Iterable[Iterable]):
    """A streamed CSV download (UTF-8 with BOM so that Excel reads it), each cell through
    safe_cell; memory stays bounded whatever the number of rows."""
    import csv

    from django.http import StreamingHttpResponse

    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        yield writer.writerow(safe_row(header))
        for row in rows:
            yield writer.writerow(["" if c is None else c for c in safe_row(row)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(filename: str, sheet_title: str, header: list, rows: Iterable[Iterable]):
    """An XLSX download written with openpyxl's write-only workbook (rows go to a temporary
    file as they come, not into memory), sent as a file stream."""
    import tempfile

    from django.http import FileResponse
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(sheet_title)[:31])
    bold = Font(bold=True)
    cells = []
    for value in safe_row(header):
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        sheet.append(safe_row(row))
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
