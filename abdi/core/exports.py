"""One writer for spreadsheet exports, safe against formula injection.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel
and LibreOffice as a formula (or a DDE call) when the file is opened. Such text gets a
leading `'` and is typed as a string cell, so neither the spreadsheet nor a re-save as CSV
turns it into a formula."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_text(value: str) -> str:
    """Text that no spreadsheet will evaluate."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def cell_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, (int, float, Decimal, dt.date, dt.datetime)):
        return value
    return safe_text(str(value))


def xlsx_bytes(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """A workbook of (title, headers, rows) sheets; every text cell passes `safe_text`, and text
    cells are typed as strings so that digits like an 18-digit NIP stay as written."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        sheet.append([safe_text(str(h)) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(str(h)) for h in headers]
        for row in rows:
            values = [cell_value(v) for v in row]
            sheet.append(values)
            for i, value in enumerate(values):
                cell = sheet.cell(row=sheet.max_row, column=i + 1)
                if isinstance(value, str):
                    cell.data_type = "s"
                elif isinstance(value, dt.date):
                    cell.number_format = "dd-mm-yyyy"
                if i < len(widths):
                    widths[i] = min(max(widths[i], len(str(value))), 60)
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = width + 2
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
