"""Rows added to an employee's histories (rank, salary step, position, education, acting,
discipline, awards, annual predikat): one service per kind of record."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from abdi.accounts.models import User
from abdi.core.audit import records_actor
from abdi.core.derived import employee_units_changed
from abdi.core.models import EducationLevel, Rank
from abdi.core.services import lock_in_order
from abdi.employees.models import (
    ActingAssignment,
    AnnualPredikat,
    Award,
    DisciplineRecord,
    EducationHistory,
    Employee,
    PositionHistory,
    RankHistory,
    SalaryStepHistory,
)
from abdi.employees.permissions import (
    can_edit_employee,
)
from abdi.employees.services.employees import acting_assignment_create
from abdi.employees.services.moves import capacity_errors, position_capacity_lock
from abdi.employees.services.retirement import store_retirement_date
from abdi.org.models import Position


def sanction_in_force(employee: Employee, on: dt.date) -> bool:
    return (
        employee.discipline_records.filter(effective_from__lte=on)
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=on))
        .exists()
    )


# --- Adding rows to an employee's histories (one service per kind of record) ---------------


def _history_guard(actor: User, employee: Employee) -> None:
    if not can_edit_employee(actor, employee):
        raise PermissionDenied


def _date_errors(employee: Employee, **dates: dt.date | None) -> dict[str, list[str]]:
    """No record date before the birth date, none more than a year ahead."""
    errors: dict[str, list[str]] = {}
    horizon = timezone.localdate() + dt.timedelta(days=366)
    for field, value in dates.items():
        if value is None:
            continue
        if value <= employee.birth_date:
            errors.setdefault(field, []).append(_("Tanggal ini tidak boleh sebelum tanggal lahir."))
        elif value > horizon:
            errors.setdefault(field, []).append(_("Tanggal ini terlalu jauh di masa depan."))
    return errors


def _year_errors(employee: Employee, field: str, year: int) -> dict[str, list[str]]:
    if year <= employee.birth_date.year:
        return {field: [_("Tahun ini tidak boleh sebelum tahun lahir.")]}
    if year > timezone.localdate().year:
        return {field: [_("Tahun ini belum berjalan.")]}
    return {}


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


@records_actor
@transaction.atomic
def rank_history_add(
    *,
    actor: User,
    employee: Employee,
    rank: Rank,
    effective_from: dt.date,
    decree_number: str = "",
    decree_date: dt.date | None = None,
) -> RankHistory:
    """Record a rank (golongan) with its TMT; when it is the newest, it becomes the current rank."""
    _history_guard(actor, employee)
    errors = _date_errors(employee, effective_from=effective_from, decree_date=decree_date)
    if rank.kind != employee.kind:
        errors.setdefault("rank", []).append(
            _("Golongan ini bukan golongan %(kind)s.") % {"kind": employee.kind.upper()}
        )
    _raise_if(errors)
    row = RankHistory(
        employee=employee,
        rank=rank,
        effective_from=effective_from,
        decree_number=decree_number,
        decree_date=decree_date,
    )
    row.full_clean()
    row.save()
    if employee.rank_effective_from is None or effective_from >= employee.rank_effective_from:
        employee.rank, employee.rank_effective_from = rank, effective_from
        employee.save(update_fields=["rank", "rank_effective_from", "updated_at"])
        update_change_reason(employee, _("Riwayat golongan ditambahkan"))
    return row


@records_actor
@transaction.atomic
def salary_step_add(
    *,
    actor: User,
    employee: Employee,
    effective_from: dt.date,
    decree_number: str,
    decree_date: dt.date | None = None,
    basic_salary: int | None = None,
) -> SalaryStepHistory:
    """Record a periodic salary increase (KGB) by decree; the newest one becomes the employee's
    last KGB date, from which the next one is due."""
    _history_guard(actor, employee)
    errors = _date_errors(employee, effective_from=effective_from, decree_date=decree_date)
    if not decree_number.strip():
        errors.setdefault("decree_number", []).append(_("Nomor SK wajib diisi."))
    if basic_salary is not None and basic_salary <= 0:
        errors.setdefault("basic_salary", []).append(_("Gaji pokok harus lebih dari nol."))
    if SalaryStepHistory.objects.filter(employee=employee, effective_from=effective_from).exists():
        errors.setdefault("effective_from", []).append(_("KGB dengan TMT ini sudah tercatat."))
    _raise_if(errors)
    row = SalaryStepHistory(
        employee=employee,
        effective_from=effective_from,
        decree_number=decree_number.strip(),
        decree_date=decree_date,
        basic_salary=basic_salary,
    )
    row.full_clean()
    row.save()
    if employee.last_kgb_date is None or effective_from >= employee.last_kgb_date:
        employee.last_kgb_date = effective_from
        employee._history_user = actor  # type: ignore[attr-defined]  # simple-history's hook
        employee.save(update_fields=["last_kgb_date", "updated_at"])
        update_change_reason(employee, _("Kenaikan gaji berkala dicatat"))
    return row


@records_actor
@transaction.atomic
def position_change(
    *,
    actor: User,
    employee: Employee,
    position: Position,
    effective_from: dt.date,
    decree_number: str,
    reason: str,
) -> PositionHistory:
    """Move an employee into a position by decree (appointment, promotion, rotation, transfer).

    The one path every career decision takes: the current position row ends the day before the
    TMT, the new row opens with the decree number, and the employee's position and unit follow,
    so supervisors, retirement age and everything derived from the position follow too. Call it
    on or after the TMT: a decision with a later TMT waits (the worker applies it on the date).

    Locks the employee row, then the post: the order of a rotation plan's moves
    (`moves.position_changes_apply`: employees, then posts), so a single move and a
    plan never wait on each other in a circle."""
    _history_guard(actor, employee)
    lock_in_order(Employee.objects.filter(pk=employee.pk).values_list("pk", flat=True))
    employee.refresh_from_db(
        fields=["position", "org_unit", "position_effective_from", "is_active"]
    )
    errors = _date_errors(employee, effective_from=effective_from)
    if not decree_number.strip():
        errors.setdefault("decree_number", []).append(_("Nomor SK wajib diisi."))
    if not position.is_active:
        errors.setdefault("position", []).append(_("Jabatan ini sudah tidak aktif."))
    if employee.position_id == position.pk:
        errors.setdefault("position", []).append(_("Pegawai sudah memegang jabatan ini."))
    else:  # capacity, judged under the position's lock (two decrees into one post serialise)
        locked, holders = position_capacity_lock(position)
        full = capacity_errors({position.pk: locked}, holders, Counter(), Counter([position.pk]))
        if full:
            errors.setdefault("position", []).extend(full)
    current = (
        PositionHistory.objects.select_for_update()
        .filter(employee=employee, effective_until__isnull=True)
        .order_by("-effective_from")
        .first()
    )
    if current and effective_from <= current.effective_from:
        errors.setdefault("effective_from", []).append(
            _("TMT harus sesudah TMT jabatan sekarang (%(date)s).")
            % {"date": current.effective_from.strftime("%d-%m-%Y")}
        )
    _raise_if(errors)
    if current:
        current.effective_until = effective_from - dt.timedelta(days=1)
        current.save(update_fields=["effective_until", "updated_at"])
    row = PositionHistory.objects.create(
        employee=employee,
        position=position,
        org_unit_id=position.org_unit_id,
        effective_from=effective_from,
        decree_number=decree_number.strip(),
    )
    old_unit_id = employee.org_unit_id
    employee.position = position
    employee.org_unit_id = position.org_unit_id
    employee.position_effective_from = effective_from
    store_retirement_date(employee)
    employee._history_user = actor  # type: ignore[attr-defined]  # simple-history's hook
    employee.save(
        update_fields=[
            "position",
            "org_unit",
            "position_effective_from",
            "retirement_date",
            "updated_at",
        ]
    )
    update_change_reason(employee, reason)
    employee_units_changed([old_unit_id, employee.org_unit_id])
    return row


@records_actor
@transaction.atomic
def education_add(
    *,
    actor: User,
    employee: Employee,
    level: EducationLevel,
    institution: str,
    graduation_year: int,
    major: str = "",
) -> EducationHistory:
    """Record a completed education; the highest one becomes the employee's education level."""
    _history_guard(actor, employee)
    _raise_if(_year_errors(employee, "graduation_year", graduation_year))
    row = EducationHistory(
        employee=employee,
        level=level,
        institution=institution.strip(),
        major=major.strip(),
        graduation_year=graduation_year,
    )
    row.full_clean()
    row.save()
    current = employee.education_level
    if current is None or level.order > current.order:
        employee.education_level = level
        employee.save(update_fields=["education_level", "updated_at"])
        update_change_reason(employee, _("Riwayat pendidikan ditambahkan"))
    return row


@records_actor
@transaction.atomic
def acting_add(
    *,
    actor: User,
    employee: Employee,
    position: Position,
    kind: str,
    start_date: dt.date,
    end_date: dt.date,
    decree_number: str = "",
) -> ActingAssignment:
    """acting_assignment_create, with the record dates checked against the birth date."""
    _history_guard(actor, employee)
    _raise_if(_date_errors(employee, start_date=start_date, end_date=end_date))
    return acting_assignment_create(
        actor=actor,
        employee=employee,
        position=position,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        decree_number=decree_number,
    )


@records_actor
@transaction.atomic
def discipline_add(
    *,
    actor: User,
    employee: Employee,
    severity: str,
    sanction: str,
    decided_on: dt.date,
    effective_from: dt.date,
    effective_until: dt.date | None = None,
    decree_number: str = "",
) -> DisciplineRecord:
    _history_guard(actor, employee)
    errors = _date_errors(
        employee,
        decided_on=decided_on,
        effective_from=effective_from,
        effective_until=effective_until,
    )
    if effective_until and effective_until < effective_from:
        errors.setdefault("effective_until", []).append(
            _("Tanggal akhir tidak boleh sebelum tanggal mulai.")
        )
    _raise_if(errors)
    row = DisciplineRecord(
        employee=employee,
        severity=severity,
        sanction=sanction.strip(),
        decided_on=decided_on,
        effective_from=effective_from,
        effective_until=effective_until,
        decree_number=decree_number,
    )
    row.full_clean()
    row.save()
    return row


@records_actor
@transaction.atomic
def award_add(
    *,
    actor: User,
    employee: Employee,
    name: str,
    awarded_on: dt.date,
    issuer: str = "",
    decree_number: str = "",
) -> Award:
    _history_guard(actor, employee)
    _raise_if(_date_errors(employee, awarded_on=awarded_on))
    row = Award(
        employee=employee,
        name=name.strip(),
        issuer=issuer.strip(),
        awarded_on=awarded_on,
        decree_number=decree_number,
    )
    row.full_clean()
    row.save()
    return row


@records_actor
@transaction.atomic
def annual_predikat_set(
    *, actor: User, employee: Employee, year: int, predikat: str, source: str = "manual"
) -> AnnualPredikat:
    """Set (or replace) the annual performance predikat of one year."""
    _history_guard(actor, employee)
    _raise_if(_year_errors(employee, "year", year))
    row = AnnualPredikat.objects.filter(employee=employee, year=year).first()
    if row is None:
        row = AnnualPredikat(employee=employee, year=year)
    row.predikat, row.source = predikat, source
    row.full_clean()
    row.save()
    return row
