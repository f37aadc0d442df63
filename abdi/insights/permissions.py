"""Who may see the insights. The leadership pages (dashboard, IP ASN of units, reports) are for
BKPSDM admins, pimpinan and the auditor (read-only, agency-wide); a leader scoped to an OPD sees that OPD's subtree. An employee's own
IP ASN is seen by whoever sees the employee (`employees_visible_to`). Out of scope → 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from abdi.accounts.models import User
from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.employees.models import Employee
from abdi.employees.permissions import employees_visible_to
from abdi.insights.models import IpAsnScore
from abdi.org.models import OrgUnit


def insight_paths(user: User) -> tuple[str, ...] | None:
    """None: the whole agency; otherwise the unit subtrees the user's leadership covers
    (empty when the user may not see the leadership pages)."""
    if not getattr(user, "is_authenticated", False):
        return ()
    if is_bkpsdm_admin(user) or is_auditor(user):
        return None
    scope = role_scope(user)
    if not scope.has(Role.LEADER):
        return ()
    return scope.paths_for(Role.LEADER)


def can_view_insights(user: User) -> bool:
    paths = insight_paths(user)
    return paths is None or bool(paths)


def can_recompute(user: User) -> bool:
    return is_bkpsdm_admin(user)


def insight_units_visible_to(user: User) -> QuerySet[OrgUnit]:
    paths = insight_paths(user)
    if paths is None:
        return OrgUnit.objects.all()
    condition = Q(pk__in=[])
    for p in paths:
        condition |= Q(path__startswith=p)
    return OrgUnit.objects.filter(condition)


def insight_unit_or_404(user: User, pk: int) -> OrgUnit:
    unit = insight_units_visible_to(user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def default_unit(user: User) -> OrgUnit | None:
    """The top unit the user's leadership covers: the agency root or the leader's OPD."""
    return insight_units_visible_to(user).order_by("depth", "path").first()


def ip_asn_scores_visible_to(user: User) -> QuerySet[IpAsnScore]:
    """The scores of the employees the user sees (an employee: their own)."""
    return IpAsnScore.objects.filter(employee__in=employees_visible_to(user))


def ip_asn_employee_or_404(user: User, nip: str) -> Employee:
    employee = (
        employees_visible_to(user)
        .filter(nip=nip)
        .select_related("org_unit", "position", "education_level")
        .first()
    )
    if employee is None:
        raise Http404
    return employee


def can_view_merit(user: User) -> bool:
    """The agency's merit self-assessment: BKPSDM admins, auditors and pimpinan."""

    return is_bkpsdm_admin(user) or is_auditor(user) or role_scope(user).has(Role.LEADER)


def can_manage_merit(user: User) -> bool:
    return is_bkpsdm_admin(user)


def can_verify_merit(user: User) -> bool:
    """The verifier: an auditor (inspectorate), not the BKPSDM team that filled it in."""

    return is_auditor(user)
