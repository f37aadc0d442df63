"""Who may see and change development plans, and who reads the training-needs analysis.

- A plan is seen by whoever sees its employee (`learners_visible_to`: the employee, superiors,
  operators and pimpinan in scope, agency-wide roles); outside that it is a 404.
- The employee and any superior (the position tree, acting included) change its items; the
  employee submits; a superior agrees or returns. Everyone else who sees it reads only.
- The training-needs analysis: BKPSDM admins for every unit, pimpinan for the units in their
  scope (read-only, export included). See docs/decisions/0035 and 0036."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from abdi.accounts.models import User
from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.competency.permissions import can_view_heatmaps, can_view_unit_heatmap
from abdi.employees.permissions import own_employee
from abdi.learning.models import DevelopmentPlan, DevelopmentPlanItem
from abdi.learning.permissions.common import below_position_ids, is_superior_of, learners_visible_to
from abdi.org.models import OrgUnit


def plans_visible_to(user: User) -> QuerySet[DevelopmentPlan]:
    return DevelopmentPlan.objects.filter(employee__in=learners_visible_to(user))


def plan_or_404(user: User, pk: int) -> DevelopmentPlan:
    return get_object_or_404(
        plans_visible_to(user).select_related(
            "employee__position", "employee__org_unit", "supervisor", "agreed_by"
        ),
        pk=pk,
    )


def plan_item_or_404(user: User, pk: int) -> DevelopmentPlanItem:
    return get_object_or_404(
        DevelopmentPlanItem.objects.filter(plan__in=plans_visible_to(user)).select_related(
            "plan__employee", "competency", "programme"
        ),
        pk=pk,
    )


def is_plan_owner(user: User, plan: DevelopmentPlan) -> bool:
    me = own_employee(user)
    return me is not None and plan.employee_id == me.pk


def is_plan_superior(user: User, plan: DevelopmentPlan) -> bool:
    return getattr(user, "is_authenticated", False) and is_superior_of(user, plan.employee)


def can_edit_plan(user: User, plan: DevelopmentPlan) -> bool:
    """The employee and the superiors work on the plan (the state rules are the services')."""
    return is_plan_owner(user, plan) or is_plan_superior(user, plan)


def can_submit_plan(user: User, plan: DevelopmentPlan) -> bool:
    return is_plan_owner(user, plan)


def can_decide_plan(user: User, plan: DevelopmentPlan) -> bool:
    """Agree or return: a superior of the employee, never the employee."""
    return is_plan_superior(user, plan) and not is_plan_owner(user, plan)


def can_view_team_plans(user: User) -> bool:
    return own_employee(user) is not None and bool(below_position_ids(user))


def can_view_tna(user: User) -> bool:
    return can_view_heatmaps(user)


def tna_paths(user: User) -> tuple[str, ...] | None:
    """The subtrees whose training needs the user reads: None for a BKPSDM admin (every unit),
    else the units where they are pimpinan. The auditor reads them all."""
    if is_bkpsdm_admin(user) or is_auditor(user):
        return None
    return role_scope(user).paths_for(Role.LEADER)


def can_view_unit_tna(user: User, unit: OrgUnit) -> bool:
    return can_view_unit_heatmap(user, unit)


def tna_defaults_to_agency(user: User) -> bool:
    return is_bkpsdm_admin(user)
