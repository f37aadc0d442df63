"""Every write to personnel data. Each service runs in one transaction and leaves history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from abdi.core.audit import records_actor
from abdi.core.choices import EmployeeKind
from abdi.core.derived import employee_units_changed
from abdi.core.models import EducationLevel, Rank, RegulationParameter
from abdi.core.services import lock_in_order
from abdi.employees import rules
from abdi.employees.choices import CorrectionStatus, EmploymentStatus
from abdi.employees.models import (
    ActingAssignment,
    AnnualPredikat,
    Award,
    CorrectionRequest,
    DisciplineRecord,
    EducationHistory,
    Employee,
    PositionHistory,
    RankHistory,
    SalaryStepHistory,
)
from abdi.employees.permissions import (
    can_decide_correction,
    can_edit_employee,
    can_manage_employees,
    can_manage_unit,
)
from abdi.employees.rules import clean_nip
from abdi.employees.services_retirement import store_retirement_date
from abdi.org.models import OrgUnit, Position

# Fields an employee may ask to correct, and the form field that edits each.
CORRECTABLE_FIELDS = (
    "front_title",
    "name",
    "back_title",
    "birth_place",
    "nik",
    "address",
    "phone",
    "email",
)


class ConfirmationRequired(ValidationError):
    """The input is acceptable only if the user confirms the warnings it carries."""

    def __init__(self, warnings: list[str]):
        super().__init__(warnings, code="confirmation_required")
        self.warnings = warnings


@dataclass
class EmployeeInput:
    nip: str
    name: str
    birth_date: dt.date
    sex: str
    status: str
    org_unit: OrgUnit
    front_title: str = ""
    back_title: str = ""
    birth_place: str = ""
    nik: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    tmt_cpns: dt.date | None = None
    tmt_pns: dt.date | None = None
    appointment_date: dt.date | None = None
    rank: Rank | None = None
    rank_effective_from: dt.date | None = None
    position: Position | None = None
    position_effective_from: dt.date | None = None
    education_level: EducationLevel | None = None
    last_kgb_date: dt.date | None = None


def min_appointment_age(on: dt.date | None = None) -> int:
    row = (
        RegulationParameter.objects.filter(
            key=RegulationParameter.Key.MIN_APPOINTMENT_AGE,
            effective_from__lte=on or timezone.localdate(),
        )
        .order_by("-effective_from")
        .first()
    )
    return int(row.value) if row else 18


def validate_employee_input(
    data: EmployeeInput, *, instance: Employee | None = None, min_age: int | None = None
) -> tuple[dict[str, list[str]], list[str]]:
    """Check one employee's data against the NIP rules and the tables.

    Returns (errors by field, warnings). Warnings (rank above the education ceiling, a position
    with all its posts taken) are allowed once the user confirms them.
    """
    nip = clean_nip(data.nip)
    duplicate = Employee.objects.filter(nip=nip)
    if instance is not None:
        duplicate = duplicate.exclude(pk=instance.pk)
    position_holders = None
    if data.position and (instance is None or instance.position_id != data.position.pk):
        taken = Employee.objects.filter(position=data.position, is_active=True)
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        position_holders = taken.count()
    return employee_input_problems(
        data,
        min_age=min_age or min_appointment_age(),
        nip_taken=bool(nip) and duplicate.exists(),
        position_holders=position_holders,
    )


def employee_input_problems(
    data: EmployeeInput,
    *,
    min_age: int,
    nip_taken: bool = False,
    position_holders: int | None = None,
    today: dt.date | None = None,
) -> tuple[dict[str, list[str]], list[str]]:
    """validate_employee_input without queries, for bulk callers (the import) that preload.

    `nip_taken`: another employee already has this NIP. `position_holders`: active holders of
    `data.position` other than this employee, or None to skip the posts check. Expects
    `data.position.org_unit` and `data.education_level.highest_rank` to be loaded already.
    """
    errors: dict[str, list[str]] = {}
    warnings: list[str] = []
    today = today or timezone.localdate()

    def err(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    info = rules.parse_nip(data.nip, min_appointment_age=min_age)
    for message in info.errors:
        err("nip", message)
    if info.valid:
        expected_kind = (
            EmployeeKind.PPPK if data.status == EmploymentStatus.PPPK else EmployeeKind.PNS
        )
        if info.kind != expected_kind:
            err(
                "status",
                _("NIP ini adalah nomor %(kind)s, tidak cocok dengan status %(status)s.")
                % {"kind": info.kind.upper(), "status": EmploymentStatus(data.status).label},
            )
        if info.birth_date != data.birth_date:
            err(
                "birth_date",
                _("Tanggal lahir tidak cocok dengan NIP (menurut NIP: %(date)s).")
                % {"date": info.birth_date.strftime("%d-%m-%Y")},
            )
        if info.sex != data.sex:
            err("sex", _("Jenis kelamin tidak cocok dengan digit ke-15 NIP."))
        if (
            info.kind == EmployeeKind.PNS
            and data.tmt_cpns
            and info.tmt_cpns
            and (data.tmt_cpns.year, data.tmt_cpns.month)
            != (info.tmt_cpns.year, info.tmt_cpns.month)
        ):
            err(
                "tmt_cpns",
                _("TMT CPNS tidak cocok dengan NIP (menurut NIP: %(month)s).")
                % {"month": info.tmt_cpns.strftime("%m-%Y")},
            )
    if nip_taken:
        err("nip", _("NIP %(nip)s sudah terdaftar.") % {"nip": info.value})

    horizon = today + dt.timedelta(days=366)
    for field in (
        "tmt_cpns",
        "tmt_pns",
        "appointment_date",
        "rank_effective_from",
        "position_effective_from",
        "last_kgb_date",
    ):
        value = getattr(data, field)
        if value and data.birth_date and value <= data.birth_date:
            err(field, _("Tanggal ini tidak boleh sebelum tanggal lahir."))
        if value and value > horizon:
            err(field, _("Tanggal ini terlalu jauh di masa depan."))
    if data.tmt_pns and data.tmt_cpns and data.tmt_pns < data.tmt_cpns:
        err("tmt_pns", _("TMT PNS tidak boleh sebelum TMT CPNS."))
    if data.status == EmploymentStatus.PPPK:
        if data.rank and data.rank.kind != EmployeeKind.PPPK:
            err("rank", _("Pegawai PPPK memakai golongan PPPK (I–XVII), bukan golongan PNS."))
    elif data.rank and data.rank.kind != EmployeeKind.PNS:
        err("rank", _("Pegawai CPNS/PNS memakai golongan PNS (I/a–IV/e)."))
    if data.rank and not data.rank_effective_from:
        err("rank_effective_from", _("TMT golongan wajib diisi bila golongan diisi."))
    if data.position and not data.position_effective_from:
        err("position_effective_from", _("TMT jabatan wajib diisi bila jabatan diisi."))
    if data.position and data.position.org_unit_id != data.org_unit.pk:
        err(
            "position",
            _("Jabatan ini berada di unit kerja lain: %(unit)s.")
            % {"unit": data.position.org_unit},
        )
    if data.position and not data.position.is_active:
        err("position", _("Jabatan ini sudah tidak aktif."))
    if not data.org_unit.is_active:
        err("org_unit", _("Unit kerja ini sudah ditutup."))

    if data.rank and data.education_level and data.education_level.highest_rank_id:
        ceiling = data.education_level.highest_rank
        if data.rank.kind == ceiling.kind and data.rank.order > ceiling.order:
            warnings.append(
                _(
                    "Golongan %(rank)s di atas batas golongan untuk pendidikan %(edu)s (%(ceiling)s)."
                )
                % {
                    "rank": data.rank.code,
                    "edu": data.education_level.name,
                    "ceiling": ceiling.code,
                }
            )
    if data.position and position_holders is not None and position_holders >= data.position.posts:
        warnings.append(
            _("Formasi jabatan %(position)s sudah penuh (%(posts)d).")
            % {"position": data.position.name, "posts": data.position.posts}
        )
    return errors, warnings


def _check(data: EmployeeInput, instance: Employee | None, confirm_warnings: bool) -> None:
    errors, warnings = validate_employee_input(data, instance=instance)
    if errors:
        raise ValidationError(errors)
    if warnings and not confirm_warnings:
        raise ConfirmationRequired(warnings)


def _apply(employee: Employee, data: EmployeeInput) -> None:
    for field, value in vars(data).items():
        setattr(employee, field, value)
    employee.nip = rules.parse_nip(data.nip).value
    employee.kind = EmployeeKind.PPPK if data.status == EmploymentStatus.PPPK else EmployeeKind.PNS


def _record_rank_change(employee: Employee) -> None:
    if employee.rank_id and employee.rank_effective_from:
        RankHistory.objects.get_or_create(
            employee=employee, rank_id=employee.rank_id, effective_from=employee.rank_effective_from
        )


def _record_position_change(employee: Employee) -> None:
    if not employee.position_id or not employee.position_effective_from:
        return
    start = employee.position_effective_from
    current = (
        PositionHistory.objects.filter(employee=employee, effective_until__isnull=True)
        .order_by("-effective_from")
        .first()
    )
    if current and current.position_id == employee.position_id:
        return
    if current:
        current.effective_until = max(current.effective_from, start - dt.timedelta(days=1))
        current.save(update_fields=["effective_until", "updated_at"])
    PositionHistory.objects.create(
        employee=employee,
        position_id=employee.position_id,
        org_unit_id=employee.org_unit_id,
        effective_from=start,
    )


@records_actor
@transaction.atomic
def employee_create(*, actor, data: EmployeeInput, confirm_warnings: bool = False) -> Employee:
    if not can_manage_employees(actor):
        raise PermissionDenied
    if not can_manage_unit(actor, data.org_unit):
        raise ValidationError({"org_unit": [_("Unit kerja ini di luar wewenang Anda.")]})
    _check(data, None, confirm_warnings)
    employee = Employee()
    _apply(employee, data)
    employee.full_clean(exclude=["user"])
    store_retirement_date(employee)
    employee._history_user = actor  # simple-history records the actor outside requests too
    employee.save()
    update_change_reason(employee, _("Pegawai baru"))
    _record_rank_change(employee)
    _record_position_change(employee)
    employee_units_changed([employee.org_unit_id])
    return employee


@records_actor
@transaction.atomic
def employee_update(
    *,
    actor,
    employee: Employee,
    data: EmployeeInput,
    confirm_warnings: bool = False,
    reason: str = "",
) -> Employee:
    if not can_edit_employee(actor, employee):
        raise PermissionDenied
    if data.org_unit.pk != employee.org_unit_id and not can_manage_unit(actor, data.org_unit):
        raise ValidationError({"org_unit": [_("Unit kerja ini di luar wewenang Anda.")]})
    _check(data, employee, confirm_warnings)
    before = (employee.org_unit_id, employee.position_id, employee.is_active)
    _apply(employee, data)
    employee.full_clean(exclude=["user"])
    store_retirement_date(employee)
    employee._history_user = actor
    employee.save()
    if reason:
        update_change_reason(employee, reason)
    _record_rank_change(employee)
    _record_position_change(employee)
    if before != (employee.org_unit_id, employee.position_id, employee.is_active):
        employee_units_changed([before[0], employee.org_unit_id])
    return employee


@records_actor
@transaction.atomic
def acting_assignment_create(
    *,
    actor,
    employee: Employee,
    position: Position,
    kind: str,
    start_date: dt.date,
    end_date: dt.date,
    decree_number: str = "",
) -> ActingAssignment:
    if not can_edit_employee(actor, employee):
        raise PermissionDenied
    if end_date < start_date:
        raise ValidationError(
            {"end_date": [_("Tanggal selesai tidak boleh sebelum tanggal mulai.")]}
        )
    if position.pk == employee.position_id:
        raise ValidationError(
            {"position": [_("Pegawai tidak dapat menjadi Plt/Plh pada jabatannya sendiri.")]}
        )
    overlap = ActingAssignment.objects.filter(
        position=position, kind=kind, start_date__lte=end_date, end_date__gte=start_date
    )
    if overlap.exists():
        raise ValidationError(
            {
                "start_date": [
                    _("Sudah ada Plt/Plh lain pada jabatan ini dalam rentang tanggal tersebut.")
                ]
            }
        )
    assignment = ActingAssignment(
        employee=employee,
        position=position,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        decree_number=decree_number,
    )
    assignment.full_clean()
    assignment._history_user = actor
    assignment.save()
    return assignment


def correction_current_value(employee: Employee, field_name: str) -> str:
    value: Any = getattr(employee, field_name)
    return "" if value is None else str(value)


@records_actor
@transaction.atomic
def correction_request_submit(
    *, actor, employee: Employee, field_name: str, requested_value: str, reason: str, document
) -> CorrectionRequest:
    if employee.user_id != actor.pk:
        raise PermissionDenied
    if field_name not in CORRECTABLE_FIELDS:
        raise ValidationError(
            {"field_name": [_("Data ini tidak dapat dikoreksi melalui permintaan.")]}
        )
    if CorrectionRequest.objects.filter(
        employee=employee, field_name=field_name, status=CorrectionStatus.PENDING
    ).exists():
        raise ValidationError(
            {
                "field_name": [
                    _("Masih ada permintaan koreksi untuk data ini yang belum diputuskan.")
                ]
            }
        )
    # Validate the new value the way the model would, before anyone has to decide on it.
    probe = Employee(
        **{f.attname: getattr(employee, f.attname) for f in Employee._meta.concrete_fields}
    )
    setattr(probe, field_name, requested_value)
    try:
        probe.clean_fields(exclude=[f.name for f in Employee._meta.fields if f.name != field_name])
    except ValidationError as exc:
        raise ValidationError(
            {"requested_value": exc.message_dict.get(field_name, exc.messages)}
        ) from exc
    request = CorrectionRequest.objects.create(
        employee=employee,
        field_name=field_name,
        current_value=correction_current_value(employee, field_name),
        requested_value=requested_value,
        reason=reason,
        document=document,
        submitted_by=actor,
    )
    return request


@records_actor
@transaction.atomic
def correction_request_approve(
    *, actor, request: CorrectionRequest, note: str = ""
) -> CorrectionRequest:
    request = (
        CorrectionRequest.objects.select_for_update().select_related("employee").get(pk=request.pk)
    )
    if not can_decide_correction(actor, request):
        raise PermissionDenied
    if request.status != CorrectionStatus.PENDING:
        raise ValidationError(_("Permintaan ini sudah diputuskan."))
    employee = request.employee
    setattr(employee, request.field_name, request.requested_value)
    employee.full_clean(exclude=["user"])
    employee._history_user = actor
    employee.save()
    update_change_reason(employee, _("Koreksi data #%(id)d disetujui") % {"id": request.pk})
    request.status = CorrectionStatus.APPROVED
    request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), note
    request.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    return request


@records_actor
@transaction.atomic
def correction_request_reject(*, actor, request: CorrectionRequest, note: str) -> CorrectionRequest:
    request = (
        CorrectionRequest.objects.select_for_update().select_related("employee").get(pk=request.pk)
    )
    if not can_decide_correction(actor, request):
        raise PermissionDenied
    if request.status != CorrectionStatus.PENDING:
        raise ValidationError(_("Permintaan ini sudah diputuskan."))
    if not note.strip():
        raise ValidationError({"note": [_("Alasan penolakan wajib diisi.")]})
    request.status = CorrectionStatus.REJECTED
    request.decided_by, request.decided_at, request.decision_note = (
        actor,
        timezone.now(),
        note.strip(),
    )
    request.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    return request


def sanction_in_force(employee: Employee, on: dt.date) -> bool:
    return (
        employee.discipline_records.filter(effective_from__lte=on)
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=on))
        .exists()
    )


# --- Adding rows to an employee's histories (one service per kind of record) ---------------


def _history_guard(actor, employee: Employee) -> None:
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
    actor,
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
    actor,
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
        employee._history_user = actor
        employee.save(update_fields=["last_kgb_date", "updated_at"])
        update_change_reason(employee, _("Kenaikan gaji berkala dicatat"))
    return row


@records_actor
@transaction.atomic
def position_change(
    *,
    actor,
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
    (`services_moves.position_changes_apply`: employees, then posts), so a single move and a
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
        from collections import Counter

        from abdi.employees.services_moves import capacity_errors, position_capacity_lock

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
    employee._history_user = actor
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
    actor,
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
    actor,
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
    actor,
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
    actor,
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
    *, actor, employee: Employee, year: int, predikat: str, source: str = "manual"
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
