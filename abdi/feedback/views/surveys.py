"""Staff pages of the satisfaction surveys: list, create/edit (open/close), result with charts,
QR code (PNG/SVG), PDF report, and paper questionnaires one by one or as XLSX.

Who: a service admin for the services of their unit subtree, a BKPSDM admin for all; a leader
(pimpinan) reads results in scope. A survey outside the user's scope is a 404; a reader who may
not manage it gets 403 on the managing pages."""

from __future__ import annotations

import uuid
from io import BytesIO

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from abdi.core.errors import form_errors
from abdi.core.services import today
from abdi.employees.selectors import position_holder
from abdi.feedback.forms.surveys import (
    ANSWER_LABELS,
    PaperImportForm,
    PaperResponseForm,
    SurveyForm,
)
from abdi.feedback.permissions import (
    can_create_surveys,
    can_exclude_survey_answers,
    can_manage_survey,
    can_view_surveys,
    services_manageable_by,
)
from abdi.feedback.selectors import surveys as sel
from abdi.feedback.services import surveys as svc
from abdi.org.models import Position

IMPORT_SESSION_KEY = "abdi_survey_import"


def public_url(request, survey) -> str:
    return request.build_absolute_uri(reverse("public:survey_form", args=[survey.code]))


def _survey_or_404(request, pk: int):
    return get_object_or_404(sel.survey_detail_queryset(user=request.user), pk=pk)


def _managed_survey(request, pk: int):
    survey = _survey_or_404(request, pk)
    if not can_manage_survey(request.user, survey):
        raise PermissionDenied(_("Anda tidak mengelola survei unit ini."))
    return survey


@require_http_methods(["GET"])
def survey_list(request):
    if not can_view_surveys(request.user):
        raise PermissionDenied(_("Halaman ini untuk admin layanan dan pimpinan."))
    page = Paginator(sel.survey_list(user=request.user), settings.ABDI_LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "feedback/surveys/list.html",
        {
            "page_obj": page,
            "surveys": page.object_list,
            "can_create": can_create_surveys(request.user),
        },
    )


def _initial_questions() -> dict:
    return {f"q_{code}": text for code, text in svc.default_questions().items()}


@require_http_methods(["GET", "POST"])
def survey_create(request):
    if not can_create_surveys(request.user):
        raise PermissionDenied(
            _("Hanya admin layanan unit atau admin BKPSDM yang dapat membuat survei.")
        )
    services = services_manageable_by(request.user)
    today = timezone.localdate()
    initial = {
        **_initial_questions(),
        "period_start": today.replace(month=1, day=1),
        "period_end": today.replace(month=12, day=31),
        "service": request.GET.get("service"),
    }
    form = SurveyForm(
        request.POST or None, services=services, names=sel.element_names(), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            survey = svc.survey_create(
                actor=request.user,
                service=d["service"],
                title=d["title"],
                period_start=d["period_start"],
                period_end=d["period_end"],
                population=d["population"],
                questions=form.questions(),
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Survei dibuat. Bagikan tautan atau kode QR-nya."))
            return redirect("feedback:survey_result", pk=survey.pk)
    return render(request, "feedback/surveys/form.html", {"form": form, "survey": None})


@require_http_methods(["GET", "POST"])
def survey_edit(request, pk: int):
    survey = _managed_survey(request, pk)
    if request.method == "POST" and "set_open" in request.POST:
        is_open = request.POST.get("set_open") == "1"
        svc.survey_set_open(survey=survey, actor=request.user, is_open=is_open)
        messages.success(request, _("Survei dibuka kembali.") if is_open else _("Survei ditutup."))
        return redirect("feedback:survey_result", pk=survey.pk)
    initial = {
        "title": survey.title,
        "period_start": survey.period_start,
        "period_end": survey.period_end,
        "population": survey.population,
        "is_open": survey.is_open,
        **_initial_questions(),
        **{f"q_{code}": text for code, text in (survey.questions or {}).items()},
    }
    form = SurveyForm(
        request.POST or None, names=sel.element_names(), editing=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            svc.survey_update(
                survey=survey,
                actor=request.user,
                title=d["title"],
                period_start=d["period_start"],
                period_end=d["period_end"],
                population=d["population"],
                questions=form.questions(),
                is_open=d["is_open"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Survei disimpan."))
            return redirect("feedback:survey_result", pk=survey.pk)
    return render(request, "feedback/surveys/form.html", {"form": form, "survey": survey})


def _chart_data(result, trend) -> dict:
    return {
        "codes": [e.code for e in result.elements],
        "names": [e.name for e in result.elements],
        "nrr": [float(e.nrr_display) if e.nrr is not None else None for e in result.elements],
        "trend_labels": [f"{p.period_start:%m/%Y}–{p.period_end:%m/%Y}" for p in trend],
        "trend": [float(p.ikm_100) if p.ikm_100 is not None else None for p in trend],
    }


@require_http_methods(["GET"])
def survey_result(request, pk: int):
    survey = _survey_or_404(request, pk)
    result = sel.survey_result(survey)
    trend = sel.survey_trend(survey, user=request.user)
    return render(
        request,
        "feedback/surveys/result.html",
        {
            "survey": survey,
            "result": result,
            "profile": sel.profile_breakdown(survey, result.respondents),
            "trend": trend,
            "chart_data": _chart_data(result, trend),
            "public_url": public_url(request, survey),
            "can_manage": can_manage_survey(request.user, survey),
            "grades": sel.grade_bands(survey.period_end),
            "addresses": sel.answers_per_address(survey),
            "can_exclude": can_exclude_survey_answers(request.user, survey),
        },
    )


@require_http_methods(["POST"])
def survey_exclude(request, pk: int):
    """Leave one address's burst of answers out of the IKM, with the reason (BKPSDM only)."""
    survey = _survey_or_404(request, pk)
    if not can_exclude_survey_answers(request.user, survey):
        raise PermissionDenied(_("Hanya admin BKPSDM yang dapat mengecualikan jawaban survei."))
    try:
        exclusion = svc.survey_address_exclude(
            survey=survey,
            address_hash=request.POST.get("address", ""),
            reason=request.POST.get("reason", ""),
            actor=request.user,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(n)d jawaban dari alamat %(label)s tidak lagi dihitung; IKM sudah dihitung ulang.")
            % {"n": exclusion.response_count, "label": exclusion.address_hash[:8]},
        )
    return redirect(reverse("feedback:survey_result", args=[survey.pk]) + "#per-alamat")


def qr_code(url: str, fmt: str) -> tuple[bytes, str]:
    """The QR code of a URL as PNG or SVG bytes, with its content type."""
    qr = segno.make(url, error="m")
    buffer = BytesIO()
    if fmt == "png":
        qr.save(buffer, kind="png", scale=12, border=4)
        return buffer.getvalue(), "image/png"
    qr.save(buffer, kind="svg", scale=10, border=4, xmldecl=True, svgns=True)
    return buffer.getvalue(), "image/svg+xml"


@require_http_methods(["GET"])
def survey_qr(request, pk: int, fmt: str):
    survey = _survey_or_404(request, pk)
    if fmt not in ("png", "svg"):
        raise Http404
    content, content_type = qr_code(public_url(request, survey), fmt)
    response = HttpResponse(content, content_type=content_type)
    if "download" in request.GET:
        response["Content-Disposition"] = f'attachment; filename="survei-{survey.code}.{fmt}"'
    return response


def unit_head_name(survey) -> tuple[str, str]:
    """(name, NIP) of the head of the survey's unit, today (Plt/Plh included), or blanks."""
    position = (
        Position.objects.filter(org_unit=survey.service.org_unit, is_unit_head=True)
        .order_by("pk")
        .first()
    )
    if position is None:
        return "", ""
    holder = position_holder(position.pk, on=timezone.localdate())
    title = position.name
    if holder is None:
        return title, ""
    return title, f"{holder.name}\n{holder.nip}"


def report_context(request, survey) -> dict:
    result = sel.survey_result(survey)
    head_title, head = unit_head_name(survey)
    return {
        "survey": survey,
        "unit": survey.service.org_unit,
        "agency": survey.service.org_unit.agency,
        "result": result,
        "profile": sel.profile_breakdown(survey, result.respondents),
        "trend": sel.survey_trend(survey, user=request.user),
        "grades": sel.grade_bands(survey.period_end),
        "head_title": head_title,
        "head_name": head.split("\n")[0] if head else "",
        "head_nip": head.split("\n")[1] if head else "",
        "today": timezone.localdate(),
        "place": survey.service.org_unit.agency.region or "",
    }


@require_http_methods(["GET"])
def survey_report_pdf(request, pk: int):
    # local: WeasyPrint loads Pango and its fonts at import; only a PDF download pays for it
    from weasyprint import HTML

    survey = _survey_or_404(request, pk)
    html = render_to_string("feedback/surveys/report_pdf.html", report_context(request, survey))
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="laporan-ikm-{survey.code}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def paper_response_create(request, pk: int):
    survey = _managed_survey(request, pk)
    form = PaperResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.paper_responses_enter(
                survey=survey, rows=[form.response_input()], actor=request.user
            )
        except ValidationError as exc:
            messages_ = exc.message_dict.get("responses", exc.messages)
            for message in messages_:
                form.add_error(None, message)
        else:
            messages.success(request, _("Kuesioner tersimpan. Silakan isi kuesioner berikutnya."))
            return redirect("feedback:paper_response", pk=survey.pk)
    return render(
        request,
        "feedback/surveys/paper_form.html",
        {
            "survey": survey,
            "form": form,
            "labels": ANSWER_LABELS,
            "entered": survey.responses.filter(channel="paper").count(),
        },
    )


@require_http_methods(["GET", "POST"])
def paper_response_import(request, pk: int):
    survey = _managed_survey(request, pk)
    if request.GET.get("template"):
        response = HttpResponse(
            svc.paper_import_template(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="templat-kuesioner-ikm.xlsx"'
        return response
    form = PaperImportForm(request.POST or None, request.FILES or None)
    outcome = None
    token = None
    pending = request.session.get(IMPORT_SESSION_KEY, {})
    if request.method == "POST" and request.POST.get("confirm"):
        stored = pending.get(request.POST["confirm"])
        if not stored or stored.get("survey") != survey.pk:
            messages.error(request, _("Pratinjau sudah kedaluwarsa. Unggah berkasnya lagi."))
            return redirect("feedback:paper_import", pk=survey.pk)
        try:
            with default_storage.open(stored["path"], "rb") as fh:
                outcome = svc.paper_import(
                    survey=survey, actor=request.user, file=fh, dry_run=False
                )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("feedback:paper_import", pk=survey.pk)
        finally:
            default_storage.delete(stored["path"])
            pending.pop(request.POST["confirm"], None)
            request.session[IMPORT_SESSION_KEY] = pending
        if outcome.created:
            messages.success(
                request, _("%(n)d kuesioner kertas tersimpan.") % {"n": outcome.created}
            )
            return redirect("feedback:survey_result", pk=survey.pk)
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = svc.paper_import(survey=survey, actor=request.user, file=upload, dry_run=True)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            if outcome.ok:
                upload.seek(0)
                path = default_storage.save(
                    f"survey_imports/{uuid.uuid4().hex}.xlsx", ContentFile(upload.read())
                )
                token = uuid.uuid4().hex
                pending = dict(pending)
                pending[token] = {"survey": survey.pk, "path": path}
                request.session[IMPORT_SESSION_KEY] = dict(list(pending.items())[-3:])
    return render(
        request,
        "feedback/surveys/paper_import.html",
        {
            "survey": survey,
            "form": form,
            "outcome": outcome,
            "token": token,
            "preview": outcome.rows[:10] if outcome else [],
            "columns": svc.IMPORT_COLUMNS,
            "max_rows": svc.MAX_IMPORT_ROWS,
            "today": today(),
        },
    )
