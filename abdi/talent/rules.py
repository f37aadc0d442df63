"""Pure rules of talent management (Permen PANRB 3/2020; REGULATIONS §3 and §10). Tables are
passed in; nothing here reads the database. See docs/decisions/0016-talent.md.

- Performance value: the mean of the points of the last two annual predikat (both required).
- Potential value: the weighted mean of the latest assessment's potential score and the JPM
  against the current position (JPM above 100 counts as 100), over the inputs whose weight is
  above zero; every weighted input is required.
- A threshold band holds values from `lower` (inclusive) to `upper` (exclusive); None is
  unbounded. A table must cover every value exactly once: the first band open below, the last
  open above, each band ending where the next begins.
- The box is looked up in the nine-box cells (performance × potential → number).
- Retirement risk: the incumbent retires within the horizon and no successor is ready now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Band:
    level: str
    lower: Decimal | None
    upper: Decimal | None


@dataclass(frozen=True)
class BandProblem:
    """kind: 'gap' (values from `lower` to `upper` fit no band), 'overlap' (they fit two),
    'open_start' (values below `upper` fit none), 'open_end' (values from `lower` fit none),
    'empty' (a band whose lower is not below its upper), 'levels' (levels missing, doubled or
    out of order)."""

    kind: str
    lower: Decimal | None = None
    upper: Decimal | None = None
    level: str = ""


def band_problems(bands: Sequence[Band], levels: Sequence[str]) -> list[BandProblem]:
    """What is wrong with a threshold table whose levels must be `levels`, lowest first."""
    problems: list[BandProblem] = []
    ordered = sorted(bands, key=lambda b: (b.lower is not None, b.lower or Decimal(0)))
    if [b.level for b in ordered] != list(levels):
        problems.append(BandProblem("levels"))
    for b in ordered:
        if b.lower is not None and b.upper is not None and b.lower >= b.upper:
            problems.append(BandProblem("empty", b.lower, b.upper, b.level))
    if not ordered:
        return problems
    if ordered[0].lower is not None:
        problems.append(BandProblem("open_start", None, ordered[0].lower))
    if ordered[-1].upper is not None:
        problems.append(BandProblem("open_end", ordered[-1].upper, None))
    for current, following in zip(ordered, ordered[1:], strict=False):
        end, start = current.upper, following.lower
        if end is None or start is None:  # an unbounded end in the middle covers the rest
            problems.append(BandProblem("overlap", start, end, following.level))
        elif end < start:
            problems.append(BandProblem("gap", end, start))
        elif end > start:
            problems.append(BandProblem("overlap", start, end, following.level))
    return problems


def classify(value: Decimal | None, bands: Iterable[Band]) -> str | None:
    """The level of the band that holds `value` (None for no value or no band)."""
    if value is None:
        return None
    for b in bands:
        if (b.lower is None or value >= b.lower) and (b.upper is None or value < b.upper):
            return b.level
    return None


def performance_value(
    predikats: Sequence[str | None], points: Mapping[str, Decimal]
) -> Decimal | None:
    """Mean points of the predikat of the two years; None when either is missing."""
    if len(predikats) != 2 or any(not p or p not in points for p in predikats):
        return None
    total = sum((points[p] for p in predikats if p), Decimal(0))
    return (total / 2).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PotentialInputs:
    potential_score: Decimal | None
    jpm: Decimal | None


def potential_value(
    inputs: PotentialInputs, *, score_weight: int, jpm_weight: int
) -> tuple[Decimal | None, str]:
    """(value, missing) — missing is 'score' or 'jpm' when a weighted input is absent."""
    parts: list[tuple[Decimal, int]] = []
    if score_weight > 0:
        if inputs.potential_score is None:
            return None, "score"
        parts.append((inputs.potential_score, score_weight))
    if jpm_weight > 0:
        if inputs.jpm is None:
            return None, "jpm"
        parts.append((min(inputs.jpm, HUNDRED), jpm_weight))
    if not parts:
        return None, "score"
    total = sum((v * w for v, w in parts), Decimal(0))
    weight = sum(w for _, w in parts)
    return (total / weight).quantize(TWO_PLACES, rounding=ROUND_HALF_UP), ""


def box_for(
    performance: str | None, potential: str | None, cells: Mapping[tuple[str, str], int]
) -> int | None:
    """The box number of performance × potential in the nine-box cells."""
    if not performance or not potential:
        return None
    return cells.get((performance, potential))


@dataclass(frozen=True)
class Placement:
    box: int | None
    performance: str | None
    potential: str | None
    performance_value: Decimal | None
    potential_value: Decimal | None
    unmappable: str  # '', 'no_predikat', 'no_potential', 'no_jpm'


@dataclass(frozen=True)
class PlacementTables:
    points: Mapping[str, Decimal]
    performance_bands: Sequence[Band]
    potential_bands: Sequence[Band]
    cells: Mapping[tuple[str, str], int]
    score_weight: int
    jpm_weight: int


def place(
    predikats: Sequence[str | None], inputs: PotentialInputs, tables: PlacementTables
) -> Placement:
    """An employee's box from the two years' predikat and the potential inputs; or why not."""
    perf_value = performance_value(predikats, tables.points)
    pot_value, missing = potential_value(
        inputs, score_weight=tables.score_weight, jpm_weight=tables.jpm_weight
    )
    performance = classify(perf_value, tables.performance_bands)
    potential = classify(pot_value, tables.potential_bands)
    reason = ""
    if perf_value is None:
        reason = "no_predikat"
    elif missing == "score":
        reason = "no_potential"
    elif missing == "jpm":
        reason = "no_jpm"
    box = None if reason else box_for(performance, potential, tables.cells)
    return Placement(box, performance, potential, perf_value, pot_value, reason)


# --- position levels, pool, succession ---------------------------------------------------

LEVEL_OF_KIND = {
    "jpt_utama": "jpt",
    "jpt_madya": "jpt",
    "jpt_pratama": "jpt",
    "administrator": "administrator",
    "pengawas": "pengawas",
    "pelaksana": "pelaksana",
}
CRITICAL_BY_DEFAULT = frozenset({"jpt_utama", "jpt_madya", "jpt_pratama", "administrator"})


def position_level(kind: str | None) -> str:
    if not kind:
        return "none"
    if kind.startswith("jf_"):
        return "functional"
    return LEVEL_OF_KIND.get(kind, "none")


def is_critical_by_default(kind: str | None) -> bool:
    return kind in CRITICAL_BY_DEFAULT


def in_pool(box: int | None, pool_boxes: Iterable[int]) -> bool:
    return box is not None and box in set(pool_boxes)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def retirement_risk(
    retirement: dt.date | None, today: dt.date, ready_now: int, *, horizon_months: int
) -> bool:
    """At risk: the incumbent retires within the horizon and no successor is ready now."""
    if retirement is None or ready_now > 0:
        return False
    return retirement <= add_months(today, horizon_months)


def candidate_order(jpm: Decimal | None, box: int | None) -> tuple[Decimal, int]:
    """Sort key of proposed successors: higher JPM first, then higher box."""
    return (-(jpm if jpm is not None else Decimal(-1)), -(box or 0))
