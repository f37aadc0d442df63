"""Live monitoring (team and unit), calibration with adjustments, rater consistency, the unit
recap as XLSX, and the SKP and evaluation documents as PDF.

Who: the team monitor — supervisors (their team), pimpinan (their scope) and BKPSDM admins; the
unit monitor — unit heads (their subtree), pimpinan and BKPSDM admins; calibration, the recap and
rater consistency — whoever `permissions.can_calibrate` allows for the unit (unit heads of the
chain, BKPSDM admins). Documents — whoever may see the SKP or the evaluation (the employee sees an
evaluation only once released). Out of scope is a 404, a forbidden page or action a 403."""

from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from abdi.accounts.permissions import is_bkpsdm_admin
from abdi.core.choices import Predikat
from abdi.core.errors import flash_errors
from abdi.core.exports import append_xlsx
from abdi.core.unit_evidence import unit_evidence
from abdi.employees.permissions import own_employee
from abdi.org.models import OrgUnit
from abdi.performance import documents
from abdi.performance.choices import EvaluationStatus
from abdi.performance.forms.evaluation import AdjustForm
from abdi.performance.forms.monitoring import MonitorUnitForm
from abdi.performance.permissions import (
    can_calibrate,
    evaluations_visible_to,
    skps_visible_to,
)
from abdi.performance.selectors import monitoring as monitoring_selectors
from abdi.performance.selectors import periods as periods_selectors
from abdi.performance.selectors import reference as reference_selectors
from abdi.performance.selectors import team as team_selectors
from abdi.performance.services import evaluation as evaluation_services

TEAM_PAGE_SIZE = 50
CALIBRATION_PAGE_SIZE = 100
# An OPD such as the education office has a thousand schools under it: a page of them at a time.
UNIT_MONITOR_PAGE_SIZE = 50


# ---------------------------------------------------------------- helpers


def _year_and_period(request, *, default_annual: bool = False):
    """The year (?year=) and period (?period=) asked for, else this year and its current period."""
    year_param = request.GET.get("year", "")
    return periods_selectors.year_and_period(
        int(year_param) if year_param.isdigit() else None,
        request.GET.get("period", ""),
        default_annual=default_annual,
    )


def _unit_param(request) -> OrgUnit | None:
    raw = request.GET.get("unit", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return get_object_or_404(OrgUnit, pk=int(raw))


def _calibration_target(request, unit: int, period: str):
    unit_obj = get_object_or_404(OrgUnit, pk=unit)
    period_obj = periods_selectors.period_with_year(period)
    if period_obj is None:
        raise Http404
    if not can_calibrate(request.user, unit_obj):
        raise PermissionDenied(_("Anda tidak berwenang mengkalibrasi unit ini."))
    return unit_obj, period_obj


def default_calibration_unit(user) -> OrgUnit | None:
    """The unit the calibration pages open on: for a BKPSDM admin the tree's first root, else
    the first unit the user heads; None when the user calibrates nothing."""
    if is_bkpsdm_admin(user):
        return OrgUnit.objects.filter(is_active=True).order_by("path").first()
    headed = team_selectors.headed_units(user)
    return headed[0] if headed else None


def _unit_form(user, scope: str, unit: OrgUnit | None) -> MonitorUnitForm:
    """The page's searchable unit picker, preselected with the unit shown."""
    return MonitorUnitForm(user=user, scope=scope, initial={"unit": unit.pk if unit else None})


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# ---------------------------------------------------------------- team monitor


def _team_context(request) -> dict:
    user = request.user
    if not team_selectors.can_monitor_team(user):
        raise PermissionDenied(_("Halaman ini untuk atasan, pimpinan, dan admin BKPSDM."))
    year, period = _year_and_period(request)
    unit = _unit_param(request)
    if unit is not None and not team_selectors.can_watch_unit(user, unit):
        raise Http404
    context = {
        "year": year,
        "period": period,
        "unit": unit,
        "unit_form": _unit_form(user, "monitor", unit)
        if team_selectors.watchable_units(user) != []
        else None,
        "years": periods_selectors.year_numbers(),
        "now": timezone.localtime(),
        "refresh_seconds": 30,
    }
    if year is None:
        context.update(rows=[], page_obj=None, periods=[])
        return context
    members = team_selectors.team_members(user, year=year, unit=unit)
    page = Paginator(members, TEAM_PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(
        rows=team_selectors.team_rows(
            list(page.object_list), year=year, period=period, viewer=own_employee(user)
        ),
        page_obj=page,
        periods=periods_selectors.period_choices(year),
        query=request.GET.urlencode(),
    )
    return context


@require_GET
def team_monitor(request):
    return render(request, "performance/monitoring/team.html", _team_context(request))


@require_GET
def team_monitor_partial(request):
    return render(request, "performance/monitoring/_team_table.html", _team_context(request))


# ---------------------------------------------------------------- unit monitor


@require_GET
def unit_monitor(request):
    user = request.user
    roots = team_selectors.watchable_units(user)
    if roots == []:
        raise PermissionDenied(_("Halaman ini untuk kepala unit, pimpinan, dan admin BKPSDM."))
    unit = _unit_param(request)
    if unit is None:
        unit = roots[0] if roots else OrgUnit.objects.get_root_nodes().order_by("path").first()
    elif not team_selectors.can_watch_unit(user, unit):
        raise PermissionDenied(_("Unit ini di luar cakupan Anda."))
    year, period = _year_and_period(request)
    if year is not None and unit is not None and not request.GET.get("period"):
        # Open on the latest period with evaluations, not on an empty current quarter.
        period = periods_selectors.latest_period_with_data(year, unit=unit) or period
    context = {
        "unit": unit,
        "unit_form": _unit_form(user, "monitor", unit),
        "year": year,
        "period": period,
        "years": periods_selectors.year_numbers(),
        "rows": [],
        "distribution": None,
    }
    if unit is not None and year is not None:
        rows = monitoring_selectors.unit_completion(unit=unit, year=year, period=period)
        page = Paginator(rows, UNIT_MONITOR_PAGE_SIZE).get_page(request.GET.get("page"))
        context["rows"], context["page_obj"] = page.object_list, page
        context["periods"] = periods_selectors.period_choices(year)
        if period is not None:
            distribution = monitoring_selectors.predikat_distribution(unit=unit, period=period)
            context["distribution"] = distribution
            context["chart_data"] = {
                "labels": [str(r["label"]) for r in distribution.rows],
                "counts": [r["count"] for r in distribution.rows],
                "label": str(_("Pegawai")),
            }
            context["can_calibrate"] = can_calibrate(user, unit)
    return render(request, "performance/monitoring/unit.html", context)


# ---------------------------------------------------------------- calibration


@require_GET
def calibration(request):
    user = request.user
    default_unit = default_calibration_unit(user)
    if default_unit is None:
        raise PermissionDenied(_("Kalibrasi dilakukan oleh kepala unit atau admin BKPSDM."))
    unit_id, code = request.GET.get("unit", ""), request.GET.get("period", "")
    if unit_id.isdigit() and code:
        target = "performance:raters" if request.GET.get("view") == "raters" else None
        if target:
            return redirect(f"{reverse(target)}?unit={unit_id}&period={code}")
        return redirect("performance:calibration_unit", unit=int(unit_id), period=code)
    years = periods_selectors.years_with_periods()
    return render(
        request,
        "performance/monitoring/calibration.html",
        {
            "unit_form": _unit_form(user, "calibration", default_unit),
            "years": years,
            "periods_by_year": [(y, periods_selectors.period_choices(y)) for y in years],
        },
    )


@require_GET
def calibration_unit(request, unit: int, period: str):
    unit_obj, period_obj = _calibration_target(request, unit, period)
    distribution = monitoring_selectors.predikat_distribution(unit=unit_obj, period=period_obj)
    evaluations = monitoring_selectors.calibration_evaluations(
        user=request.user, unit=unit_obj, period=period_obj
    )
    page = Paginator(evaluations, CALIBRATION_PAGE_SIZE).get_page(request.GET.get("page"))
    adjustable = (EvaluationStatus.DRAFT, EvaluationStatus.FINAL)
    return render(
        request,
        "performance/monitoring/calibration_unit.html",
        {
            "unit": unit_obj,
            "period": period_obj,
            "distribution": distribution,
            "org_predikat_label": monitoring_selectors.org_predikat_label(
                distribution.org_predikat.predikat
            )
            if distribution.org_predikat
            else "",
            "page_obj": page,
            "evaluations": page.object_list,
            "adjustable": adjustable,
            "predikat_choices": Predikat.choices,
            "here": request.get_full_path(),
            "rounding": reference_selectors.distribution_rounding(),
            # Evidence other apps offer for the unit's organisational predikat (e.g. the
            # public-service composite); recorded with the predikat by its provider.
            "unit_evidence": unit_evidence(unit_obj, period_obj.performance_year.year, None),
        },
    )


@require_POST
def evaluation_adjust(request, pk: int):
    evaluation = get_object_or_404(
        evaluations_visible_to(request.user).select_related("skp__org_unit", "period"), pk=pk
    )
    if not can_calibrate(request.user, evaluation.skp.org_unit):
        raise PermissionDenied(_("Anda tidak berwenang mengkalibrasi evaluasi ini."))
    fallback = reverse(
        "performance:calibration_unit",
        kwargs={"unit": evaluation.skp.org_unit_id, "period": evaluation.period.code},
    )
    form = AdjustForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                # A form's ErrorList yields each message as text; its stub also allows the
                # ValidationError it stores, which messages.error would not take.
                messages.error(request, str(error))
        return redirect(_safe_next(request, fallback))
    try:
        evaluation_services.evaluation_adjust(
            actor=request.user,
            evaluation=evaluation,
            predikat=form.cleaned_data["predikat"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            _("Predikat %(name)s disesuaikan.") % {"name": evaluation.skp.employee.full_name},
        )
    return redirect(_safe_next(request, fallback))


@require_GET
def unit_recap_xlsx(request, unit: int, period: str):
    unit_obj, period_obj = _calibration_target(request, unit, period)
    distribution = monitoring_selectors.predikat_distribution(unit=unit_obj, period=period_obj)
    evaluations = monitoring_selectors.calibration_evaluations(
        user=request.user, unit=unit_obj, period=period_obj
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Rekap"))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDDDDD")
    append_xlsx(sheet, [_("Rekap evaluasi kinerja pegawai"), unit_obj.name, period_obj.label])
    sheet["A1"].font = Font(bold=True, size=12)
    append_xlsx(sheet, [])
    headers = [
        _("No"),
        "NIP",
        _("Nama"),
        _("Pangkat/Gol."),
        _("Jabatan"),
        _("Unit kerja"),
        _("Pejabat penilai"),
        _("Rating hasil kerja"),
        _("Rating perilaku"),
        _("Predikat"),
        _("Status"),
        _("Angka kredit"),
        _("Penyesuaian kalibrasi"),
    ]
    append_xlsx(sheet, headers)
    for cell in sheet[3]:
        cell.font, cell.fill = bold, fill
    for number, ev in enumerate(evaluations, start=1):
        employee = ev.skp.employee
        rank = employee.rank
        position = ev.skp.position or employee.position
        adjustments = "; ".join(
            f"{a.get_from_predikat_display()} → {a.get_to_predikat_display()}: {a.reason}"
            for a in ev.adjustments.all()
        )
        append_xlsx(
            sheet,
            [
                number,
                employee.nip,
                employee.full_name,
                f"{rank.title} ({rank.code})" if rank else "",
                position.name if position else "",
                ev.skp.org_unit.name,
                f"{ev.evaluator.full_name} ({ev.evaluator.nip})",
                ev.get_work_result_rating_display(),
                ev.get_behaviour_rating_display(),
                ev.get_predikat_display(),
                ev.get_status_display(),
                float(ev.credit_points) if ev.credit_points is not None else None,
                adjustments,
            ],
        )
    for column, width in zip(
        "ABCDEFGHIJKLM", (5, 21, 28, 24, 30, 28, 30, 20, 20, 17, 20, 12, 50), strict=True
    ):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A4"
    summary = workbook.create_sheet(_("Distribusi"))
    append_xlsx(summary, [_("Predikat"), _("Jumlah"), _("Persentase")])
    for row in distribution.rows:
        append_xlsx(summary, [str(row["label"]), row["count"], float(row["share"] or 0)])
    append_xlsx(summary, [_("Jumlah"), distribution.total, 100.0 if distribution.total else 0.0])
    append_xlsx(summary, [])
    append_xlsx(
        summary,
        [
            _("Predikat unit"),
            monitoring_selectors.org_predikat_label(distribution.org_predikat.predikat)
            if distribution.org_predikat
            else _("belum dicatat"),
        ],
    )
    append_xlsx(
        summary,
        [_("Batas"), _("Jumlah"), _("Minimal"), _("Maksimal"), _("Keterangan"), _("Status")],
    )
    for row in distribution.limit_rows:
        append_xlsx(
            summary,
            [
                row["label"],
                row["count"],
                row["min_count"],
                row["max_count"],
                row["note"],
                _("Tidak sesuai") if row["violated"] else _("Sesuai"),
            ],
        )
    for cell in summary[1]:
        cell.font, cell.fill = bold, fill
    summary.column_dimensions["A"].width = 34
    summary.column_dimensions["E"].width = 40
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="rekap-kinerja-{unit_obj.code}-{period_obj.code}.xlsx"'
    )
    return response


@require_GET
def rater_consistency(request):
    user = request.user
    default_unit = default_calibration_unit(user)
    if default_unit is None:
        raise PermissionDenied(_("Laporan ini untuk kepala unit atau admin BKPSDM."))
    unit = _unit_param(request) or default_unit
    if not can_calibrate(user, unit):
        raise PermissionDenied(_("Anda tidak berwenang melihat unit ini."))
    year, period = _year_and_period(request, default_annual=True)
    report = monitoring_selectors.rater_consistency(unit=unit, period=period) if period else None
    return render(
        request,
        "performance/monitoring/raters.html",
        {
            "unit": unit,
            "unit_form": _unit_form(user, "calibration", unit),
            "year": year,
            "period": period,
            "periods": periods_selectors.period_choices(year) if year else [],
            "years": periods_selectors.year_numbers(),
            "report": report,
            "rows": [{"row": r, "high_share": report.high_share_of(r)} for r in report.rows]
            if report
            else [],
            "predikat_labels": [label for _code, label in Predikat.choices],
            "settings_names": ("ABDI_RATER_THRESHOLD", "ABDI_RATER_MIN_COUNT"),
        },
    )


# ---------------------------------------------------------------- documents


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def skp_pdf(request, pk: int):
    skp = get_object_or_404(skps_visible_to(request.user).select_related("employee"), pk=pk)
    pdf = documents.skp_pdf(skp, base_url=request.build_absolute_uri("/"))
    year = skp.performance_year.year
    return _pdf_response(pdf, f"skp-{skp.employee.nip}-{year}-v{skp.version}.pdf")


@require_GET
def evaluation_pdf(request, pk: int):
    evaluation = get_object_or_404(
        evaluations_visible_to(request.user).select_related("skp__employee", "period"), pk=pk
    )
    pdf = documents.evaluation_pdf(evaluation, base_url=request.build_absolute_uri("/"))
    employee = evaluation.skp.employee
    return _pdf_response(pdf, f"evaluasi-{employee.nip}-{evaluation.period.code}.pdf")
