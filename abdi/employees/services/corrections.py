"""Corrections an employee asks for on their own data, and the decision on them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from abdi.accounts.models import User
from abdi.core.audit import records_actor
from abdi.employees.choices import CorrectionStatus
from abdi.employees.models import (
    CorrectionRequest,
    Employee,
)
from abdi.employees.permissions import (
    can_decide_correction,
)

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


def correction_current_value(employee: Employee, field_name: str) -> str:
    value: Any = getattr(employee, field_name)
    return "" if value is None else str(value)


@records_actor
@transaction.atomic
def correction_request_submit(
    *,
    actor: User,
    employee: Employee,
    field_name: str,
    requested_value: str,
    reason: str,
    document: File | None,
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
    *, actor: User, request: CorrectionRequest, note: str = ""
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
    employee._history_user = actor  # type: ignore[attr-defined]  # simple-history's hook
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
def correction_request_reject(
    *, actor: User, request: CorrectionRequest, note: str
) -> CorrectionRequest:
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
