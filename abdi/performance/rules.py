"""Pure rules of performance management (Permen PANRB 6/2022, Permen PANRB 1/2023).

No ORM here: every table (predikat matrix, head-rating mapping, distribution limits, credit-point
coefficients and percentages) is passed in; services load the rows in force from the reference
models (the row in force on a date = the one with the latest `effective_from` on or before it).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from abdi.core.rules import in_force

T = TypeVar("T")

RATINGS = ("above", "meets", "below")
PREDIKATS = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
CADENCES = ("monthly", "quarterly", "semester")
ROUNDINGS = ("nearest", "floor", "ceil")

# ---------------------------------------------------------------- tables in force


def in_force_per(
    rows: Iterable[T], on: dt.date, *, key: Callable[[T], Hashable]
) -> dict[Hashable, T]:
    """Per key, the row in force on `on` (core.rules.in_force within each key's rows). For a
    table with one row per key and start day (the predikat matrix, the head of unit's rating,
    the credit point tables)."""
    groups: dict[Hashable, list[T]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    found = {k: in_force(group, on) for k, group in groups.items()}
    return {k: row for k, row in found.items() if row is not None}


def rows_in_force(
    rows: Iterable[T],
    on: dt.date,
    *,
    key: Callable[[T], Hashable] = lambda row: None,
    effective_from: Callable[[T], dt.date] = lambda row: row.effective_from,  # type: ignore[attr-defined]
) -> list[T]:
    """Per key, every row of the table version in force on `on`: the rows whose start day is the
    one core.rules.in_force picks for that key. For a table whose version has several rows per
    key (the distribution limits: several bands per unit predikat).

    With the default key (one group) this picks the whole table version in force."""
    rows = list(rows)
    groups: dict[Hashable, list[T]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    starts: dict[Hashable, dt.date] = {}
    for k, group in groups.items():
        current = in_force(group, on, start=effective_from)
        if current is not None:
            starts[k] = effective_from(current)
    return [row for row in rows if starts.get(key(row)) == effective_from(row)]


# ---------------------------------------------------------------- predikat


def predikat_for(
    work_rating: str, behaviour_rating: str, matrix: Mapping[tuple[str, str], str]
) -> str:
    """The predikat kinerja pegawai from the two ratings, by the matrix
    {(work_result_rating, behaviour_rating): predikat}."""
    if work_rating not in RATINGS or behaviour_rating not in RATINGS:
        raise ValueError(f"unknown rating {work_rating!r} / {behaviour_rating!r}")
    try:
        return matrix[(work_rating, behaviour_rating)]
    except KeyError as exc:
        raise ValueError(f"predikat matrix has no cell {work_rating} × {behaviour_rating}") from exc


def head_work_rating(org_predikat: str, mapping: Mapping[str, str]) -> str:
    """A unit head's work-result rating from the unit's organisational predikat."""
    try:
        return mapping[org_predikat]
    except KeyError as exc:
        raise ValueError(f"no work-result rating for unit predikat {org_predikat!r}") from exc


# ---------------------------------------------------------------- periods

_CODE = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])|S(?P<semester>[12])))?$"
)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def periods_for(year: int, cadence: str) -> list[tuple[str, str, dt.date, dt.date]]:
    """(code, kind, start, end) of the periodic evaluations of a year in order, then the annual one.

    Codes: "2026-03" (month), "2026-Q1" (quarter), "2026-S1" (semester), "2026" (year)."""
    if cadence == "monthly":
        rows = [
            (f"{year}-{m:02d}", "month", dt.date(year, m, 1), _month_end(year, m))
            for m in range(1, 13)
        ]
    elif cadence == "quarterly":
        rows = [
            (f"{year}-Q{q}", "quarter", dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
            for q in range(1, 5)
        ]
    elif cadence == "semester":
        rows = [
            (f"{year}-S{s}", "semester", dt.date(year, 6 * s - 5, 1), _month_end(year, 6 * s))
            for s in range(1, 3)
        ]
    else:
        raise ValueError(f"unknown cadence {cadence!r}")
    rows.append((str(year), "year", dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return rows


def parse_period_code(code: str) -> tuple[int, str, int]:
    """(year, kind, number) of a period code; number is 0 for the year. ValueError if malformed."""
    match = _CODE.match(code or "")
    if not match:
        raise ValueError(f"malformed period code {code!r}")
    year = int(match["year"])
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise ValueError(f"malformed period code {code!r}")
        return year, "month", month
    if match["quarter"]:
        return year, "quarter", int(match["quarter"])
    if match["semester"]:
        return year, "semester", int(match["semester"])
    return year, "year", 0


# ---------------------------------------------------------------- distribution


@dataclass(frozen=True)
class Limit:
    """One row of the distribution table: the share of `predikats` within [min, max] percent."""

    org_predikat: str
    predikats: tuple[str, ...]
    min_percent: Decimal | None = None
    max_percent: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class Violation:
    limit: Limit
    count: int  # employees in the limit's predikat group
    total: int  # employees evaluated in the unit
    share: Decimal  # count / total in percent, 2 decimals
    min_count: int | None  # the fewest allowed, after rounding
    max_count: int | None  # the most allowed, after rounding

    @property
    def kind(self) -> str:
        return (
            "too_few" if self.min_count is not None and self.count < self.min_count else "too_many"
        )


def _round(value: Decimal, rounding: str) -> int:
    mode = {"nearest": ROUND_HALF_UP, "floor": ROUND_FLOOR, "ceil": ROUND_CEILING}.get(rounding)
    if mode is None:
        raise ValueError(f"unknown rounding {rounding!r}")
    return int(value.quantize(Decimal(1), rounding=mode))


def allowed_counts(
    limit: Limit, total: int, *, rounding: str = "nearest"
) -> tuple[int | None, int | None]:
    """(fewest, most) employees the limit allows in a unit of `total` evaluated employees.

    The percentage bound times the total is rounded by the setting; a positive minimum always asks
    for at least one employee ("must exist")."""
    low = high = None
    if limit.min_percent is not None:
        low = _round(Decimal(limit.min_percent) * total / 100, rounding)
        if limit.min_percent > 0 and total > 0:
            low = max(low, 1)
    if limit.max_percent is not None:
        high = _round(Decimal(limit.max_percent) * total / 100, rounding)
    return low, high


def distribution_check(
    counts: Mapping[str, int],
    org_predikat: str,
    limits: Iterable[Limit],
    *,
    rounding: str = "nearest",
) -> list[Violation]:
    """The limits of the unit's predikat that the counts {predikat: employees} break (show, don't
    block). An empty unit breaks nothing."""
    total = sum(int(v) for v in counts.values())
    violations: list[Violation] = []
    if total <= 0:
        return violations
    for limit in limits:
        if limit.org_predikat != org_predikat:
            continue
        count = sum(int(counts.get(p, 0)) for p in limit.predikats)
        low, high = allowed_counts(limit, total, rounding=rounding)
        if (low is not None and count < low) or (high is not None and count > high):
            share = (Decimal(count) * 100 / total).quantize(Decimal("0.01"))
            violations.append(Violation(limit, count, total, share, low, high))
    return violations


def shares(counts: Mapping[str, int]) -> dict[str, Decimal]:
    """Percent of the total for every predikat (2 decimals); zeros when nobody is counted."""
    total = sum(counts.values())
    return {
        p: (Decimal(counts.get(p, 0)) * 100 / total).quantize(Decimal("0.01"))
        if total
        else Decimal("0.00")
        for p in PREDIKATS
    }


# ---------------------------------------------------------------- credit points


def credit_points(
    predikat: str,
    position_kind: str | None,
    coefficients: Mapping[str, Decimal],
    percentages: Mapping[str, Decimal],
) -> Decimal | None:
    """Yearly credit points of a functional position: coefficient × percentage of the predikat.
    None for a position that is not functional (no coefficient)."""
    if not position_kind or position_kind not in coefficients:
        return None
    if predikat not in percentages:
        raise ValueError(f"no credit-point percentage for predikat {predikat!r}")
    value = Decimal(coefficients[position_kind]) * Decimal(percentages[predikat]) / 100
    return value.normalize() if value == value.to_integral() else value


# ---------------------------------------------------------------- rater consistency

PREDIKAT_SCORE = {
    "sangat_baik": 5,
    "baik": 4,
    "butuh_perbaikan": 3,
    "kurang": 2,
    "sangat_kurang": 1,
}


@dataclass(frozen=True)
class RaterRow:
    rater: Any
    count: int
    counts: dict[str, int]
    mean: Decimal  # mean score (Sangat Baik 5 … Sangat Kurang 1)
    unit_mean: Decimal
    difference: Decimal
    flag: str  # "lenient" | "severe" | ""


def rater_consistency(
    by_rater: Mapping[Any, Mapping[str, int]],
    *,
    threshold: Decimal = Decimal("0.75"),
    min_count: int = 3,
) -> list[RaterRow]:
    """Each appraiser's predikat distribution against the whole unit's: the mean score of a rater
    with at least `min_count` evaluations that lies `threshold` or more above the unit's is
    flagged lenient, as far below severe."""
    unit_total = 0
    unit_sum = 0
    for counts in by_rater.values():
        for p, n in counts.items():
            unit_total += n
            unit_sum += PREDIKAT_SCORE.get(p, 0) * n
    if not unit_total:
        return []
    unit_mean = (Decimal(unit_sum) / unit_total).quantize(Decimal("0.01"))
    rows = []
    for rater, counts in by_rater.items():
        count = sum(counts.values())
        if not count:
            continue
        mean = (
            Decimal(sum(PREDIKAT_SCORE.get(p, 0) * n for p, n in counts.items())) / count
        ).quantize(Decimal("0.01"))
        difference = mean - unit_mean
        flag = ""
        if count >= min_count and difference >= threshold:
            flag = "lenient"
        elif count >= min_count and difference <= -threshold:
            flag = "severe"
        rows.append(RaterRow(rater, count, dict(counts), mean, unit_mean, difference, flag))
    return rows
