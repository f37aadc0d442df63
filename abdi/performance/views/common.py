"""Helpers the SKP pages share: the SKP in the user's scope or a 404, the checks the templates
need, the periods in time order, and the redirect back to an SKP."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from abdi.performance import permissions as perms
from abdi.performance.choices import SKPStatus
from abdi.performance.models.planning import SKP
from abdi.performance.models.years import PerformancePeriod, PerformanceYear
from abdi.performance.selectors import planning as planning_selectors

EDITABLE_STATUSES = (SKPStatus.DRAFT, SKPStatus.RETURNED)


# ---------------------------------------------------------------- helpers


SKP_RELATED = (
    "employee",
    "performance_year",
    "org_unit",
    "position",
    "appraiser",
    "appraiser_superior",
)


def visible_skps(user):
    return perms.skps_visible_to(user).select_related(*SKP_RELATED)


def owner_first_or_404(
    user, pk: int, shape: Callable[[QuerySet[SKP]], QuerySet[SKP]] = lambda qs: qs
) -> SKP:
    """The SKP if the user may see it, else 404. The owner first: one query among the user's own
    SKPs (always visible to them) before the scope (roles, positions below mine), which an
    employee opening their own SKP never needs; anyone else goes through the scope. `shape`
    adds the joins and prefetches of the page to either query."""
    if getattr(user, "is_authenticated", False) and user.pk is not None:
        own = shape(SKP.objects.filter(employee__user_id=user.pk)).filter(pk=pk).first()
        if own is not None:
            return own
    return get_object_or_404(shape(perms.skps_visible_to(user)), pk=pk)


def skp_or_404(request, pk: int) -> SKP:
    return owner_first_or_404(request.user, pk, lambda qs: qs.select_related(*SKP_RELATED))


def editable_by(user, skp: SKP) -> bool:
    return skp.status in EDITABLE_STATUSES and perms.can_edit_skp(user, skp)


def require_edit(user, skp: SKP) -> None:
    if not editable_by(user, skp):
        raise PermissionDenied(_("SKP ini tidak dapat Anda ubah."))


def revisable_by(user, skp: SKP) -> bool:
    if not perms.can_revise_skp(user, skp):
        return False
    return not planning_selectors.has_open_version(skp)


def ordered_periods(year: PerformanceYear) -> list[PerformancePeriod]:
    """The periodic periods in time order, the annual one last."""
    return sorted(year.periods.all(), key=lambda p: (p.kind == "year", p.start, p.end))


def to_detail(skp: SKP, anchor: str = ""):
    url = reverse("performance:skp_detail", args=[skp.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)
