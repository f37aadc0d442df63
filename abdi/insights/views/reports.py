"""Standard personnel reports: DUK, bezetting, nominative list — page, XLSX, PDF — scoped by
unit (BKPSDM admins, pimpinan and operators over their units)."""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from abdi.core.exports import XLSX_CONTENT_TYPE
from abdi.core.services import require
from abdi.insights.choices import ReportKind, RunStatus
from abdi.insights.models import ReportExport
from abdi.insights.selectors import reports as sel
from abdi.insights.services import reports as services

PDF_MAX_ROWS = 1000


def _require(request) -> None:
    require(sel.can_view_reports(request.user))


def _kind(kind: str) -> str:
    if kind not in ReportKind.values:
        raise Http404
    return kind


def _unit(request):
    units = sel.report_units(request.user)
    raw = request.GET.get("unit") or request.POST.get("unit") or ""
    if raw:
        if not raw.isdigit():
            raise Http404
        return get_object_or_404(units, pk=raw)
    return units.order_by("depth", "path").first()


def _columns(request) -> list[str]:
    return [c for c in request.GET.getlist("col") or request.POST.getlist("col") if c]


def _units_for_select(request, unit):
    """The chosen unit's path and children, not every unit (an agency has ~2,000)."""
    units = sel.report_units(request.user)
    paths = [unit.path[:n] for n in range(unit.steplen, len(unit.path) + 1, unit.steplen)]
    near = units.filter(path__in=paths) | units.filter(
        path__startswith=unit.path, depth=unit.depth + 1
    )
    return near.order_by("path")


def reports_home(request):
    _require(request)
    unit = _unit(request)
    return render(request, "insights/reports/home.html", {"unit": unit, "kinds": ReportKind})


def report_page(request, kind: str):
    _require(request)
    kind = _kind(kind)
    unit = _unit(request)
    columns = services.validate_columns(
        kind, [c for c in _columns(request) if c in sel.COLUMNS_BY_KEY]
    )
    headers, qs, row = services.report_table(kind, request.user, unit, columns)
    page = Paginator(qs, settings.ABDI_LIST_PAGE_SIZE * 2).get_page(request.GET.get("page"))
    start = page.start_index()
    rows = [row(obj, start + i) for i, obj in enumerate(page.object_list)]
    context = {
        "kind": kind,
        "title": ReportKind(kind).label,
        "unit": unit,
        "units": _units_for_select(request, unit),
        "headers": headers,
        "rows": rows,
        "page": page,
        "columns": columns,
        "all_columns": sel.EMPLOYEE_COLUMNS,
        "sync_limit": services.sync_limit(),
        "exports": ReportExport.objects.filter(requested_by=request.user, kind=kind)[:5],
    }
    if kind == ReportKind.BEZETTING:
        context["totals"] = sel.bezetting_totals(unit)
    return render(request, "insights/reports/report.html", context)


@require_POST
def report_export(request, kind: str):
    _require(request)
    kind = _kind(kind)
    unit = _unit(request)
    columns = _columns(request)
    try:
        columns = services.validate_columns(kind, columns)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("insights:report", kind=kind)
    headers, qs, row = services.report_table(kind, request.user, unit, columns)
    if qs.count() <= services.sync_limit():
        buffer = BytesIO()
        services.write_xlsx(
            buffer,
            str(ReportKind(kind).label),
            headers,
            (row(o, n) for n, o in enumerate(qs.iterator(chunk_size=2000), 1)),
        )
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{kind}-{unit.code}.xlsx"'
        return response
    export = services.report_export_request(
        actor=request.user, kind=kind, unit=unit, columns=columns
    )
    return redirect("insights:export_detail", pk=export.pk)


def report_pdf(request, kind: str):
    # local: weasyprint is heavy and only the PDF download needs it
    from weasyprint import HTML

    _require(request)
    kind = _kind(kind)
    unit = _unit(request)
    columns = services.validate_columns(
        kind, [c for c in _columns(request) if c in sel.COLUMNS_BY_KEY]
    )
    headers, qs, row = services.report_table(kind, request.user, unit, columns)
    total = qs.count()
    rows = [row(obj, n) for n, obj in enumerate(qs[:PDF_MAX_ROWS], start=1)]
    html = render_to_string(
        "insights/reports/pdf.html",
        {
            "title": ReportKind(kind).label,
            "unit": unit,
            "headers": headers,
            "rows": rows,
            "total": total,
            "cut": total > PDF_MAX_ROWS,
            "printed_at": timezone.now(),
            "landscape": len(headers) > 7,
        },
        request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{kind}-{unit.code}.pdf"'
    return response


def _own_export(request, pk: int) -> ReportExport:
    return get_object_or_404(
        ReportExport.objects.select_related("org_unit"), pk=pk, requested_by=request.user
    )


def export_detail(request, pk: int):
    export = _own_export(request, pk)
    running = export.status in (RunStatus.QUEUED, RunStatus.RUNNING)
    template = (
        "insights/reports/_export_progress.html"
        if request.headers.get("HX-Request")
        else "insights/reports/export.html"
    )
    return render(request, template, {"export": export, "running": running})


def export_download(request, pk: int):
    export = _own_export(request, pk)
    if export.status != RunStatus.DONE or not export.file:
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.file.name.rsplit("/", 1)[-1],
        content_type=XLSX_CONTENT_TYPE,
    )
