"""Pages of execution and evaluation: activities with evidence, periodic realisations, feedback,
the appraiser's evaluation with the predikat previewed live, the released evaluation with the
employee's acknowledgement and objection, and the superior's decision on an objection."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abdi.core.choices import Predikat
from abdi.core.errors import flash_errors, form_errors
from abdi.feedback.selectors.complaints import complaints_about_employee
from abdi.performance import permissions as perms
from abdi.performance import rules
from abdi.performance.choices import (
    EvaluationStatus,
    Rating,
)
from abdi.performance.forms.evaluation import (
    ActivityForm,
    EvaluationForm,
    FeedbackForm,
    ObjectionDecisionForm,
    ObjectionForm,
    RealisationForm,
)
from abdi.performance.models.evaluation import Evaluation
from abdi.performance.models.planning import SKP
from abdi.performance.models.years import OrgUnitPredikat, PerformancePeriod
from abdi.performance.selectors import planning as planning_selectors
from abdi.performance.selectors import reference as reference_selectors
from abdi.performance.services import evaluation as evaluation_services
from abdi.performance.services import execution as execution_services
from abdi.performance.views.common import ordered_periods, skp_or_404, to_detail

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# ---------------------------------------------------------------- helpers


def _period_or_404(skp: SKP, code: str) -> PerformancePeriod:
    return get_object_or_404(
        PerformancePeriod, performance_year_id=skp.performance_year_id, code=code
    )


def _file_response(field, filename_stem: str):
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    ext = os.path.splitext(field.name)[1]
    return FileResponse(handle, as_attachment=True, filename=f"{filename_stem}{ext}")


def matrix_predikat(work_rating: str, behaviour_rating: str, *, on: dt.date) -> str:
    """The predikat code from the matrix in force on the date (the matrix is data), or ""."""
    try:
        return rules.predikat_for(
            work_rating, behaviour_rating, reference_selectors.predikat_matrix(on)
        )
    except ValueError:
        return ""


def head_rating(skp: SKP, period: PerformancePeriod) -> tuple[bool, OrgUnitPredikat | None, str]:
    """(is a unit head, the unit's recorded predikat for the period, the work rating it gives)."""
    position = skp.position  # no query when the SKP has no position
    if position is None or not position.is_unit_head:
        return False, None, ""
    org = planning_selectors.unit_predikat(position.org_unit_id, period)
    if org is None:
        return True, None, ""
    try:
        rating = rules.head_work_rating(
            org.predikat, reference_selectors.head_rating_mapping(period.end)
        )
    except ValueError:
        rating = ""
    return True, org, rating


# ---------------------------------------------------------------- activities


def activities(request, pk: int):
    skp = skp_or_404(request, pk)
    is_owner = perms.is_owner(request.user, skp)
    work_results = skp.work_results.order_by("kind", "order", "pk")
    form = ActivityForm(request.POST or None, request.FILES or None, work_results=work_results)
    if request.method == "POST":
        if not is_owner:
            raise PermissionDenied(_("Hanya pemilik SKP yang mencatat kegiatan."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                execution_services.activity_log(
                    actor=request.user,
                    skp=skp,
                    work_result=data["work_result"],
                    date=data["date"],
                    description=data["description"],
                    output=data.get("output") or "",
                    evidence=data.get("evidence"),
                    evidence_link=data.get("evidence_link") or "",
                )
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Kegiatan dicatat."))
                return redirect("performance:activities", pk=skp.pk)
    qs = skp.activities.select_related("work_result").order_by("-date", "-pk")
    page = Paginator(qs, settings.ABDI_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "performance/activities.html",
        {
            "skp": skp,
            "page_obj": page,
            "form": form if perms.can_log_progress(request.user, skp) else None,
            "is_owner": is_owner,
        },
        status=400 if form.errors else 200,
    )


def activity_evidence(request, pk: int):
    activity = get_object_or_404(planning_selectors.activities_visible_to(request.user), pk=pk)
    return _file_response(activity.evidence, f"bukti-kegiatan-{activity.pk}")


# ---------------------------------------------------------------- realisations


def realisations(request, pk: int, period: str):
    skp = skp_or_404(request, pk)
    period_obj = _period_or_404(skp, period)
    is_owner = perms.is_owner(request.user, skp)
    indicators = [
        ind
        for wr in skp.work_results.prefetch_related("indicators").order_by("kind", "order", "pk")
        for ind in wr.indicators.all()
    ]
    existing = planning_selectors.realisations_by_indicator(indicators, period_obj)
    writable = perms.can_log_progress(request.user, skp) and not period_obj.is_closed
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    rows = []
    for ind in indicators:
        current = existing.get(ind.pk)
        initial = {}
        if current:
            initial = {
                "value": current.value,
                "description": current.description,
                "evidence_link": current.evidence_link,
                "self_assessment": current.self_assessment,
            }
        rows.append(
            (ind, RealisationForm(data, files, prefix=f"ind-{ind.pk}", initial=initial), current)
        )
    status = 200
    if request.method == "POST":
        if not is_owner:
            raise PermissionDenied(_("Hanya pemilik SKP yang mengisi realisasi."))
        if all(form.is_valid() for _ind, form, _cur in rows):
            posted = [
                (ind, form)
                for ind, form, current in rows
                if not (form.is_empty() and current is None)
            ]
            entries = [
                execution_services.RealisationInput(
                    indicator=ind,
                    value=form.cleaned_data.get("value"),
                    description=form.cleaned_data.get("description") or "",
                    evidence=form.cleaned_data.get("evidence"),
                    evidence_link=form.cleaned_data.get("evidence_link") or "",
                    self_assessment=form.cleaned_data.get("self_assessment") or "",
                )
                for ind, form in posted
            ]
            try:  # every indicator or none, in one transaction
                if entries:
                    execution_services.realisations_submit(
                        actor=request.user, skp=skp, period=period_obj, entries=entries
                    )
            except execution_services.RealisationErrors as exc:
                for ind, form in posted:
                    if ind.pk in exc.by_indicator:
                        form_errors(form, ValidationError(exc.by_indicator[ind.pk]))
                status = 400
            except ValidationError as exc:  # the SKP or the period refuses every indicator
                form_errors(posted[0][1], exc)
                status = 400
            else:
                messages.success(
                    request,
                    _("Realisasi %(n)s indikator untuk periode %(code)s disimpan.")
                    % {"n": len(entries), "code": period_obj.code},
                )
                return redirect("performance:realisations", pk=skp.pk, period=period_obj.code)
        else:
            status = 400
    return render(
        request,
        "performance/realisations.html",
        {
            "skp": skp,
            "period": period_obj,
            "periods": ordered_periods(skp.performance_year),
            "rows": rows,
            "writable": writable,
            "is_owner": is_owner,
        },
        status=status,
    )


def realisation_evidence(request, pk: int):
    realisation = get_object_or_404(planning_selectors.realisations_visible_to(request.user), pk=pk)
    return _file_response(realisation.evidence, f"bukti-realisasi-{realisation.pk}")


# ---------------------------------------------------------------- feedback


def feedback_create(request, pk: int):
    skp = skp_or_404(request, pk)
    if not perms.can_give_feedback(request.user, skp):
        raise PermissionDenied(_("Umpan balik diberikan oleh pejabat penilai atau atasannya."))
    form = FeedbackForm(
        request.POST or None,
        work_results=list(skp.work_results.order_by("kind", "order", "pk")),
        values=list(planning_selectors.behaviour_values()),
        initial={"subject": request.GET.get("subject", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            execution_services.feedback_give(
                actor=request.user,
                skp=skp,
                text=form.cleaned_data["text"],
                **form.subject_kwargs(),
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Umpan balik terkirim."))
            anchor = "perilaku" if form.cleaned_data["subject"].startswith("bv:") else "rhk"
            return to_detail(skp, anchor)
    return render(
        request,
        "performance/feedback_form.html",
        {"skp": skp, "form": form},
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------- evaluation


def evaluate(request, pk: int, period: str):
    skp = skp_or_404(request, pk)
    if not perms.can_evaluate(request.user, skp):
        raise PermissionDenied(_("Hanya pejabat penilai yang dapat menilai SKP ini."))
    period_obj = _period_or_404(skp, period)
    existing = planning_selectors.evaluation_of(skp, period_obj)
    if existing is not None:
        messages.info(request, _("SKP ini sudah dinilai untuk periode tersebut."))
        return redirect("performance:evaluation_detail", pk=existing.pk)
    is_head, org_predikat, fixed = head_rating(skp, period_obj)
    data = request.POST if request.method == "POST" else None
    if request.htmx and request.GET.get("preview"):
        data = request.GET
    form = EvaluationForm(data, fixed_work_rating=fixed or None)
    if is_head:  # never chosen by the appraiser: the service explains a missing unit predikat
        form.fields["work_result_rating"].required = False
    if request.htmx and request.GET.get("preview"):
        work = fixed or request.GET.get("work_result_rating", "")
        behaviour = request.GET.get("behaviour_rating", "")
        code = matrix_predikat(work, behaviour, on=period_obj.end) if work and behaviour else ""
        return render(
            request,
            "performance/_predikat_preview.html",
            {"predikat": Predikat(code).label if code else ""},
        )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            evaluation = evaluation_services.evaluation_create(
                actor=request.user,
                skp=skp,
                period=period_obj,
                work_result_rating=fixed or d["work_result_rating"],
                behaviour_rating=d["behaviour_rating"],
                notes=d.get("notes") or "",
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request,
                _("Penilaian disimpan: %(p)s. Rilis ke pegawai bila sudah final.")
                % {"p": evaluation.get_predikat_display()},
            )
            return redirect("performance:evaluation_detail", pk=evaluation.pk)
    indicators = [
        ind
        for wr in skp.work_results.prefetch_related("indicators").order_by("kind", "order", "pk")
        for ind in wr.indicators.all()
    ]
    realised = planning_selectors.realisations_by_indicator(indicators, period_obj)
    work_rows = []
    for wr in skp.work_results.prefetch_related("indicators").order_by("kind", "order", "pk"):
        work_rows.append((wr, [(ind, realised.get(ind.pk)) for ind in wr.indicators.all()]))
    period_activities = list(
        skp.activities.filter(date__gte=period_obj.start, date__lte=period_obj.end)
        .select_related("work_result")
        .order_by("-date", "-pk")[:50]
    )
    # Substantiated public complaints linked to this employee: an input for the appraiser,
    # never an automatic penalty; the reporter's identity is never shown here.
    public_complaints = list(
        complaints_about_employee(request.user, skp.employee).only(
            "tracking_code", "title", "received_at", "status", "employee_link_note"
        )[:10]
    )
    preview: StrOrPromise = ""
    if form.is_bound and form.is_valid():
        # No rating (a unit head without the unit's predikat) gives no predikat, as "" does.
        work = fixed or form.cleaned_data.get("work_result_rating") or ""
        code = matrix_predikat(work, form.cleaned_data["behaviour_rating"], on=period_obj.end)
        preview = Predikat(code).label if code else ""
    return render(
        request,
        "performance/evaluate.html",
        {
            "skp": skp,
            "period": period_obj,
            "form": form,
            "work_rows": work_rows,
            "activities": period_activities,
            "public_complaints": public_complaints,
            "is_head": is_head,
            "org_predikat": org_predikat,
            "fixed_rating": fixed,
            "fixed_rating_label": Rating(fixed).label if fixed else "",
            "predikat": preview,
            "expectations": skp.behaviour_expectations.select_related("behaviour_value"),
        },
        status=400 if form.errors else 200,
    )


def _evaluation_or_404(request, pk: int) -> Evaluation:
    return get_object_or_404(
        perms.evaluations_visible_to(request.user).select_related(
            "period",
            "period__performance_year",
            "evaluator",
            "skp",
            "skp__employee",
            "skp__appraiser",
            "skp__appraiser_superior",
            "skp__performance_year",
            "skp__org_unit",
            "skp__position",
        ),
        pk=pk,
    )


def evaluation_detail(request, pk: int):
    evaluation = _evaluation_or_404(request, pk)
    skp = evaluation.skp
    user = request.user
    is_owner = perms.is_owner(user, skp)
    released = evaluation.status in (EvaluationStatus.RELEASED, EvaluationStatus.ACKNOWLEDGED)
    objection = planning_selectors.objection_of(evaluation)
    deadline = evaluation_services.objection_deadline(evaluation)
    can_object = (
        is_owner
        and released
        and objection is None
        and deadline is not None
        and timezone.localdate() <= deadline
    )
    return render(
        request,
        "performance/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "skp": skp,
            "adjustments": evaluation.adjustments.select_related("actor"),
            "objection": objection,
            "objection_deadline": deadline,
            "is_owner": is_owner,
            "can_release": perms.can_release_evaluation(user, evaluation),
            "can_acknowledge": perms.can_acknowledge_evaluation(user, evaluation),
            "can_object": can_object,
            "objection_form": ObjectionForm() if can_object else None,
            "can_decide": objection is not None and perms.can_decide_objection(user, objection),
        },
    )


@require_POST
def evaluation_release(request, pk: int):
    evaluation = _evaluation_or_404(request, pk)
    skp = evaluation.skp
    if not (
        perms.can_release_evaluation(request.user, evaluation)
        or (not perms.is_owner(request.user, skp) and perms.can_evaluate(request.user, skp))
    ):
        raise PermissionDenied(_("Hanya pejabat penilai yang merilis penilaian."))
    try:
        evaluation_services.evaluation_release(actor=request.user, evaluation=evaluation)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Penilaian dirilis ke pegawai."))
    return redirect("performance:evaluation_detail", pk=evaluation.pk)


@require_POST
def evaluation_acknowledge(request, pk: int):
    evaluation = _evaluation_or_404(request, pk)
    if not perms.is_owner(request.user, evaluation.skp):
        raise PermissionDenied(_("Hanya pegawai yang dinilai yang dapat menerima penilaian."))
    try:
        evaluation_services.evaluation_acknowledge(actor=request.user, evaluation=evaluation)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Penilaian telah Anda terima."))
    return redirect("performance:evaluation_detail", pk=evaluation.pk)


@require_POST
def objection_file(request, pk: int):
    evaluation = _evaluation_or_404(request, pk)
    if not perms.is_owner(request.user, evaluation.skp):
        raise PermissionDenied(_("Keberatan hanya dapat diajukan oleh pegawai yang dinilai."))
    form = ObjectionForm(request.POST)
    if form.is_valid():
        try:
            evaluation_services.objection_file(
                actor=request.user, evaluation=evaluation, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Keberatan diajukan ke atasan pejabat penilai."))
    else:
        for errors in form.errors.values():
            for error in errors:
                # A form's ErrorList yields each message as text; its stub also allows the
                # ValidationError it stores, which messages.error would not take.
                messages.error(request, str(error))
    return redirect(reverse("performance:evaluation_detail", args=[evaluation.pk]) + "#keberatan")


def objection_decide(request, pk: int):
    objection = get_object_or_404(perms.objections_visible_to(request.user), pk=pk)
    evaluation = _evaluation_or_404(request, objection.evaluation_id)
    if not perms.is_appraiser_superior(request.user, evaluation.skp):
        raise PermissionDenied(_("Keberatan diputuskan oleh atasan pejabat penilai."))
    form = ObjectionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            evaluation_services.objection_decide(
                actor=request.user,
                objection=objection,
                upheld=d["upheld"],
                reason=d["reason"],
                new_predikat=d.get("new_predikat") or "",
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Keputusan atas keberatan disimpan."))
            return redirect("performance:evaluation_detail", pk=evaluation.pk)
    return render(
        request,
        "performance/objection_decide.html",
        {"objection": objection, "evaluation": evaluation, "skp": evaluation.skp, "form": form},
        status=400 if form.errors else 200,
    )
