"""Policy monitoring and evaluation pages: the programmes, a programme's status page (indicators
per period, budget, findings, recommendations and their follow-up), its PDF report, and the
forms BKPSDM and the recommendation owners post."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abdi.core.errors import flash_errors
from abdi.core.services import require, today
from abdi.core.services import today as core_today
from abdi.insights import forms
from abdi.insights.models import FollowUp, Programme, ProgrammeIndicator, Recommendation
from abdi.insights.selectors import programmes as sel
from abdi.insights.services import programmes as services


def _programme_or_404(user, pk: int) -> Programme:
    programme = sel.programmes_visible_to(user).select_related("org_unit").filter(pk=pk).first()
    if programme is None:
        raise Http404
    return programme


def _require_manager(user) -> None:
    require(sel.can_manage_programmes(user))


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def programme_list(request):
    require(sel.can_view_programmes(request.user))
    year = today().year
    form = forms.ProgrammeForm(initial={"start_year": year, "end_year": year + 2})
    return render(
        request,
        "insights/programmes/list.html",
        {
            "programmes": sel.programme_list(request.user),
            "form": form,
            "can_manage": sel.can_manage_programmes(request.user),
            "mine": sel.recommendations_of(request.user).select_related("programme")[:20],
        },
    )


@require_POST
def programme_create(request):
    _require_manager(request.user)
    form = forms.ProgrammeForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("insights:programmes")
    try:
        programme = services.programme_save(actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("insights:programmes")
    return redirect(programme)


def _status_context(request, programme: Programme) -> dict:
    status = sel.programme_status(programme)
    recommendations = list(
        programme.recommendations.select_related("owner", "finding").prefetch_related(
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("actor"))
        )
    )
    today = core_today()
    return {
        "programme": programme,
        "status": status,
        "findings": list(programme.findings.all()),
        "recommendations": [
            (
                r,
                services.can_follow_up(request.user, r) and r.status != "closed",
                r.due_on < today and r.status != "closed",
            )
            for r in recommendations
        ],
        "today": today,
    }


def programme_detail(request, pk: int):
    programme = _programme_or_404(request.user, pk)
    context = _status_context(request, programme)
    manage = sel.can_manage_programmes(request.user)
    context.update(
        {
            "can_manage": manage,
            "indicator_form": forms.IndicatorForm(),
            "budget_form": forms.BudgetForm(),
            "finding_form": forms.FindingForm(),
            "recommendation_form": forms.RecommendationForm(programme=programme),
            "follow_up_form": forms.FollowUpForm(),
            "this_year": today().year,
        }
    )
    return render(request, "insights/programmes/detail.html", context)


def programme_pdf(request, pk: int):
    # local: weasyprint is heavy and only the PDF download needs it
    from weasyprint import HTML

    programme = _programme_or_404(request.user, pk)
    html = render_to_string("insights/programmes/pdf.html", _status_context(request, programme))
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="program-{programme.pk}.pdf"'
    return response


def _act(request, programme: Programme, form, action) -> HttpResponse:
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Tersimpan."))
    return redirect(programme)


@require_POST
def indicator_add(request, pk: int):
    programme = _programme_or_404(request.user, pk)
    _require_manager(request.user)

    def run(d):
        targets = {d["target_year"]: d["target"]} if d.get("target") is not None else {}
        services.indicator_add(
            actor=request.user,
            programme=programme,
            name=d["name"],
            measure=d["measure"],
            measure_param=d["measure_param"],
            unit_label=d["unit_label"],
            baseline=d["baseline"],
            higher_is_better=d["higher_is_better"],
            targets=targets,
        )

    return _act(request, programme, forms.IndicatorForm(request.POST), run)


def _indicator_or_404(request, pk: int) -> ProgrammeIndicator:
    indicator = get_object_or_404(ProgrammeIndicator.objects.select_related("programme"), pk=pk)
    _programme_or_404(request.user, indicator.programme_id)
    _require_manager(request.user)
    return indicator


@require_POST
def target_set(request, pk: int):
    indicator = _indicator_or_404(request, pk)
    return _act(
        request,
        indicator.programme,
        forms.TargetForm(request.POST),
        lambda d: services.target_set(
            actor=request.user, indicator=indicator, year=d["year"], target=d["target"]
        ),
    )


@require_POST
def value_record(request, pk: int):
    indicator = _indicator_or_404(request, pk)
    return _act(
        request,
        indicator.programme,
        forms.ValueForm(request.POST, request.FILES),
        lambda d: services.value_record(
            actor=request.user,
            indicator=indicator,
            year=d["year"],
            value=d["value"],
            evidence=d["evidence"],
            document=d.get("document"),
        ),
    )


@require_POST
def programme_measure(request, pk: int):
    programme = _programme_or_404(request.user, pk)
    _require_manager(request.user)
    raw = request.POST.get("year", "")
    try:
        n = services.programme_measure(
            actor=request.user, programme=programme, year=int(raw) if raw.isdigit() else None
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("%(n)s indikator diukur dari data Abdi.") % {"n": n})
    return redirect(programme)


@require_POST
def budget_set(request, pk: int):
    programme = _programme_or_404(request.user, pk)
    _require_manager(request.user)
    return _act(
        request,
        programme,
        forms.BudgetForm(request.POST),
        lambda d: services.budget_set(actor=request.user, programme=programme, **d),
    )


@require_POST
def finding_add(request, pk: int):
    programme = _programme_or_404(request.user, pk)
    _require_manager(request.user)
    return _act(
        request,
        programme,
        forms.FindingForm(request.POST),
        lambda d: services.finding_add(actor=request.user, programme=programme, **d),
    )


@require_POST
def recommendation_add(request, pk: int):
    programme = _programme_or_404(request.user, pk)
    _require_manager(request.user)
    return _act(
        request,
        programme,
        forms.RecommendationForm(request.POST, programme=programme),
        lambda d: services.recommendation_add(actor=request.user, programme=programme, **d),
    )


@require_POST
def recommendation_follow_up(request, pk: int):
    rec = get_object_or_404(Recommendation.objects.select_related("programme"), pk=pk)
    programme = _programme_or_404(request.user, rec.programme_id)
    require(services.can_follow_up(request.user, rec))
    return _act(
        request,
        programme,
        forms.FollowUpForm(request.POST),
        lambda d: services.recommendation_follow_up(
            actor=request.user, recommendation=rec, note=d["note"], status=d["status"]
        ),
    )
