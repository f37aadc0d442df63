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
