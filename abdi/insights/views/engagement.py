"""The anonymous engagement survey: employees answer the open survey once; BKPSDM opens and
closes a year's survey; BKPSDM, auditors and pimpinan read the results (groups of at least the
minimum only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abdi.core.errors import flash_errors
from abdi.core.services import require, today
from abdi.employees.permissions import own_employee
from abdi.insights.models import EngagementSurvey
from abdi.insights.permissions import (
    can_manage_merit,
    can_view_merit,
    insight_paths,
    insight_units_visible_to,
)
from abdi.insights.selectors import engagement as sel
from abdi.insights.services import engagement as services


def engagement_home(request):
    """The employee's survey (when one is open and not yet answered) and, for BKPSDM,
    auditors and pimpinan, the surveys and their results."""
    user = request.user
    survey = sel.open_survey()
    employee = own_employee(user)
    readers = can_view_merit(user)
    require(not (employee is None and not readers))
    context = {
        "survey": survey,
        "answered": survey is not None and employee is not None and sel.has_answered(user, survey),
        "questions": sel.survey_questions(survey) if survey and employee else [],
        "is_employee": employee is not None,
        "readers": readers,
        "can_manage": can_manage_merit(user),
        "surveys": list(EngagementSurvey.objects.all()[:10]) if readers else [],
        "this_year": today().year,
        "scale": [
            (1, _("Sangat tidak setuju")),
            (2, _("Tidak setuju")),
            (3, _("Netral")),
            (4, _("Setuju")),
            (5, _("Sangat setuju")),
        ],
    }
    return render(request, "insights/engagement/home.html", context)


@require_POST
def engagement_answer(request):
    require(own_employee(request.user) is not None)
    survey = sel.open_survey()
    if survey is None:
        messages.error(request, _("Tidak ada survei keterlibatan yang dibuka."))
        return redirect("insights:engagement")
    values: dict[int, int] = {}
    for key, raw in request.POST.items():
        if key.startswith("q") and key[1:].isdigit() and raw.isdigit():
            values[int(key[1:])] = int(raw)
    try:
        services.engagement_answer(actor=request.user, survey=survey, values=values)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            messages.error(request, _("Jawab setiap pernyataan dengan memilih 1–5."))
        else:
            flash_errors(request, exc)
        return redirect("insights:engagement")
    messages.success(request, _("Terima kasih. Jawaban Anda tercatat tanpa identitas."))
    return redirect("insights:engagement")


@require_POST
def engagement_open(request):
    require(can_manage_merit(request.user))
    raw = request.POST.get("year", "")
    try:
        services.engagement_open(actor=request.user, year=int(raw) if raw.isdigit() else 0)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Survei keterlibatan dibuka untuk seluruh pegawai."))
    return redirect("insights:engagement")


@require_POST
def engagement_close(request, year: int):
    require(can_manage_merit(request.user))
    survey = get_object_or_404(EngagementSurvey, year=year)
    try:
        services.engagement_close(actor=request.user, survey=survey)
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("insights:engagement_result", year=year)


def engagement_result(request, year: int):
    require(can_view_merit(request.user))
    survey = get_object_or_404(EngagementSurvey, year=year)
    paths = insight_paths(request.user)
    unit_ids = (
        None
        if paths is None
        else set(insight_units_visible_to(request.user).values_list("pk", flat=True))
    )
    result = sel.engagement_result(survey, unit_ids=unit_ids)
    return render(
        request,
        "insights/engagement/result.html",
        {
            "survey": survey,
            "result": result,
            "can_close": can_manage_merit(request.user) and survey.status == "open",
            # While answers still come in, a change in the result after one person answers
            # would show their answers: only the count of respondents is shown.
            "is_open": survey.status == "open",
        },
    )
