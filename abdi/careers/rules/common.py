"""What the careers rules share: the rule texts' translation memo, money-style rounding to two
decimals, the date as the rules print it, and which years' predikat count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

TWO = Decimal("0.01")

# Judging 100,000 employees in the worker asks for ~11 translated texts each: Django's gettext
# looks the active language up (a context-local read) and the catalogues every time, a third of
# the run (docs/decisions/0048-careers-finish.md). Inside `translations_memo()` (one language
# for the whole block) each text is looked up once.
_MEMO: ContextVar[dict[str, str] | None] = ContextVar("careers_rules_memo", default=None)


def translate(message: str) -> str:
    memo = _MEMO.get()
    if memo is None:
        return gettext(message)
    text = memo.get(message)
    if text is None:
        text = memo[message] = gettext(message)
    return text


@contextmanager
def translations_memo() -> Iterator[None]:
    """Within the block, each rule text is translated once (the active language must not
    change inside it)."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def two_places(value: Decimal) -> Decimal:
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


def day_text(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def predikat_years(closing: dt.date, years: int) -> list[int]:
    """The calendar years whose annual predikat count: the N years before the closing year."""
    return [closing.year - i for i in range(1, years + 1)]
