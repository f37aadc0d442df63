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
from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise
from openpyxl.cell import Cell, WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
