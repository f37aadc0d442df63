"""One writer for spreadsheet cells, safe against formula injection: a text cell that a
spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage return) is
written with a leading apostrophe, so it stays text. Numbers, dates and booleans pass as they
are. Used by every XLSX/CSV export (ARCHITECTURE §2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, Decimal, dt.date, dt.datetime)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
