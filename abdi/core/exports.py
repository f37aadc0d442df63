"""One writer for every cell Abdi puts in an XLSX or CSV download, safe against formula injection.

OWASP's rule (CSV injection): a text value that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return may be run as a formula by a spreadsheet program. Abdi writes such a value as TEXT:

- in XLSX the cell is stored as a string (never a formula) with Excel's "quote prefix" set, so the
  sheet shows exactly the name that was typed and editing the cell does not turn it into a formula;
- in CSV (which has no types) the value gets a leading apostrophe, which spreadsheet programs read
  as "this is text" and do not display.

Numbers, dates and booleans are written as they are. Every export builds its rows with
`xlsx_row` / `append_xlsx` or `csv_writer`, never `sheet.append` / `csv.writer` on raw values."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _text(value: Any) -> Any:
    # Lazy translations (gettext_lazy) become plain str, so they are checked like any text.
    return str(value) if isinstance(value, Promise) else value


def xlsx_cell(sheet, value: Any):
    """A cell for `sheet.append`: the value itself, or a text cell when it looks like a formula."""
    value = _text(value)
    if not is_formula_like(value):
        return value
    cell = WriteOnlyCell(sheet, value=value) if _write_only(sheet) else Cell(sheet, value=value)
    cell.data_type = "s"  # a string, never a formula
    cell.quotePrefix = True
    return cell


def _write_only(sheet) -> bool:
    return type(sheet).__name__ == "WriteOnlyWorksheet"


def xlsx_row(sheet, values: Iterable[Any]) -> list[Any]:
    return [xlsx_cell(sheet, v) for v in values]


def append_xlsx(sheet, values: Iterable[Any]) -> None:
    """`sheet.append(values)` with every text cell written safely."""
    sheet.append(xlsx_row(sheet, values))


def csv_value(value: Any) -> Any:
    value = _text(value)
    return "'" + value if is_formula_like(value) else value


class SafeCsvWriter:
    """`csv.writer` whose rows go through `csv_value`."""

    def __init__(self, fileobj, **kwargs):
        self._writer = csv.writer(fileobj, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([csv_value(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(fileobj, **kwargs) -> SafeCsvWriter:
    return SafeCsvWriter(fileobj, **kwargs)


# --- streamed downloads -----------------------------------------------------------------------


class _Echo:
    """A file-like object whose write returns the line: the csv module writes into it and
    StreamingHttpResponse sends each line as it comes."""

    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: Iterable[Any], rows: Iterable[Iterable[Any]]):
    """A streamed CSV download (UTF-8 with BOM so that Excel reads it), every cell written safely;
    memory stays bounded whatever the number of rows."""

    writer = csv_writer(_Echo())

    def lines():
        yield "\ufeff"
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(["" if c is None else c for c in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    filename: str, sheet_title: str, header: Iterable[Any], rows: Iterable[Iterable[Any]]
):
    """An XLSX download written with openpyxl's write-only workbook (rows go to a temporary file
    as they come, not into memory), every cell written safely, sent as a file stream."""

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(sheet_title)[:31])
    bold = Font(bold=True)
    header_cells = []
    for value in header:
        cell = xlsx_cell(sheet, value)
        if not isinstance(cell, Cell):
            cell = WriteOnlyCell(sheet, value=cell)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        append_xlsx(sheet, row)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
    )
