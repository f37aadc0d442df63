"""Who may see or do what in the public-voice module.

Complaints: the coordinator (agency-wide) sees and works every complaint; a liaison sees the
complaints dispatched to a unit in their subtree and answers them; a BKPSDM admin reads all of
them; an auditor (inspektorat) reads all of them but never acts, and never sees the reporter's
identity or contact. The reporter's identity of a confidential complaint stays with the
coordinator. A complaint outside a user's scope is a 404 to that user.

Service catalogue: a service admin keeps the services of the units in their subtree; a BKPSDM
admin keeps all of them; an auditor reads all of them.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from abdi.accounts.models import User
from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.feedback.choices import ComplaintAction as A
from abdi.feedback.models import Complaint, PublicService, SatisfactionSurvey
from abdi.org.models import OrgUnit


def subtree_q(paths: tuple[str, ...], prefix: str) -> Q:
    return reduce(or_, (Q(**{f"{prefix}__startswith": p}) for p in paths), Q(pk__in=[]))


def _in_paths(unit: OrgUnit, paths: tuple[str, ...] | None) -> bool:
    return paths is None or any(unit.path.startswith(p) for p in paths)


# --- complaints -----------------------------------------------------------------------------


def is_complaint_coordinator(user: User) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or Role.COMPLAINT_COORDINATOR in role_scope(user).agency_wide


def liaison_paths(user: User) -> tuple[str, ...] | None:
    """None = every unit (an agency-wide liaison); () = none."""
    if not getattr(user, "is_authenticated", False):
        return ()
    return role_scope(user).paths_for(Role.COMPLAINT_LIAISON)


def can_use_complaint_inbox(user: User) -> bool:
    return (
        is_complaint_coordinator(user)
        or is_bkpsdm_admin(user)
        or is_auditor(user)
        or role_scope(user).has(Role.COMPLAINT_LIAISON)
    )


def complaints_visible_to(user: User) -> QuerySet[Complaint]:
    qs = Complaint.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_complaint_coordinator(user) or is_bkpsdm_admin(user) or is_auditor(user):
        return qs
    paths = liaison_paths(user)
    if paths is None:
        return qs.filter(dispatched_unit__isnull=False)
    if not paths:
        return qs.none()
    return qs.filter(subtree_q(paths, "dispatched_unit__path"))


def inbox_paths(user: User) -> tuple[str, ...] | None:
    """The subtrees whose complaints the inbox shows the user (None: every unit), for the inbox's
    unit picker: the same answer as complaints_visible_to."""
    if not getattr(user, "is_authenticated", False):
        return ()
    if is_complaint_coordinator(user) or is_bkpsdm_admin(user) or is_auditor(user):
        return None
    paths = liaison_paths(user)
    return None if paths is None else tuple(paths)


def is_liaison_for(user: User, complaint: Complaint) -> bool:
    unit = complaint.dispatched_unit
    return unit is not None and bool(
        role_scope(user).has(Role.COMPLAINT_LIAISON) and _in_paths(unit, liaison_paths(user))
    )


# Actions of the coordinator only; the others are shared with the liaison of the unit.
COORDINATOR_ACTIONS = frozenset(
    {A.VERIFY, A.POSTPONE, A.NOT_AUTHORITY, A.ARCHIVE, A.DISPATCH, A.CLOSE, A.LINK_EMPLOYEE}
)
HANDLER_ACTIONS = frozenset({A.RESPOND, A.NOTE})


def can_act_on_complaint(user: User, complaint: Complaint, action: str) -> bool:
    """May the user take this handling action (regardless of the complaint's status)?"""
    if action in COORDINATOR_ACTIONS:
        return is_complaint_coordinator(user)
    if action in HANDLER_ACTIONS:
        return is_complaint_coordinator(user) or is_liaison_for(user, complaint)
    return False


def can_see_reporter(user: User, complaint: Complaint) -> bool:
    """Name and contact of the reporter: the coordinator always; others who handle or oversee
    complaints only when the complaint is not confidential. An auditor never: auditing how a
    complaint was handled needs the complaint and its trail, not who the citizen is, and a
    reporter who fears retaliation must not be exposed to one more reader. (Anonymous
    complaints store no identity at all.)"""
    if is_complaint_coordinator(user):
        return True
    if is_auditor(user) and not (is_bkpsdm_admin(user) or is_liaison_for(user, complaint)):
        return False
    return not complaint.is_confidential


def can_view_scorecard(user: User) -> bool:
    return (
        is_bkpsdm_admin(user)
        or is_auditor(user)
        or is_complaint_coordinator(user)
        or role_scope(user).has(Role.LEADER)
    )


def scorecard_paths(user: User) -> tuple[str, ...] | None:
    """None = all units; otherwise the subtrees of a unit-scoped leader."""
    if is_bkpsdm_admin(user) or is_auditor(user) or is_complaint_coordinator(user):
        return None
    return role_scope(user).paths_for(Role.LEADER)


def can_import_complaints(user: User) -> bool:
    return is_complaint_coordinator(user)


# --- service catalogue ------------------------------------------------------------------------


def service_admin_paths(user: User) -> tuple[str, ...] | None:
    if not getattr(user, "is_authenticated", False):
        return ()
    if is_bkpsdm_admin(user):
        return None
    return role_scope(user).paths_for(Role.SERVICE_ADMIN)


def can_manage_services(user: User) -> bool:
    paths = service_admin_paths(user)
    return paths is None or bool(paths)


def can_view_services(user: User) -> bool:
    """The catalogue page: those who keep services, and the auditor who reads them all."""
    return can_manage_services(user) or is_auditor(user)


def services_visible_to(user: User) -> QuerySet[PublicService]:
    if is_auditor(user):
        return PublicService.objects.all()
    return services_manageable_by(user)


def services_manageable_by(user: User) -> QuerySet[PublicService]:
    qs = PublicService.objects.all()
    paths = service_admin_paths(user)
    if paths is None:
        return qs
    return qs.filter(subtree_q(paths, "org_unit__path")) if paths else qs.none()


def service_units_for(user: User) -> QuerySet[OrgUnit]:
    """Active units a user may put services in."""
    qs = OrgUnit.objects.filter(is_active=True)
    paths = service_admin_paths(user)
    if paths is None:
        return qs
    return qs.filter(subtree_q(paths, "path")) if paths else qs.none()


def can_manage_service_unit(user: User, unit: OrgUnit) -> bool:
    paths = service_admin_paths(user)
    return paths is None or (bool(paths) and _in_paths(unit, paths))


# --- satisfaction surveys (IKM) -------------------------------------------------------------
# A service admin runs the surveys of the services in their subtree; a BKPSDM admin all of them;
# a leader (pimpinan) reads the results in their scope. Out of scope: 404.


def survey_reader_paths(user: User) -> tuple[str, ...] | None:
    """None = every unit; () = none."""
    if not getattr(user, "is_authenticated", False):
        return ()
    if is_bkpsdm_admin(user) or is_auditor(user):
        return None
    return role_scope(user).paths_for(Role.SERVICE_ADMIN, Role.LEADER)


def can_view_surveys(user: User) -> bool:
    paths = survey_reader_paths(user)
    return paths is None or bool(paths)


def surveys_visible_to(user: User) -> QuerySet[SatisfactionSurvey]:
    qs = SatisfactionSurvey.objects.all()
    paths = survey_reader_paths(user)
    if paths is None:
        return qs
    return qs.filter(subtree_q(paths, "service__org_unit__path")) if paths else qs.none()


def can_create_surveys(user: User) -> bool:
    return can_manage_services(user)


def can_manage_survey(user: User, survey: SatisfactionSurvey) -> bool:
    """Edit, open/close, enter paper questionnaires: the service admin of the unit or BKPSDM."""
    return can_manage_service_unit(user, survey.service.org_unit)


def can_exclude_survey_answers(user: User, survey: SatisfactionSurvey) -> bool:
    """Leave a burst of answers out of the IKM: BKPSDM only (the unit's own admin could otherwise
    drop the answers it dislikes)."""
    return is_bkpsdm_admin(user)
