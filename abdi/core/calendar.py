"""Working days (hari kerja) for deadlines: Monday–Friday that are neither a national public
holiday (the `holidays` package, country ID) nor one of the agency's collective leave days.

One reading of the rule, kept in one place (REGULATIONS.md §7): day 1 is the first working day
after the day of receipt (Asia/Jakarta); the deadline is the end of day N."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import holidays as holidays_lib

JAKARTA = ZoneInfo("Asia/Jakarta")


def national_holidays(years: Iterable[int]) -> set[dt.date]:
    """The national public holidays of the given years (a new set: the caller may add to it)."""
    return set(_national_holidays(tuple(sorted(set(years)))))


@functools.lru_cache(maxsize=32)
def _national_holidays(years: tuple[int, ...]) -> frozenset[dt.date]:
    # The holidays package computes the Islamic and lunar feasts on every call (several ms);
    # the result depends only on the years and the installed package, so every process may keep
    # it (the same on every server; nothing written by a request is remembered here).
    return frozenset(holidays_lib.country_holidays("ID", years=list(years)).keys())


def is_working_day(day: dt.date, non_working: set[dt.date]) -> bool:
    return day.weekday() < 5 and day not in non_working


def add_working_days(received_on: dt.date, n: int, non_working: set[dt.date]) -> dt.date:
    """The date of working day `n` counted from the day after `received_on`."""
    if n < 1:
        raise ValueError("n must be at least 1")
    day, counted = received_on, 0
    while counted < n:
        day += dt.timedelta(days=1)
        if is_working_day(day, non_working):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date, non_working: set[dt.date]) -> int:
    """Working days after `start` up to and including `end` (0 if end <= start)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, non_working):
            count += 1
    return count


def end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=JAKARTA)
