"""Pure helpers for the regulation tables, shared by every app's rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

R = TypeVar("R")


def _effective_from(row: Any) -> dt.date:
    start: dt.date = row.effective_from
    return start


def in_force(
    rows: Iterable[R], on: dt.date, *, start: Callable[[R], dt.date] = _effective_from
) -> R | None:
    """The row of a dated table that applies on `on`: the one that started last on or before
    that day (rows that start later are not yet in force). None when none had started.
    `start` reads a row's first day (`row.effective_from` unless told otherwise)."""
    best: R | None = None
    best_start: dt.date | None = None
    for row in rows:
        begins = start(row)
        if begins <= on and (best_start is None or begins > best_start):
            best, best_start = row, begins
    return best
