"""Who made a change, for simple-history, also outside a web request (tasks, commands, tests).

Services take an `actor`; `@records_actor` makes every history row written inside the service
name that actor, including rows saved by libraries (treebeard) or by helper functions."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import ParamSpec, TypeVar

from simple_history.models import HistoricalRecords

P = ParamSpec("P")
R = TypeVar("R")
_MISSING = object()


@contextmanager
def history_actor(actor) -> Iterator[None]:
    context = HistoricalRecords.context
    previous = getattr(context, "request", _MISSING)
    if actor is None or not getattr(actor, "is_authenticated", False):
        yield
        return
    context.request = SimpleNamespace(user=actor)
    try:
        yield
    finally:
        if previous is _MISSING:
            del context.request
        else:
            context.request = previous


def records_actor(func: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with history_actor(kwargs.get("actor")):
            return func(*args, **kwargs)

    return wrapper
