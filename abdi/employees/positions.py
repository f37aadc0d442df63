"""Who holds a position on a date, and who supervises whom. The supervisor (atasan) is always
derived from the position tree and the acting assignments, never typed in."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from abdi.employees.models import ActingAssignment, Employee, PositionHistory
from abdi.org.models import Position

MAX_CHAIN = 20  # a position tree deeper than this is a data error, not an organisation


def position_holder(position_id: int, *, on: dt.date) -> Employee | None:
    """The acting official (Plt/Plh) for the date if any, else the definitive holder."""
    acting = (
        ActingAssignment.objects.filter(
            position_id=position_id,
            start_date__lte=on,
            end_date__gte=on,
            employee__is_active=True,
        )
        .select_related("employee")
        .order_by("kind", "-start_date")  # Plh stands in for an absent holder, so it wins
        .first()
    )
    if acting is not None:
        return acting.employee
    row = (
        PositionHistory.objects.filter(position_id=position_id, effective_from__lte=on)
        # A closed row is a fact of the past (the holder may have retired since); an open row
        # counts only while its holder is still active.
        .filter(
            Q(effective_until__gte=on) | Q(effective_until__isnull=True, employee__is_active=True)
        )
        .select_related("employee")
        .order_by("-effective_from")
        .first()
    )
    if row is not None:
        return row.employee
    return Employee.objects.filter(position_id=position_id, is_active=True).order_by("nip").first()


def position_of(employee: Employee, *, on: dt.date) -> int | None:
    row = (
        PositionHistory.objects.filter(employee=employee, effective_from__lte=on)
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=on))
        .order_by("-effective_from")
        .values_list("position_id", flat=True)
        .first()
    )
    return row or employee.position_id


def supervisor_of(employee: Employee, *, on: dt.date) -> Employee | None:
    """Walk up `reports_to` from the employee's position to the first position with someone in it.

    A vacant position, or one held (or acted in) by the employee themself, passes to the next one
    up; so does an inactive position (a closed unit's), whose holders no longer count.
    """
    position_id = position_of(employee, on=on)
    if position_id is None:
        return None
    current = (
        Position.objects.filter(pk=position_id).values_list("reports_to_id", flat=True).first()
    )
    for _step in range(MAX_CHAIN):
        if current is None:
            return None
        row = Position.objects.filter(pk=current).values_list("is_active", "reports_to_id").first()
        if row is None:
            return None
        is_active, parent_id = row
        if is_active:
            holder = position_holder(current, on=on)
            if holder is not None and holder.pk != employee.pk:
                return holder
        current = parent_id
    return None


def held_position_ids(employee: Employee, *, on: dt.date) -> set[int]:
    """The positions an employee fills on a date: their own and any acting ones."""
    ids = set(
        ActingAssignment.objects.filter(
            employee=employee, start_date__lte=on, end_date__gte=on
        ).values_list("position_id", flat=True)
    )
    own = position_of(employee, on=on)
    if own:
        ids.add(own)
    return ids


def subordinate_position_ids(
    employee: Employee, *, on: dt.date, held: set[int] | None = None
) -> set[int]:
    """Every position below the ones the employee holds (`held`, when the caller already knows
    them), through `reports_to`."""
    roots = held if held is not None else held_position_ids(employee, on=on)
    if not roots:
        return set()
    found: set[int] = set()
    frontier = set(roots)
    for _step in range(MAX_CHAIN):
        below = (
            set(Position.objects.filter(reports_to_id__in=frontier).values_list("id", flat=True))
            - found
            - roots
        )
        if not below:
            break
        found |= below
        frontier = below
    return found


def is_supervisor(employee: Employee | None, *, on: dt.date) -> bool:
    if employee is None:
        return False
    roots = held_position_ids(employee, on=on)
    return bool(roots) and Position.objects.filter(reports_to_id__in=roots).exists()
