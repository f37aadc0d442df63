"""Writes of mutations: an employee's transfer request through three approvals to its decree,
and BKPSDM's rotation plans, checked move by move and applied whole on their TMT. Every move
goes through `employees.services.position_change`, the one path of a decree."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task_backends

from abdi.accounts.models import User
from abdi.careers import rules
from abdi.careers.models import (
    MutationParameter,
    RotationAction,
    RotationMove,
    RotationPlan,
    RotationPlanStatus,
    RotationPlanStep,
    TransferAction,
    TransferKind,
    TransferRequest,
    TransferStatus,
    TransferStep,
)
from abdi.careers.permissions.mutations import (
    can_manage_rotation,
    can_record_transfer_decree,
    can_withdraw_transfer,
    transfer_approver_stage,
)
from abdi.careers.selectors.mutations import (
    MoveReport,
    PlanReport,
    min_years_in_post,
    rotation_plan_report,
)
from abdi.core.audit import records_actor
from abdi.core.calendar import JAKARTA
from abdi.core.choices import EmployeeKind
from abdi.core.concurrency import Conflict
from abdi.core.uploads import validate_upload
from abdi.employees import services as employee_services
from abdi.employees.models import Employee
from abdi.employees.permissions import own_employee
from abdi.employees.services import PositionMove, position_changes_apply
from abdi.org.models import OrgUnit, Position


def other_agency_min_years(on: dt.date) -> int:
    row = (
        MutationParameter.objects.filter(
            key=MutationParameter.Key.OTHER_AGENCY_MIN_YEARS, effective_from__lte=on
        )
        .order_by("-effective_from")
        .first()
    )
    return int(row.value) if row else 10


def _appointment(employee: Employee) -> dt.date | None:
    if employee.kind == EmployeeKind.PPPK:
        return employee.appointment_date
    return employee.tmt_cpns


def _transfer_step(request: TransferRequest, action: str, actor: User, note: str = "") -> None:
    TransferStep.objects.create(
        request=request, action=action, status=request.status, actor=actor, note=note
    )


@records_actor
@transaction.atomic
def transfer_request_submit(
    *,
    actor: User,
    kind: str,
    reason: str,
    document: File | None,
    destination_unit: OrgUnit | None = None,
    destination_position: Position | None = None,
    destination_agency: str = "",
) -> TransferRequest:
    """An employee asks to move, with a supporting document. Refused when the rules refuse it:
    another agency within 10 years of appointment, less than the minimum time in post."""
    me = own_employee(actor)
    if me is None:
        raise PermissionDenied
    employee = Employee.objects.select_for_update().select_related("org_unit").get(pk=me.pk)
    errors: dict[str, list[str]] = {}
    if kind not in TransferKind.values:
        errors["kind"] = [_("Jenis perpindahan tidak dikenal.")]
    if not reason.strip():
        errors["reason"] = [_("Alasan wajib diisi.")]
    if kind == TransferKind.WITHIN_AGENCY:
        if destination_unit is None:
            errors["destination_unit"] = [_("Unit tujuan wajib dipilih.")]
        elif not destination_unit.is_active:
            errors["destination_unit"] = [_("Unit tujuan sudah ditutup.")]
        elif destination_unit.pk == employee.org_unit_id:
            errors["destination_unit"] = [_("Unit tujuan sama dengan unit sekarang.")]
        if destination_position is not None and (
            destination_unit is None or destination_position.org_unit_id != destination_unit.pk
        ):
            errors["destination_position"] = [_("Jabatan tujuan tidak berada di unit tujuan.")]
    elif kind == TransferKind.OTHER_AGENCY:
        if not destination_agency.strip():
            errors["destination_agency"] = [_("Instansi tujuan wajib diisi.")]
        destination_unit = destination_position = None
    if document is None:
        errors["document"] = [_("Dokumen pendukung wajib diunggah.")]
    else:
        try:
            validate_upload(document)
        except ValidationError as exc:
            errors["document"] = exc.messages
    today = timezone.localdate()
    refused = rules.transfer_blocking_reasons(
        to_other_agency=kind == TransferKind.OTHER_AGENCY,
        appointment_date=_appointment(employee),
        position_since=employee.position_effective_from,
        today=today,
        other_agency_min_years=other_agency_min_years(today),
        min_years_in_post=min_years_in_post(),
    )
    if refused:
        errors.setdefault("__all__", []).extend(refused)
    if TransferRequest.objects.filter(employee=employee, status__in=TransferStatus.open()).exists():
        errors.setdefault("__all__", []).append(
            _("Masih ada permohonan pindah Anda yang belum selesai.")
        )
    if errors:
        raise ValidationError(errors)
    request = TransferRequest.objects.create(
        employee=employee,
        kind=kind,
        home_unit=employee.org_unit,
        destination_unit=destination_unit,
        destination_position=destination_position,
        destination_agency=destination_agency.strip(),
        reason=reason.strip(),
        document=document,
        created_by=actor,
    )
    _transfer_step(request, TransferAction.SUBMIT, actor)
    return request


def _locked_transfer(request: TransferRequest) -> TransferRequest:
    return (
        TransferRequest.objects.select_for_update(of=("self",))
        .select_related("employee", "home_unit", "destination_unit", "destination_position")
        .get(pk=request.pk)
    )


NEXT = {
    "home": (TransferStatus.HOME_APPROVED, TransferAction.HOME_APPROVE),
    "receiving": (TransferStatus.RECEIVING_APPROVED, TransferAction.RECEIVING_APPROVE),
    "bkpsdm": (TransferStatus.APPROVED, TransferAction.BKPSDM_APPROVE),
}


@records_actor
@transaction.atomic
def transfer_decide(
    *, actor: User, request: TransferRequest, approve: bool, note: str = ""
) -> TransferRequest:
    """The approval of the stage the request waits at (home unit, receiving unit, BKPSDM), or a
    rejection with its reason."""
    request = _locked_transfer(request)
    stage = transfer_approver_stage(actor, request)
    if stage is None:
        if request.is_open:
            raise PermissionDenied
        raise Conflict(_("Permohonan ini sudah selesai."))
    if approve:
        earlier = request.steps.filter(
            actor=actor,
            action__in=[
                TransferAction.HOME_APPROVE,
                TransferAction.RECEIVING_APPROVE,
                TransferAction.BKPSDM_APPROVE,
            ],
        ).first()
        if earlier is not None:
            # Three approvals are three people: one admin (or an operator whose scope covers
            # both units) must not give two of them.
            raise ValidationError(
                _(
                    "Anda sudah memberi persetujuan (%(step)s) pada permohonan ini; persetujuan "
                    "berikutnya harus diberikan oleh orang yang berbeda."
                )
                % {"step": earlier.get_action_display()}
            )
        request.status, action = NEXT[stage]
    else:
        if not note.strip():
            raise ValidationError({"note": [_("Alasan penolakan wajib diisi.")]})
        request.status, action = TransferStatus.REJECTED, TransferAction.REJECT
    request.save(update_fields=["status", "updated_at"])
    _transfer_step(request, action, actor, note.strip())
    return request


@records_actor
@transaction.atomic
def transfer_withdraw(*, actor: User, request: TransferRequest) -> TransferRequest:
    request = _locked_transfer(request)
    if not can_withdraw_transfer(actor, request):
        raise PermissionDenied
    request.status = TransferStatus.WITHDRAWN
    request.save(update_fields=["status", "updated_at"])
    _transfer_step(request, TransferAction.WITHDRAW, actor)
    return request


@records_actor
@transaction.atomic
def transfer_record_decree(
    *,
    actor: User,
    request: TransferRequest,
    decree_number: str,
    decree_date: dt.date,
    effective_from: dt.date,
    position: Position | None = None,
) -> TransferRequest:
    """The transfer decree. Within the agency, the employee moves into the destination position
    by `position_change` (on or after its TMT); to another agency the decree is recorded."""
    request = _locked_transfer(request)
    if not can_record_transfer_decree(actor, request):
        if request.status == TransferStatus.APPROVED:
            raise PermissionDenied
        raise Conflict(_("SK dicatat sesudah permohonan disetujui BKPSDM."))
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not decree_number.strip():
        errors["decree_number"] = [_("Nomor SK wajib diisi.")]
    if decree_date > today:
        errors["decree_date"] = [_("Tanggal SK tidak boleh di masa depan.")]
    target = position or request.destination_position
    if request.kind == TransferKind.WITHIN_AGENCY:
        if target is None:
            errors["position"] = [_("Pilih jabatan tujuan di unit tujuan.")]
        elif target.org_unit_id != request.destination_unit_id:
            errors["position"] = [_("Jabatan tujuan tidak berada di unit tujuan.")]
        if effective_from > today:
            errors["effective_from"] = [
                _("Catat SK pada atau sesudah TMT-nya; sebelum itu pegawai belum pindah.")
            ]
    if errors:
        raise ValidationError(errors)
    if request.kind == TransferKind.WITHIN_AGENCY:
        assert target is not None  # refused above without one
        employee_services.position_change(
            actor=actor,
            employee=request.employee,
            position=target,
            effective_from=effective_from,
            decree_number=decree_number,
            reason=_("Pindah atas permintaan sendiri (permohonan #%(id)d)") % {"id": request.pk},
        )
        request.destination_position = target
    request.decree_number, request.decree_date = decree_number.strip(), decree_date
    request.decree_effective_from = effective_from
    request.status = TransferStatus.DECREED
    request.save()
    _transfer_step(request, TransferAction.DECREE, actor)
    return request


# --- Rotation plans ---------------------------------------------------------------------------


def _manager(actor: User) -> None:
    if not can_manage_rotation(actor):
        raise PermissionDenied


def _plan_step(plan: RotationPlan, action: str, actor: User | None, note: str = "") -> None:
    RotationPlanStep.objects.create(plan=plan, action=action, actor=actor, note=note)


@records_actor
@transaction.atomic
def rotation_plan_create(*, actor: User, title: str, effective_from: dt.date) -> RotationPlan:
    _manager(actor)
    if not title.strip():
        raise ValidationError({"title": [_("Judul wajib diisi.")]})
    plan = RotationPlan.objects.create(
        title=title.strip(), effective_from=effective_from, created_by=actor
    )
    _plan_step(plan, RotationAction.CREATE, actor)
    return plan


def _draft(plan: RotationPlan) -> RotationPlan:
    plan = RotationPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != RotationPlanStatus.DRAFT:
        raise ValidationError(_("Hanya rencana berstatus draf yang dapat diubah."))
    return plan


@records_actor
@transaction.atomic
def rotation_move_add(
    *,
    actor: User,
    plan: RotationPlan,
    employee: Employee,
    target_position: Position,
    decree_number: str,
) -> RotationMove:
    _manager(actor)
    plan = _draft(plan)
    errors: dict[str, list[str]] = {}
    if not employee.is_active:
        errors["employee"] = [_("Pegawai ini tidak aktif.")]
    if plan.moves.filter(employee=employee).exists():
        errors["employee"] = [_("Pegawai ini sudah ada dalam rencana.")]
    if not target_position.is_active:
        errors["target_position"] = [_("Jabatan ini sudah tidak aktif.")]
    if target_position.pk == employee.position_id:
        errors["target_position"] = [_("Pegawai sudah memegang jabatan ini.")]
    if not decree_number.strip():
        errors["decree_number"] = [_("Nomor SK wajib diisi.")]
    if errors:
        raise ValidationError(errors)
    plan.check_report = {}
    plan.save(update_fields=["check_report", "updated_at"])
    return RotationMove.objects.create(
        plan=plan,
        employee=employee,
        from_position_id=employee.position_id,
        target_position=target_position,
        decree_number=decree_number.strip(),
    )


@records_actor
@transaction.atomic
def rotation_move_remove(*, actor: User, move: RotationMove) -> None:
    _manager(actor)
    plan = _draft(move.plan)
    move.delete()
    plan.check_report = {}
    plan.save(update_fields=["check_report", "updated_at"])


@records_actor
@transaction.atomic
def rotation_plan_check(*, actor: User, plan: RotationPlan) -> PlanReport:
    _manager(actor)
    plan = RotationPlan.objects.select_for_update().get(pk=plan.pk)
    report = rotation_plan_report(plan)
    plan.check_report, plan.checked_at = report.as_json(), timezone.now()
    plan.save(update_fields=["check_report", "checked_at", "updated_at"])
    errors = sum(1 for m in report.moves.values() if m.errors)
    _plan_step(
        plan,
        RotationAction.CHECK,
        actor,
        _("%(n)d perpindahan, %(e)d bermasalah.") % {"n": len(report.moves), "e": errors},
    )
    return report


def _apply_now(plan: RotationPlan, actor: User) -> None:
    moves = list(plan.moves.order_by("employee_id"))
    # The position each mover really leaves, as read under the employees' lock.
    leaving: dict[int, int | None] = {}
    # Every move is a decree with the same rules as position_change (permission, TMT, capacity
    # after the whole plan under the target positions' locks, history rows with actor and
    # reason), written in bulk: all of them or none.
    position_changes_apply(
        actor=actor,
        moves=[PositionMove(m.employee_id, m.target_position_id, m.decree_number) for m in moves],
        effective_from=plan.effective_from,
        reason=_("Rotasi: %(plan)s") % {"plan": plan.title},
        left=leaving,
    )
    for move in moves:
        move.from_position_id = leaving.get(move.employee_id)
    RotationMove.objects.bulk_update(moves, ["from_position"], batch_size=500)
    plan.status, plan.applied_at = RotationPlanStatus.APPLIED, timezone.now()
    plan.save(update_fields=["status", "applied_at", "updated_at"])
    _plan_step(plan, RotationAction.APPLY, actor, _("%(n)d perpindahan.") % {"n": len(moves)})


@records_actor
@transaction.atomic
def rotation_plan_apply(*, actor: User, plan: RotationPlan) -> RotationPlan:
    """All moves or none. A plan whose TMT is still ahead is scheduled: the worker applies it on
    the date (`apply_rotation_plan`). Two admins applying at once: the plan row is locked, the
    second finds it applied (or scheduled) and is told so."""
    _manager(actor)
    plan = RotationPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == RotationPlanStatus.APPLIED:
        raise ValidationError(_("Rencana ini sudah diterapkan."))
    if plan.status not in (RotationPlanStatus.DRAFT, RotationPlanStatus.SCHEDULED):
        raise ValidationError(_("Rencana ini tidak dapat diterapkan."))
    if not plan.moves.exists():
        raise ValidationError(_("Rencana belum berisi perpindahan."))
    report = rotation_plan_report(plan)
    plan.check_report, plan.checked_at = report.as_json(), timezone.now()
    if not report.ok:
        plan.save(update_fields=["check_report", "checked_at", "updated_at"])
        bad = sum(1 for m in report.moves.values() if m.errors)
        raise ValidationError(
            _("%(n)d perpindahan masih bermasalah; perbaiki dulu, tidak ada yang diterapkan.")
            % {"n": bad}
        )
    if plan.effective_from > timezone.localdate():
        if plan.status == RotationPlanStatus.SCHEDULED:
            raise ValidationError(_("Rencana ini sudah dijadwalkan."))
        plan.status = RotationPlanStatus.SCHEDULED
        plan.save(update_fields=["status", "check_report", "checked_at", "updated_at"])
        _plan_step(plan, RotationAction.SCHEDULE, actor)
        plan_id, actor_id, when = plan.pk, actor.pk, plan.effective_from
        transaction.on_commit(lambda: _schedule(plan_id, actor_id, when))
        return plan
    plan.save(update_fields=["check_report", "checked_at", "updated_at"])
    _apply_now(plan, actor)
    return plan


def _schedule(plan_id: int, actor_id: int, when: dt.date) -> None:
    # local: tasks_mutations imports this module (cycle)
    from abdi.careers.tasks_mutations import apply_rotation_plan

    if task_backends["default"].supports_defer:
        run_after = dt.datetime.combine(when, dt.time(0, 5), tzinfo=JAKARTA)
        apply_rotation_plan.using(run_after=run_after).enqueue(plan_id=plan_id, actor_id=actor_id)
    # Otherwise the daily `apply_due_rotation_plans` picks it up on the date.


@records_actor
@transaction.atomic
def rotation_plan_apply_scheduled(*, actor: User, plan: RotationPlan) -> RotationPlan | None:
    """The worker's half: apply a scheduled plan once its TMT has come. Returns None when there
    is nothing to do (already applied by another worker, cancelled, or not yet the date)."""
    plan = RotationPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != RotationPlanStatus.SCHEDULED or plan.effective_from > timezone.localdate():
        return None
    report = rotation_plan_report(plan)
    plan.check_report, plan.checked_at = report.as_json(), timezone.now()
    if not report.ok:
        plan.status = RotationPlanStatus.DRAFT
        plan.save(update_fields=["status", "check_report", "checked_at", "updated_at"])
        _plan_step(
            plan,
            RotationAction.FAIL,
            None,
            _("Pada TMT ada perpindahan yang bermasalah; rencana kembali menjadi draf."),
        )
        return None
    plan.save(update_fields=["check_report", "checked_at", "updated_at"])
    _apply_now(plan, actor)
    return plan


@records_actor
@transaction.atomic
def rotation_plan_cancel(*, actor: User, plan: RotationPlan, note: str = "") -> RotationPlan:
    _manager(actor)
    plan = RotationPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in (RotationPlanStatus.DRAFT, RotationPlanStatus.SCHEDULED):
        raise ValidationError(_("Rencana ini tidak dapat dibatalkan."))
    plan.status = RotationPlanStatus.CANCELLED
    plan.save(update_fields=["status", "updated_at"])
    _plan_step(plan, RotationAction.CANCEL, actor, note.strip())
    return plan


__all__ = [
    "min_years_in_post",
    "other_agency_min_years",
    "transfer_request_submit",
    "transfer_decide",
    "transfer_withdraw",
    "transfer_record_decree",
    "rotation_plan_create",
    "rotation_move_add",
    "rotation_move_remove",
    "rotation_plan_report",
    "rotation_plan_check",
    "rotation_plan_apply",
    "rotation_plan_apply_scheduled",
    "rotation_plan_cancel",
    "PlanReport",
    "MoveReport",
]
