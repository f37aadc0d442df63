"""What the insights pages share: the unit and year chosen in the query string."""

from __future__ import annotations

from abdi.core.services import require
from abdi.insights.permissions import (
    can_view_insights,
    default_unit,
    insight_unit_or_404,
    insight_units_visible_to,
)


def require_insights(user) -> None:
    require(can_view_insights(user))


def chosen_unit(request):
    """The `unit` of the query string (404 outside the viewer's scope), else the top unit the
    viewer covers."""
    raw = request.GET.get("unit", "")
    if raw.isdigit():
        return insight_unit_or_404(request.user, int(raw))
    return default_unit(request.user)


def chosen_year(request, years: list[int], fallback: int) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0] if years else fallback


def ancestors(unit, user) -> list:
    """The unit's ancestors the viewer may open (for the breadcrumb)."""

    paths = [unit.path[:n] for n in range(unit.steplen, len(unit.path), unit.steplen)]
    return list(insight_units_visible_to(user).filter(path__in=paths).order_by("depth"))
