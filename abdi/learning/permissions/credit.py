"""Who may see and do what with certificates, the JP ledger, external certificates and the
confirmation of completions. Out of scope → 404 (the helpers return querysets for that); a
visible record the user may not act on → 403.

- A certificate (PDF) and an external certificate's file: the employee, their superiors (the
  position tree, acting included) and BKPSDM admins — documents with personal data.
- The JP ledger of an employee: whoever sees the employee (`learners_visible_to`).
- The JP dashboard: BKPSDM admins, leaders and operators over their units, supervisors over
  their team.
- Revoking a certificate, verifying an external certificate: BKPSDM admins.
- Confirming a completion (competency raise): the employee's superior only."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from abdi.accounts.models import User
from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.employees.models import Employee
from abdi.employees.permissions import in_unit_subtrees, own_employee
from abdi.learning.choices import RegistrationStatus
from abdi.learning.models import Certificate, Enrolment, ExternalCertificate, Registration
from abdi.learning.permissions.common import below_position_ids, is_superior_of, learners_visible_to
from abdi.org.models import OrgUnit


def _owner_or_superior_q(user: User, prefix: str = "employee__") -> Q:
    """Rows of the user's own employee record or of employees below the user's positions."""
    condition = Q(**{f"{prefix}user_id": user.pk})
    below = below_position_ids(user)
    if below:
        condition |= Q(**{f"{prefix}position_id__in": below})
    return condition


def can_see_credit_documents(user: User, employee: Employee) -> bool:
    """Certificates and uploaded files: the employee, their superiors, BKPSDM admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        is_bkpsdm_admin(user)
        or (employee.user_id is not None and employee.user_id == user.pk)
        or is_superior_of(user, employee)
    )


def certificates_visible_to(user: User) -> QuerySet[Certificate]:
    qs = Certificate.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_bkpsdm_admin(user):
        return qs
    return qs.filter(_owner_or_superior_q(user))


def can_revoke_certificate(user: User) -> bool:
    return is_bkpsdm_admin(user)


def externals_visible_to(user: User) -> QuerySet[ExternalCertificate]:
    qs = ExternalCertificate.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_bkpsdm_admin(user):
        return qs
    return qs.filter(_owner_or_superior_q(user))


def can_decide_external(user: User) -> bool:
    return is_bkpsdm_admin(user)


def can_submit_external(user: User) -> bool:
    return own_employee(user) is not None


def jp_employee_or_404(user: User, nip: str) -> Employee:
    """The employee whose JP ledger the user may see, or 404."""
    return get_object_or_404(
        learners_visible_to(user).select_related("org_unit", "position"), nip=nip
    )


# --- the JP dashboard -----------------------------------------------------------------------


def can_view_jp_dashboard(user: User) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if is_bkpsdm_admin(user) or is_auditor(user):
        return True
    if role_scope(user).has(Role.LEADER, Role.OPERATOR):
        return True
    return bool(below_position_ids(user))


def dashboard_paths(user: User) -> tuple[str, ...] | None:
    """The unit subtrees the dashboard covers: None = the whole agency; otherwise paths (the
    roles' units, and the supervisor's own unit for the team); an auditor reads the agency."""
    if is_bkpsdm_admin(user) or is_auditor(user):
        return None
    paths = role_scope(user).paths_for(Role.LEADER, Role.OPERATOR)
    if paths is None:
        return None
    result = list(paths)
    me = own_employee(user)
    if me is not None and below_position_ids(user):
        path = OrgUnit.objects.filter(pk=me.org_unit_id).values_list("path", flat=True).first()
        if path:
            result.append(path)
    return tuple(result)


def dashboard_employees(user: User) -> QuerySet[Employee]:
    """Whom the dashboard counts: active staff in the user's units (admins: everyone; leaders
    and operators: their subtrees; supervisors: the staff below their positions). The user's own
    record counts only where a role covers it."""
    qs = Employee.objects.filter(is_active=True)
    if is_bkpsdm_admin(user) or is_auditor(user):
        return qs
    paths = role_scope(user).paths_for(Role.LEADER, Role.OPERATOR)
    if paths is None:
        return qs
    condition = in_unit_subtrees(paths) if paths else Q(pk__in=[])
    below = below_position_ids(user)
    if below:
        condition |= Q(position_id__in=below)
    return qs.filter(condition)


# --- completions awaiting the supervisor's confirmation --------------------------------------


def team_registrations(user: User) -> QuerySet[Registration]:
    """Registrations of the employees below the user's positions (the rest is 404)."""
    below = below_position_ids(user)
    if not below:
        return Registration.objects.none()
    return Registration.objects.filter(employee__position_id__in=below)


def team_enrolments(user: User) -> QuerySet[Enrolment]:
    below = below_position_ids(user)
    if not below:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(employee__position_id__in=below)


def can_confirm_completions(user: User) -> bool:
    return bool(below_position_ids(user))


AWAITING_CONFIRMATION = Q(status=RegistrationStatus.COMPLETED, completion_confirmed_at__isnull=True)
