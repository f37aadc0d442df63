"""Writes to accounts: giving and taking back roles. Only BKPSDM admins do this."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from abdi.accounts.models import RoleAssignment, User
from abdi.accounts.permissions import is_bkpsdm_admin
from abdi.accounts.roles import SCOPED_ROLES, Role
from abdi.core.services import require

if TYPE_CHECKING:
    from abdi.org.models import OrgUnit


def _forget_scope(user: User) -> None:
    for attr in ("_abdi_role_scope", "_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(attr, None)


@transaction.atomic
def role_assign(
    *, actor: User, user: User, role: str, org_unit: OrgUnit | None = None
) -> RoleAssignment:
    """Give `user` the role, for the whole agency or (operator, leader) one unit subtree."""
    require(is_bkpsdm_admin(actor))
    if role not in Role.values:
        raise ValidationError({"role": [_("Peran tidak dikenal.")]})
    if org_unit is not None and role not in SCOPED_ROLES:
        raise ValidationError(
            {
                "org_unit": [
                    _("Peran %(role)s selalu berlaku untuk seluruh instansi, tanpa lingkup unit.")
                    % {"role": Role(role).label}
                ]
            }
        )
    if org_unit is not None and not org_unit.is_active:
        raise ValidationError({"org_unit": [_("Unit kerja ini sudah ditutup.")]})
    if RoleAssignment.objects.filter(user=user, role=role, org_unit=org_unit).exists():
        raise ValidationError(_("Pengguna sudah memiliki peran ini pada unit tersebut."))
    assignment = RoleAssignment.objects.create(user=user, role=role, org_unit=org_unit)
    group, _created = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    if role == Role.BKPSDM_ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    _forget_scope(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor: User, assignment: RoleAssignment) -> None:
    """Take back one role assignment. The Group (and staff status for admins) goes when the user
    holds the role nowhere else."""
    require(is_bkpsdm_admin(actor))
    user, role = assignment.user, assignment.role
    if role == Role.BKPSDM_ADMIN and user.pk == actor.pk:
        raise ValidationError(_("Admin BKPSDM tidak dapat mencabut peran admin miliknya sendiri."))
    assignment.delete()
    if not RoleAssignment.objects.filter(user=user, role=role).exists():
        user.groups.remove(*Group.objects.filter(name=role))
        if role == Role.BKPSDM_ADMIN and user.is_staff and not user.is_superuser:
            user.is_staff = False
            user.save(update_fields=["is_staff"])
    _forget_scope(user)
