"""Eligibility judged for a whole population at once (the worker's read; the per-person
`selection.evaluate` stays the reference and the only place a reason is written).

A requirement whose test is a comparison of one stored value with a bound fixed by the
selection is reduced here, once per selection, to that bound — computed with the very functions
the per-person rules use, so both readings give the same verdict:

- max age: the latest birth date that fails (age is monotone in the birth date, so everyone
  born after it passes; the bound is found by asking `age_within` itself, which keeps the two
  readings and 29 February exactly as the rule has them);
- education and rank: the minimum order (None: the requirement names an unknown level, so no
  one passes, as the rule's "unknown");
- predikat: the years asked and the predikat values that are good enough;
- discipline: the closing date (a sanction in force on it fails).

Position experience and cumulative experience need a person's whole history (spells merged,
counted in calendar months): the set read only rules out, soundly, who cannot reach the years
asked — nobody whose earliest counted post began after `experience_bound` can (a month is at
least 28 days) — and the per-person rules judge the rest. JPM is judged per person only. Both
only for those who pass everything above."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from abdi.careers.rules.common import predikat_years
from abdi.careers.rules.selection import COMPLETED_YEARS, Tables, age_within
from abdi.employees.rules import add_years

# Judged by a bound on a stored value (here), the rest by the per-person rules.
SET_RULES = frozenset({"max_age", "min_education", "min_rank", "predikat", "no_discipline"})
# Ruled out in the set when they surely fail, then judged per person.
NARROWED_RULES = frozenset({"position_experience", "total_experience"})
PERSON_RULES = frozenset({"position_experience", "total_experience", "min_jpm"})

DAY = dt.timedelta(days=1)


def latest_failing_birth(params: Mapping, closing: dt.date) -> dt.date:
    """The latest birth date that fails the maximum age on the closing date: a person passes
    if and only if born after it."""
    max_years = int(params.get("years") or 0)
    reading = str(params.get("reading") or COMPLETED_YEARS)

    def passes(birth: dt.date) -> bool:
        return age_within(birth, closing, max_years, reading)

    day = add_years(closing, -(max_years + 1))
    while not passes(day + DAY):
        day += DAY
    while passes(day):
        day -= DAY
    return day


def minimum_order(table: Mapping[str, tuple[str, int]], code: object) -> int | None:
    """The order a level or rank must reach; None when the requirement's code is unknown."""
    needed = table.get(str(code))
    return None if needed is None else needed[1]


def predikat_test(params: Mapping, tables: Tables, closing: dt.date) -> tuple[list[int], list[str]]:
    """(the years whose predikat is asked, the predikat values good enough). No value is good
    enough when the minimum is not a known predikat (the rule then fails everyone)."""
    years = int(params.get("years") or 2)
    minimum = str(params.get("minimum") or "baik")
    order = [value for value, _label in tables.predikats]
    allowed = order[: order.index(minimum) + 1] if minimum in order else []
    return predikat_years(closing, years), allowed


def experience_bound(params: Mapping, closing: dt.date) -> dt.date | None:
    """The latest start of a person's earliest counted post that can still give the years
    asked by the closing date (None: no bound, zero years asked). The merged ranges lie between
    that start and the closing date, and N whole months take at least 28 × N days; a month's
    margin more."""
    years = int(params.get("years") or 0)
    if years <= 0:
        return None
    return closing - dt.timedelta(days=28 * 12 * years - 31)
