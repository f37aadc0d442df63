"""A unit's public-service composite: each component, its weight and the data behind it."""

from __future__ import annotations

from django.shortcuts import render

from abdi.core.services import require, today
from abdi.insights.selectors import service_score as sel


def service_score(request, pk: int):
    require(sel.service_units_visible_to(request.user).exists())
    unit = sel.service_unit_or_404(request.user, pk)
    this_year = today().year
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year else this_year
    result = sel.service_score(unit, year)
    return render(
        request,
        "insights/service_score.html",
        {
            "unit": unit,
            "year": year,
            "result": result,
            "years": range(this_year, this_year - 4, -1),
        },
    )
