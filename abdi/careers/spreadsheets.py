"""The careers XLSX downloads (proposal batches, workforce needs): sheets of headers and rows,
every cell through `abdi.core.exports` (formula-like text stays text), dates as dd-mm-yyyy,
columns sized to their content, the header row frozen."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from abdi.core.exports import append_xlsx

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        append_xlsx(sheet, [str(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(str(h)) for h in headers]
        for row in rows:
            values = [
                ("Ya" if v else "Tidak") if isinstance(v, bool) else ("" if v is None else v)
                for v in row
            ]
            append_xlsx(sheet, values)
            for i, value in enumerate(values):
                if isinstance(value, dt.date):
                    sheet.cell(row=sheet.max_row, column=i + 1).number_format = "dd-mm-yyyy"
                if i < len(widths):
                    widths[i] = min(max(widths[i], len(str(value))), 60)
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = width + 2
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
