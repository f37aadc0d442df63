"""Who may see and do what in a merit selection.

- BKPSDM admins run selections (create, panel, administrative results, objections, ranking,
  appointment: the PPK's pick is recorded by BKPSDM); auditors read everything.
- A panel member (a PanelMember row of the selection, role `selection_panel`) sees that
  selection and its applicants, declares conflicts and scores — nothing of other selections.
- An employee sees announced selections, their own applications, and their own scores only once
  the results are announced.
- Everyone, without login, sees the public page: open selections and announced results.
Out of scope → 404; a forbidden action on a visible object → 403."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from abdi.accounts.models import User
from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin
from abdi.careers.models.selection import (
    Application,
    ApplicationState,
    ConflictDeclaration,
    PanelMember,
    Selection,
    SelectionStage,
    SelectionState,
)
from abdi.employees.permissions import own_employee

PUBLIC_STATES = (
    SelectionState.OPEN,
    SelectionState.SCREENING,
    SelectionState.SCORING,
    SelectionState.RANKED,
    SelectionState.DECIDED,
)


def can_manage_selections(user: User) -> bool:
    return is_bkpsdm_admin(user)


def reads_all_selections(user: User) -> bool:
    return is_bkpsdm_admin(user) or is_auditor(user)


def panel_selection_ids(user: User) -> set[int]:
    """The selections the user sits on as panel member (cached on the user per request)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_abdi_panel_selections", None)
    if cached is None:
        cached = set(PanelMember.objects.filter(user=user).values_list("selection_id", flat=True))
        user._abdi_panel_selections = cached
    return cached


def is_panel_member(user: User, selection: Selection) -> bool:
    return selection.pk in panel_selection_ids(user)


def selections_visible_to(user: User) -> QuerySet[Selection]:
    qs = Selection.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if reads_all_selections(user):
        return qs
    condition = Q(state__in=PUBLIC_STATES) | Q(pk__in=panel_selection_ids(user))
    return qs.filter(condition)


def public_selections() -> QuerySet[Selection]:
    """Open selections and announced results, for everyone without login."""
    return Selection.objects.filter(state__in=PUBLIC_STATES)


def applications_visible_to(user: User) -> QuerySet[Application]:
    qs = Application.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if reads_all_selections(user):
        return qs
    condition = Q(selection_id__in=panel_selection_ids(user)) & ~Q(state=ApplicationState.WITHDRAWN)
    me = own_employee(user)
    if me is not None:
        condition |= Q(employee_id=me.pk)
    return qs.filter(condition)


def is_own_application(user: User, application: Application) -> bool:
    me = own_employee(user)
    return me is not None and application.employee_id == me.pk


def can_apply(user: User) -> bool:
    return own_employee(user) is not None


def can_withdraw_application(user: User, application: Application) -> bool:
    return is_own_application(user, application)


def can_object(user: User, application: Application) -> bool:
    return is_own_application(user, application) or can_manage_selections(user)


def can_see_documents(user: User, application: Application) -> bool:
    return (
        reads_all_selections(user)
        or is_own_application(user, application)
        or is_panel_member(user, application.selection)
    )


def can_see_own_scores(user: User, application: Application) -> bool:
    """The applicant sees the scores once the results are announced."""
    return (
        is_own_application(user, application)
        and application.selection.state == SelectionState.DECIDED
    )


def member_for(user: User, selection: Selection) -> PanelMember | None:
    if not is_panel_member(user, selection):
        return None
    return PanelMember.objects.filter(selection=selection, user=user).first()


def has_conflict(member: PanelMember, application: Application) -> bool:
    return ConflictDeclaration.objects.filter(member=member, application=application).exists()


def can_score(user: User, application: Application, stage: SelectionStage) -> bool:
    member = member_for(user, application.selection)
    return (
        member is not None
        and stage.is_panel_scored
        and application.selection.state == SelectionState.SCORING
        and application.state == ApplicationState.ADMIN_PASSED
        and not has_conflict(member, application)
    )


def can_view_ranking(user: User, selection: Selection) -> bool:
    return reads_all_selections(user) or is_panel_member(user, selection)
