"""Moving many employees into positions by decree at once (a rotation plan), and the post
capacity rule both paths share.

`services.position_change` is the definition of one move; `position_changes_apply` is the same
move for many employees in one transaction, with the same rules (permission, TMT after the
current position's TMT, active target, capacity) and the same records (the current position row
ends the day before the TMT, a new row opens with the decree number, the employee's position and
unit follow, a simple-history row with actor and reason for each) — written in bulk, so a plan of
hundreds of moves costs a fixed number of queries rather than a dozen per move."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import (
    bulk_create_with_history,
    bulk_update_with_history,
    update_change_reason,
)

from abdi.accounts.models import User
from abdi.core.audit import history_actor
from abdi.employees.models import Employee, PositionHistory
from abdi.employees.permissions import employees_editable_by
from abdi.org.models import Position


@dataclass(frozen=True)
class PositionMove:
    employee_id: int
    position_id: int
    decree_number: str


def lock_positions(ids: Iterable[int]) -> dict[int, Position]:
    """Lock the target positions in id order: two decrees (or plans) filling the same post
    serialise here, and the second one counts the first one's holder."""
    return {
        p.pk: p
        for p in Position.objects.select_for_update().filter(pk__in=sorted(set(ids))).order_by("pk")
    }


def active_holders(position_ids: Iterable[int]) -> dict[int, int]:
    rows = (
        Employee.objects.filter(position_id__in=list(position_ids), is_active=True)
        .values("position_id")
        .annotate(n=Count("pk"))
        .values_list("position_id", "n")
    )
    return dict(rows)


def position_capacity_lock(position: Position) -> tuple[Position, dict[int, int]]:
    """One target position locked, with its active holders."""
    locked = lock_positions([position.pk])[position.pk]
    return locked, active_holders([position.pk])


def capacity_errors(
    positions: dict[int, Position],
    holders: dict[int, int],
    leaving: Counter[int],
    arriving: Counter[int],
) -> list[str]:
    """Holders after the moves (holders − leavers + arrivals) must not exceed the posts."""
    errors = []
    for pid in sorted(arriving):
        position = positions[pid]
        after = holders.get(pid, 0) - leaving.get(pid, 0) + arriving[pid]
        if after > position.posts:
            errors.append(
                _(
                    "Jabatan %(position)s penuh: formasi %(posts)d, pemegang sesudah "
                    "perpindahan %(after)d."
                )
                % {"position": position.name, "posts": position.posts, "after": after}
            )
    return errors


@transaction.atomic
def position_changes_apply(
    *,
    actor: User,
    moves: Sequence[PositionMove],
    effective_from: dt.date,
    reason: str,
    left: dict[int, int | None] | None = None,
) -> list[PositionHistory]:
    """Apply many position changes with one TMT, all or none. Capacity is judged after the
    whole set (a swap between two full posts is allowed). Raises ValidationError naming every
    problem; nothing is written then. `left`, when given, is filled with {employee id: the
    position each one leaves}, as read under the lock."""
    if not moves:
        return []
    ids = sorted({m.employee_id for m in moves})
    if len(ids) != len(moves):
        raise ValidationError(_("Seorang pegawai hanya dapat dipindahkan sekali."))
    editable = set(employees_editable_by(actor).filter(pk__in=ids).values_list("pk", flat=True))
    if editable != set(ids):
        raise PermissionDenied
    employees = {
        e.pk: e for e in Employee.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }
    if left is not None:
        left.update({pk: employee.position_id for pk, employee in employees.items()})
    positions = lock_positions([m.position_id for m in moves])
    # The newest open row of each employee (ascending order: the newest wins in the dict),
    # as position_change ends it.
    current = {
        row.employee_id: row
        for row in PositionHistory.objects.select_for_update()
        .filter(employee_id__in=ids, effective_until__isnull=True)
        .order_by("employee_id", "effective_from", "pk")
    }
    errors: list[str] = []
    horizon = timezone.localdate() + dt.timedelta(days=366)
    if effective_from > horizon:
        errors.append(_("Tanggal ini terlalu jauh di masa depan."))
    leaving: Counter[int] = Counter()
    arriving: Counter[int] = Counter()
    for move in moves:
        employee = employees[move.employee_id]
        position = positions.get(move.position_id)
        who = f"{employee.full_name} ({employee.nip})"
        if position is None or not position.is_active:
            errors.append(_("%(who)s: jabatan tujuan sudah tidak aktif.") % {"who": who})
            continue
        if employee.position_id == position.pk:
            errors.append(_("%(who)s: pegawai sudah memegang jabatan ini.") % {"who": who})
        if not move.decree_number.strip():
            errors.append(_("%(who)s: nomor SK wajib diisi.") % {"who": who})
        if effective_from <= employee.birth_date:
            errors.append(_("%(who)s: TMT tidak boleh sebelum tanggal lahir.") % {"who": who})
        row = current.get(employee.pk)
        if row is not None and effective_from <= row.effective_from:
            errors.append(
                _("%(who)s: TMT harus sesudah TMT jabatan sekarang (%(date)s).")
                % {"who": who, "date": row.effective_from.strftime("%d-%m-%Y")}
            )
        if employee.position_id and employee.is_active:
            leaving[employee.position_id] += 1
        arriving[position.pk] += 1
    if not errors:
        errors += capacity_errors(positions, active_holders(arriving), leaving, arriving)
    if errors:
        raise ValidationError(errors)
    ended = []
    for row in current.values():
        row.effective_until = effective_from - dt.timedelta(days=1)
        row.updated_at = timezone.now()
        ended.append(row)
    if ended:
        bulk_update_with_history(
            ended,
            PositionHistory,
            ["effective_until", "updated_at"],
            batch_size=500,
            default_user=actor,
            default_change_reason=reason,
        )
    new_rows = [
        PositionHistory(
            employee_id=m.employee_id,
            position_id=m.position_id,
            org_unit_id=positions[m.position_id].org_unit_id,
            effective_from=effective_from,
            decree_number=m.decree_number.strip(),
        )
        for m in moves
    ]
    created = bulk_create_with_history(
        new_rows,
        PositionHistory,
        batch_size=500,
        default_user=actor,
        default_change_reason=reason,
    )
    now = timezone.now()
    changed = []
    for move in moves:
        employee = employees[move.employee_id]
        employee.position_id = move.position_id
        employee.org_unit_id = positions[move.position_id].org_unit_id
        employee.position_effective_from = effective_from
        employee.updated_at = now
        changed.append(employee)
    bulk_update_with_history(
        changed,
        Employee,
        ["position", "org_unit", "position_effective_from", "updated_at"],
        batch_size=500,
        default_user=actor,
        default_change_reason=reason,
    )
    return created


@transaction.atomic
def service_end(
    *,
    actor: User,
    employee: Employee,
    effective_from: dt.date,
    decree_number: str,
    reason: str,
) -> Employee:
    """End an employee's active service by decree (retirement on the age limit, ...) on its TMT:
    the current position row ends the day before the TMT and the record becomes inactive, so the
    employee leaves the due lists, the position's holders and every active count. Call it on or
    after the TMT (a later TMT waits; the worker ends it on the date)."""
    if not employees_editable_by(actor).filter(pk=employee.pk).exists():
        raise PermissionDenied
    return service_end_on_tmt(
        recorded_by=actor,
        employee=employee,
        effective_from=effective_from,
        decree_number=decree_number,
        reason=reason,
    )


@transaction.atomic
def service_end_on_tmt(
    *,
    recorded_by: User | None,
    employee: Employee,
    effective_from: dt.date,
    decree_number: str,
    reason: str,
) -> Employee:
    """The system's path of `service_end` (the scheduled end of service on a decree's TMT): no
    permission check, the decree was authorised when it was recorded. `recorded_by` (who
    recorded the decree, or None) is written in the history, whatever role they hold today."""
    actor = recorded_by
    with history_actor(actor):
        employee = Employee.objects.select_for_update().get(pk=employee.pk)
        errors: dict[str, list[str]] = {}
        if not employee.is_active:
            errors["employee"] = [_("Pegawai ini sudah tidak aktif.")]
        if not decree_number.strip():
            errors["decree_number"] = [_("Nomor SK wajib diisi.")]
        if effective_from > timezone.localdate():
            errors.setdefault("effective_from", []).append(
                _("Catat akhir masa kerja pada atau sesudah TMT-nya.")
            )
        current = (
            PositionHistory.objects.select_for_update()
            .filter(employee=employee, effective_until__isnull=True)
            .order_by("-effective_from", "-pk")
            .first()
        )
        if current is not None and effective_from <= current.effective_from:
            errors.setdefault("effective_from", []).append(
                _("TMT harus sesudah TMT jabatan sekarang (%(date)s).")
                % {"date": current.effective_from.strftime("%d-%m-%Y")}
            )
        if errors:
            raise ValidationError(errors)
        if current is not None:
            current.effective_until = effective_from - dt.timedelta(days=1)
            current.save(update_fields=["effective_until", "updated_at"])
        employee.is_active = False
        employee._history_user = actor  # type: ignore[attr-defined]
        employee.save(update_fields=["is_active", "updated_at"])
        update_change_reason(
            employee, f"{reason} ({decree_number.strip()}, TMT {effective_from:%d-%m-%Y})"
        )
    return employee
