"""The org chart page (bagan organisasi): a unit with two levels of sub-units as boxes, each with
its head and headcount. It opens on the viewer's scope; a unit outside it is a 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from abdi.employees.selectors import orgchart as chart


def org_chart(request):
    raw = request.GET.get("unit", "")
    if raw:
        if not raw.isdigit():
            raise Http404
        unit = get_object_or_404(chart.chart_units_visible_to(request.user), pk=int(raw))
    else:
        unit = chart.default_chart_unit(request.user)
    root = chart.org_chart(unit, on=timezone.localdate()) if unit is not None else None
    return render(
        request,
        "employees/org_chart.html",
        {
            "root": root,
            "ancestors": chart.chart_ancestors(unit, request.user) if unit is not None else [],
        },
    )
