"""Merit self-assessment pages: the years, one year's indicators with Abdi's evidence, the
answer form, submit and verify."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abdi.core.errors import flash_errors
from abdi.core.services import require, today
from abdi.insights.models import MeritAnswer, MeritAssessment
from abdi.insights.permissions import can_manage_merit, can_verify_merit, can_view_merit
from abdi.insights.selectors.merit import merit_report, merit_result
from abdi.insights.services import merit as services


def _require_view(user) -> None:
    require(can_view_merit(user))


def merit_list(request):
    _require_view(request.user)
    assessments = [(a, merit_result(a)) for a in MeritAssessment.objects.all()[:10]]
    return render(
        request,
        "insights/merit/list.html",
        {
            "assessments": assessments,
            "can_manage": can_manage_merit(request.user),
            "this_year": today().year,
        },
    )


@require_POST
def merit_start(request):
    raw = request.POST.get("year", "")
    try:
        assessment = services.merit_start(actor=request.user, year=int(raw) if raw.isdigit() else 0)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("insights:merit")
    return redirect("insights:merit_detail", year=assessment.year)


def _report_context(assessment: MeritAssessment) -> dict:
    previous = MeritAssessment.objects.filter(year=assessment.year - 1).first()
    result = merit_result(assessment)
    previous_result = merit_result(previous) if previous else None
    return {
        "assessment": assessment,
        "result": result,
        "previous": previous_result,
        "report": merit_report(assessment, result, previous_result),
    }


def merit_pdf(request, year: int):
    # local: weasyprint is heavy and only the PDF download needs it
    from weasyprint import HTML

    _require_view(request.user)
    assessment = get_object_or_404(MeritAssessment, year=year)
    context = _report_context(assessment)
    context["today"] = today()
    html = render_to_string("insights/merit/pdf.html", context)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="indeks-merit-{year}.pdf"'
    return response


def merit_detail(request, year: int):
    _require_view(request.user)
    assessment = get_object_or_404(MeritAssessment, year=year)
    answers = assessment.answers.select_related("indicator__aspect", "answered_by")
    return render(
        request,
        "insights/merit/detail.html",
        {
            **_report_context(assessment),
            "answers": answers,
            "steps": assessment.steps.select_related("actor"),
            "can_manage": can_manage_merit(request.user) and assessment.status == "draft",
            "can_verify": can_verify_merit(request.user) and assessment.status == "submitted",
        },
    )


@require_POST
def merit_answer(request, pk: int):
    require(can_manage_merit(request.user))
    answer = get_object_or_404(MeritAnswer.objects.select_related("assessment"), pk=pk)
    try:
        score = Decimal(request.POST.get("score", "").replace(",", "."))
    except InvalidOperation:
        messages.error(request, _("Nilai harus angka antara 0 dan 1."))
    else:
        try:
            services.merit_answer(
                actor=request.user,
                answer=answer,
                score=score,
                reason=request.POST.get("reason", ""),
                document=request.FILES.get("document"),
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(
                request, _("Nilai %(code)s disimpan.") % {"code": answer.indicator.code}
            )
    return redirect(f"{answer.assessment.get_absolute_url()}#answer-{answer.pk}")


@require_POST
def merit_submit(request, year: int):
    assessment = get_object_or_404(MeritAssessment, year=year)
    try:
        services.merit_submit(actor=request.user, assessment=assessment)
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("insights:merit_detail", year=year)


@require_POST
def merit_verify(request, year: int):
    assessment = get_object_or_404(MeritAssessment, year=year)
    try:
        services.merit_verify(
            actor=request.user,
            assessment=assessment,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("insights:merit_detail", year=year)
