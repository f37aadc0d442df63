"""Writes of the public service catalogue (layanan per unit)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.feedback.models import PublicService
from abdi.feedback.permissions import can_manage_service_unit
from abdi.org.models import OrgUnit


@transaction.atomic
def public_service_save(
    *,
    actor: User,
    org_unit: OrgUnit,
    name: str,
    description: str = "",
    standard_days: int | None = None,
    is_active: bool = True,
    service: PublicService | None = None,
) -> PublicService:
    if not can_manage_service_unit(actor, org_unit):
        raise PermissionDenied(_("Anda tidak mengelola layanan unit ini."))
    if service is not None and not can_manage_service_unit(actor, service.org_unit):
        raise PermissionDenied(_("Anda tidak mengelola layanan unit ini."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Nama layanan wajib diisi.")]})
    if not org_unit.is_active:
        raise ValidationError({"org_unit": [_("Unit ini sudah tidak aktif.")]})
    clash = PublicService.objects.filter(org_unit=org_unit, name__iexact=name)
    if service is not None:
        clash = clash.exclude(pk=service.pk)
    if clash.exists():
        raise ValidationError(
            {"name": [_("Unit ini sudah memiliki layanan dengan nama tersebut.")]}
        )
    service = service or PublicService()
    service.org_unit = org_unit
    service.name = name
    service.description = (description or "").strip()
    service.standard_days = standard_days
    service.is_active = is_active
    service._change_reason = "catalogue"  # type: ignore[attr-defined]  # simple-history's hook
    service.save()
    return service
