"""IP ASN pages: a unit's index (leaders, BKPSDM), an employee's breakdown (whoever sees the
employee), and the recompute request (BKPSDM admins)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abdi.core.services import require, today
from abdi.employees.permissions import own_employee
from abdi.insights import services
from abdi.insights.choices import RunKind, RunStatus
from abdi.insights.models import IpAsnScore, SnapshotRun
from abdi.insights.permissions import (
    can_recompute,
    ip_asn_employee_or_404,
)
from abdi.insights.selectors import ip_asn as sel
from abdi.insights.views.common import ancestors, chosen_unit, chosen_year, require_insights


def unit_ip_asn(request):
    require_insights(request.user)
    unit = chosen_unit(request)
    years = sel.years_with_scores()
    year = chosen_year(request, years, today().year)
    # The unit is in the viewer's leadership scope (chosen_unit), so its subtree is theirs.
    data = sel.unit_ip_asn(IpAsnScore.objects.all(), unit, year) if unit else None
    chart = None
    if data and data.count:
        chart = {
            "distribution": {
                "type": "bar",
                "labels": [label for _c, label, _n in data.distribution],
                "datasets": [{"label": _("Pegawai"), "data": [n for *_x, n in data.distribution]}],
            },
            "trend": {
                "type": "line",
                "labels": [str(y) for y, _m in data.trend],
                "datasets": [
                    {"label": _("Rata-rata IP ASN"), "data": [float(m) for _y, m in data.trend]}
                ],
            },
        }
    runs = (
        SnapshotRun.objects.filter(kind=RunKind.IP_ASN).order_by("-created_at")[:3]
        if can_recompute(request.user)
        else []
    )
    return render(
        request,
        "insights/ip_asn/unit.html",
        {
            "unit": unit,
            "year": year,
            "years": years,
            "data": data,
            "chart": chart,
            "ancestors": ancestors(unit, request.user) if unit else [],
            "can_recompute": can_recompute(request.user),
            "runs": runs,
            "this_year": today().year,
            "running": RunStatus.RUNNING,
        },
    )


def employee_ip_asn(request, nip: str):
    employee = ip_asn_employee_or_404(request.user, nip)
    raw = request.GET.get("year", "")
    data = sel.employee_ip_asn(employee, int(raw) if raw.isdigit() else None)
    return render(
        request,
        "insights/ip_asn/employee.html",
        {"data": data, "employee": employee, "own": employee.user_id == request.user.pk},
    )


def my_ip_asn(request):
    me = own_employee(request.user)
    if me is None:
        return render(request, "insights/ip_asn/no_record.html")
    return redirect("insights:employee_ip_asn", nip=me.nip)


@require_POST
def ip_asn_recompute(request):
    require(can_recompute(request.user))
    raw = request.POST.get("year", "")
    try:
        services.ip_asn_request(actor=request.user, year=int(raw) if raw.isdigit() else 0)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Perhitungan IP ASN tahun %(year)s dijadwalkan; hasilnya muncul setelah selesai.")
            % {"year": raw},
        )
    return redirect("insights:ip_asn")
