"""The leadership dashboard (pimpinan, BKPSDM admins; a leader scoped to an OPD sees the OPD):
one page of charts from a snapshot, its XLSX and its printable PDF, and the recount request."""

from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from abdi.core.exports import XLSX_CONTENT_TYPE, append_xlsx
from abdi.core.services import require, today
from abdi.insights.choices import RunKind
from abdi.insights.models import SnapshotRun
from abdi.insights.permissions import can_recompute
from abdi.insights.selectors import dashboard as sel
from abdi.insights.services.dashboard import dashboard_request
from abdi.insights.views.common import ancestors, chosen_unit, chosen_year, require_insights


def _board(request):
    require_insights(request.user)
    unit = chosen_unit(request)
    years = sel.snapshot_years(unit) if unit else []
    year = chosen_year(request, years, today().year)
    snapshot = sel.snapshot_for(unit, year) if unit and years else None
    return unit, years, year, (sel.build(snapshot) if snapshot else None)


def dashboard(request):
    unit, years, year, board = _board(request)
    charts = {}
    if board:
        charts = {f"chart-{s.key}": s.chart for s in board.sections if s.chart}
    return render(
        request,
        "insights/dashboard/page.html",
        {
            "unit": unit,
            "years": years,
            "year": year,
            "board": board,
            "charts": charts,
            "ancestors": ancestors(unit, request.user) if unit else [],
            "can_recompute": can_recompute(request.user),
            "runs": SnapshotRun.objects.filter(kind=RunKind.DASHBOARD).order_by("-created_at")[:3]
            if can_recompute(request.user)
            else [],
            "this_year": today().year,
        },
    )


def _filename(board, ext: str) -> str:
    code = "".join(ch for ch in board.unit.code if ch.isalnum() or ch in "-_") or "unit"
    return f"dasbor-pimpinan-{code}-{board.year}.{ext}"


def dashboard_xlsx(request):
    unit, _years, _year, board = _board(request)
    if board is None:
        messages.info(request, _("Belum ada angka untuk diunduh."))
        return redirect("insights:dashboard")
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Ringkasan"))
    append_xlsx(summary, [_("Dasbor pimpinan"), board.unit.name, board.year])
    append_xlsx(
        summary,
        [_("Dihitung pada"), timezone.localtime(board.computed_at).strftime("%d-%m-%Y %H:%M")],
    )
    summary.append([])
    for label, value, _link in board.kpis:
        append_xlsx(summary, [label, value])
    used = set()
    for section in board.sections:
        title = section.title[:28]
        while title in used:
            title = title[:26] + "_"
        used.add(title)
        sheet = workbook.create_sheet(title.replace("/", "-"))
        append_xlsx(sheet, [section.title])
        append_xlsx(sheet, section.headers)
        for row in section.rows:
            append_xlsx(sheet, [row.label, *row.values])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(board, "xlsx")}"'
    return response


def dashboard_pdf(request):
    # local: weasyprint is heavy and only the PDF download needs it
    from weasyprint import HTML

    unit, _years, _year, board = _board(request)
    if board is None:
        messages.info(request, _("Belum ada angka untuk dicetak."))
        return redirect("insights:dashboard")
    html = render_to_string(
        "insights/dashboard/pdf.html", {"board": board, "printed_at": timezone.now()}, request
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(board, "pdf")}"'
    return response


@require_POST
def dashboard_recount(request):
    require(can_recompute(request.user))
    raw = request.POST.get("year", "")
    try:
        dashboard_request(actor=request.user, year=int(raw) if raw.isdigit() else 0)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Penghitungan dasbor tahun %(year)s dijadwalkan; angka baru muncul setelah selesai.")
            % {"year": raw},
        )
    return redirect("insights:dashboard")
