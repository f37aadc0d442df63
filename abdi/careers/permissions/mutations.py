"""Who sees and decides transfer requests and rotation plans.

A transfer request is seen by the employee who filed it, the operators of the home and the
receiving unit, BKPSDM and auditors. The home unit's operator approves first, then the
receiving unit's, then BKPSDM (for another agency, BKPSDM records the receiving agency's
consent). Rotation plans are BKPSDM's; auditors read them."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from abdi.accounts.models import User
from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.careers.models import (
    RotationPlan,
    TransferKind,
    TransferRequest,
    TransferStatus,
)
from abdi.employees.permissions import in_unit_subtrees, own_employee
from abdi.org.models import OrgUnit


def transfers_visible_to(user: User) -> QuerySet[TransferRequest]:
    qs = TransferRequest.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_bkpsdm_admin(user) or is_auditor(user):
        return qs
    condition = Q(employee__user_id=user.pk)
    paths = role_scope(user).paths_for(Role.OPERATOR)
    if paths is None:
        return qs
    if paths:
        condition |= in_unit_subtrees(paths, "home_unit_id") | in_unit_subtrees(
            paths, "destination_unit_id"
        )
    return qs.filter(condition)


def can_request_transfer(user: User) -> bool:
    return own_employee(user) is not None


def _operates(user: User, unit: OrgUnit | None) -> bool:
    if unit is None:
        return False
    paths = role_scope(user).paths_for(Role.OPERATOR)
    if paths is None:
        return True
    return any(unit.path.startswith(p) for p in paths)


def transfer_approver_stage(user: User, request: TransferRequest) -> str | None:
    """The approval this user may give now ('home', 'receiving', 'bkpsdm'), or None."""
    if request.employee.user_id == user.pk and not is_bkpsdm_admin(user):
        return None
    admin = is_bkpsdm_admin(user)
    if request.status == TransferStatus.SUBMITTED and (admin or _operates(user, request.home_unit)):
        return "home"
    if request.status == TransferStatus.HOME_APPROVED:
        if request.kind == TransferKind.OTHER_AGENCY:
            return "receiving" if admin else None
        if admin or _operates(user, request.destination_unit):
            return "receiving"
    if request.status == TransferStatus.RECEIVING_APPROVED and admin:
        return "bkpsdm"
    return None


def can_decide_transfer(user: User, request: TransferRequest) -> bool:
    return transfer_approver_stage(user, request) is not None


def records_transfer_decrees(user: User) -> bool:
    """Transfer decrees are BKPSDM's (whatever state a request is in)."""
    return is_bkpsdm_admin(user)


def can_record_transfer_decree(user: User, request: TransferRequest) -> bool:
    return is_bkpsdm_admin(user) and request.status == TransferStatus.APPROVED


def can_withdraw_transfer(user: User, request: TransferRequest) -> bool:
    return request.employee.user_id == user.pk and request.is_open


def can_view_rotations(user: User) -> bool:
    return is_bkpsdm_admin(user) or is_auditor(user)


def rotation_plans_visible_to(user: User) -> QuerySet[RotationPlan]:
    if can_view_rotations(user):
        return RotationPlan.objects.all()
    return RotationPlan.objects.none()


def can_manage_rotation(user: User) -> bool:
    return is_bkpsdm_admin(user)
