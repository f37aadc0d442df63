"""Every write to personnel data. Each service runs in one transaction and leaves history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from abdi.accounts.models import User
from abdi.core.audit import records_actor
from abdi.core.choices import EmployeeKind
from abdi.core.derived import employee_units_changed
from abdi.core.models import EducationLevel, Rank, RegulationParameter
from abdi.employees import rules
from abdi.employees.choices import EmploymentStatus
from abdi.employees.models import (
    ActingAssignment,
    Employee,
    PositionHistory,
    RankHistory,
)
from abdi.employees.permissions import (
    can_edit_employee,
    can_manage_employees,
    can_manage_unit,
)
from abdi.employees.rules import clean_nip
from abdi.employees.services.retirement import store_retirement_date
from abdi.org.models import OrgUnit, Position


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
        assert info.kind is not None and info.birth_date is not None  # a valid NIP has both
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
        if (
            ceiling is not None
            and data.rank.kind == ceiling.kind
            and data.rank.order > ceiling.order
        ):
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
def employee_create(
    *, actor: User, data: EmployeeInput, confirm_warnings: bool = False
) -> Employee:
    if not can_manage_employees(actor):
        raise PermissionDenied
    if not can_manage_unit(actor, data.org_unit):
        raise ValidationError({"org_unit": [_("Unit kerja ini di luar wewenang Anda.")]})
    _check(data, None, confirm_warnings)
    employee = Employee()
    _apply(employee, data)
    employee.full_clean(exclude=["user"])
    store_retirement_date(employee)
    employee._history_user = actor  # type: ignore[attr-defined]  # simple-history: the actor outside requests too
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
    actor: User,
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
    employee._history_user = actor  # type: ignore[attr-defined]  # simple-history's hook
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
    actor: User,
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
    assignment._history_user = actor  # type: ignore[attr-defined]  # simple-history's hook
    assignment.save()
    return assignment
