"""Derived per-unit figures kept by the apps above `employees` when employees change unit.

The employees app may not import the apps above it (performance, competency), yet their
precomputed per-unit counts follow each employee's current unit. So every employees service that
changes an employee's unit, position or presence (create, update, position change, import) calls
`employee_units_changed` inside its own transaction with the units concerned (old and new), and
an app above registers a listener once, in its `AppConfig.ready()`. A listener only recomputes
or schedules the recomputation of derived figures; it never changes a record of its own domain
and never decides anything (the contract of docs/decisions/0021-signals.md). The registry holds
functions, not data: it is the same in every process."""

from __future__ import annotations

from collections.abc import Callable, Iterable

UnitsListener = Callable[[frozenset[int]], None]

_listeners: list[UnitsListener] = []


def on_employee_units_changed(listener: UnitsListener) -> None:
    """Register a listener (idempotent: AppConfig.ready may run more than once in tests)."""
    if listener not in _listeners:
        _listeners.append(listener)


def employee_units_changed(unit_ids: Iterable[int | None]) -> None:
    """Tell the listeners that the employees of these units changed (call it in the writer's
    transaction, after the write)."""
    ids = frozenset(int(pk) for pk in unit_ids if pk)
    if not ids:
        return
    for listener in list(_listeners):
        listener(ids)
