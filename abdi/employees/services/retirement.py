"""The stored retirement date (BUP date) of employees: derived data, written here only.

`Employee.retirement_date` is the 1st of the month after the BUP birthday (rules.retirement_date)
with the BUP of the employee's position (rules.retirement_age_for over the RetirementAge table,
or the position's own override). Every writer of its inputs calls one of these functions in its
own transaction: `store_retirement_date` for one employee about to be saved (create, update,
correction, position change), `retirement_dates_refresh` for many (the import, the data
migration's successor, the demo seed, and `manage.py refresh_retirement_dates` after the BUP
table or a position's kind or override changes — the org app sits below this one and cannot
call it)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from abdi.core.models import RetirementAge
from abdi.employees import rules
from abdi.employees.models import Employee
from abdi.org.models import Position

# Ids per UPDATE: well under SQLite's variable limit.
_CHUNK = 900

AgeRows = tuple[tuple[str, dt.date, int], ...]


def retirement_age_rows() -> AgeRows:
    """The BUP table as (position kind, effective from, age) rows, one query."""
    return tuple(RetirementAge.objects.values_list("position_kind", "effective_from", "age"))


def retirement_date_from(
    *,
    birth_date: dt.date,
    position_kind: str | None,
    override: int | None,
    ages: AgeRows,
    on: dt.date,
) -> dt.date:
    """The regulation's date for these inputs (the rules, not a copy of them)."""
    age = rules.retirement_age_for(position_kind, on, ages, override=override)
    return rules.retirement_date(birth_date, age)


def store_retirement_date(
    employee: Employee, *, ages: AgeRows | None = None, on: dt.date | None = None
) -> dt.date:
    """Set `employee.retirement_date` from its birth date and position (the caller saves)."""
    position: Position | None = None
    if employee.position_id:
        cached = employee.position if Employee.position.is_cached(employee) else None
        if cached is not None and cached.pk == employee.position_id:
            position = cached
        else:
            position = Position.objects.only("kind", "retirement_age_override").get(
                pk=employee.position_id
            )
    employee.retirement_date = retirement_date_from(
        birth_date=employee.birth_date,
        position_kind=position.kind if position else None,
        override=position.retirement_age_override if position else None,
        ages=ages if ages is not None else retirement_age_rows(),
        on=on or timezone.localdate(),
    )
    return employee.retirement_date


@transaction.atomic
def retirement_dates_refresh(
    *,
    employee_ids: Iterable[int] | None = None,
    position_ids: Iterable[int] | None = None,
    on: dt.date | None = None,
) -> int:
    """Recompute the stored date of the given employees (all of them when neither ids nor
    positions are given) and write the ones that differ, one UPDATE per distinct date (a few
    hundred at most: dates are 1sts of months). Returns how many rows changed. Derived data: no
    history row, no `updated_at` change."""
    ages = retirement_age_rows()
    on = on or timezone.localdate()
    employees = Employee.objects.order_by()
    if position_ids is not None:
        employees = employees.filter(position_id__in=list(position_ids))
    kinds = {
        pk: (kind, override)
        for pk, kind, override in Position.objects.values_list(
            "pk", "kind", "retirement_age_override"
        )
    }
    if employee_ids is None:
        batches = [employees]
    else:
        ids = list(employee_ids)
        batches = [
            employees.filter(pk__in=ids[start : start + _CHUNK])
            for start in range(0, len(ids), _CHUNK)
        ]
    changed: dict[dt.date, list[int]] = defaultdict(list)
    for batch in batches:
        rows = batch.values_list("pk", "birth_date", "position_id", "retirement_date")
        for pk, birth_date, position_id, stored in rows.iterator(chunk_size=5000):
            kind, override = kinds.get(position_id, (None, None))
            day = retirement_date_from(
                birth_date=birth_date, position_kind=kind, override=override, ages=ages, on=on
            )
            if day != stored:
                changed[day].append(pk)
    for day, ids in changed.items():
        for start in range(0, len(ids), _CHUNK):
            Employee.objects.filter(pk__in=ids[start : start + _CHUNK]).update(retirement_date=day)
    return sum(len(ids) for ids in changed.values())
