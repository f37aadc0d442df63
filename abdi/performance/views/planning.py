"""Pages of SKP planning: the SKP list, creating an SKP, an SKP with its work results, indicators
and behaviour expectations, and the workflow actions. An SKP outside the user's scope is a 404;
an action the user may not take a 403; the services decide the rules and their messages are
shown on the form."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abdi.core.errors import flash_errors, form_errors
from abdi.employees.permissions import own_employee
from abdi.employees.positions import supervisor_of
from abdi.performance import permissions as perms
from abdi.performance.choices import Approach, SKPStatus, WorkResultKind
from abdi.performance.forms.planning import (
    ExpectationsForm,
    IndicatorForm,
    NoteForm,
    ReturnForm,
    SKPCreateForm,
    SKPFilterForm,
    WorkResultForm,
)
from abdi.performance.models.planning import SKP, Indicator, WorkResult
from abdi.performance.selectors import planning as planning_selectors
from abdi.performance.services import planning as planning_services
from abdi.performance.views.common import (
    editable_by,
    ordered_periods,
    owner_first_or_404,
    require_edit,
    revisable_by,
    skp_or_404,
    to_detail,
)

# ---------------------------------------------------------------- SKP list and creation


def skp_list(request):
    form = SKPFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = planning_selectors.skp_list(
        request.user,
        {
            "year": filters.get("year"),
            "status": filters.get("status"),
            "org_unit": filters.get("unit"),
            "q": filters.get("q"),
            "current": True,
        },
    )
    page = Paginator(qs, settings.ABDI_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "performance/skp_list.html",
        {"page_obj": page, "filter_form": form, "me": own_employee(request.user)},
    )


def skp_create(request):
    me = own_employee(request.user)
    if me is None:
        raise PermissionDenied(_("Hanya pegawai yang dapat menyusun SKP."))
    initial = {}
    if request.GET.get("year", "").isdigit():
        initial["performance_year"] = planning_selectors.performance_year(int(request.GET["year"]))
    form = SKPCreateForm(request.POST or None, initial=initial)
    today = timezone.localdate()
    appraiser = supervisor_of(me, on=today)
    appraiser_superior = supervisor_of(appraiser, on=today) if appraiser else None
    if request.method == "POST" and form.is_valid():
        try:
            skp = planning_services.skp_create(
                actor=request.user,
                employee=me,
                year=form.cleaned_data["performance_year"].year,
                approach=form.cleaned_data["approach"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("SKP dibuat. Tambahkan rencana hasil kerja (RHK)."))
            return to_detail(skp)
    return render(
        request,
        "performance/skp_create.html",
        {
            "form": form,
            "me": me,
            "appraiser": appraiser,
            "appraiser_superior": appraiser_superior,
            "no_years": not form.fields["performance_year"].queryset.exists(),
        },
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------- SKP detail


def _supports_queryset(skp: SKP):
    """The RHK of the appraiser's approved SKP of the same year (the cascade)."""
    return planning_selectors.cascade_work_results(skp)


def skp_detail(request, pk: int):
    skp = owner_first_or_404(request.user, pk, planning_selectors.with_detail)
    user = request.user
    work_results = planning_selectors.detail_work_results(skp)
    values = list(planning_selectors.behaviour_values())
    expectations = planning_selectors.expectations_by_value(skp)
    behaviour_feedback = planning_selectors.behaviour_feedback(skp)
    behaviour_rows = [(v, expectations.get(v.pk), behaviour_feedback.get(v.pk, [])) for v in values]
    events = list(skp.events.all())
    versions = list(planning_selectors.skp_versions(skp).only("pk", "version", "status"))
    last_return = next((e for e in reversed(events) if e.action == "return"), None)
    periods = ordered_periods(skp.performance_year)
    evaluations = {
        e.period_id: e for e in perms.skp_evaluations_visible_to(user, skp).select_related("period")
    }
    can_evaluate = perms.can_evaluate(user, skp)
    is_owner = perms.is_owner(user, skp)
    can_edit = editable_by(user, skp)
    main_count = sum(1 for wr in work_results if wr.kind == WorkResultKind.MAIN)
    return render(
        request,
        "performance/skp_detail.html",
        {
            "skp": skp,
            "work_results": work_results,
            "behaviour_rows": behaviour_rows,
            "expectations_written": len(expectations),
            "events": events,
            "versions": versions,
            "last_return": last_return if skp.status == SKPStatus.RETURNED else None,
            "periods": [(p, evaluations.get(p.pk)) for p in periods],
            "is_owner": is_owner,
            "is_appraiser": perms.is_appraiser(user, skp),
            "can_edit": can_edit,
            "can_submit": can_edit and is_owner,
            "can_approve": skp.status == SKPStatus.SUBMITTED and perms.can_approve_skp(user, skp),
            "can_write_expectations": perms.can_write_expectations(user, skp),
            "can_revise": revisable_by(user, skp),
            "can_evaluate": can_evaluate and skp.status in (SKPStatus.APPROVED,),
            "can_feedback": skp.status == SKPStatus.APPROVED and perms.can_give_feedback(user, skp),
            "is_qualitative": skp.approach == Approach.QUALITATIVE,
            "main_count": main_count,
            "approve_form": NoteForm(prefix="approve"),
            "return_form": ReturnForm(prefix="return"),
            "cascade_missing": (
                can_edit
                and not skp.from_performance_agreement
                and not _supports_queryset(skp).exists()
            ),
        },
    )


# ---------------------------------------------------------------- work results (RHK)


def _work_result_page(request, skp, form, work_result=None, status=200):
    supports_qs = form.fields["supports"].queryset
    return render(
        request,
        "performance/work_result_form.html",
        {
            "skp": skp,
            "form": form,
            "work_result": work_result,
            "no_cascade": not skp.from_performance_agreement and not supports_qs.exists(),
        },
        status=status,
    )


def work_result_create(request, pk: int):
    skp = skp_or_404(request, pk)
    require_edit(request.user, skp)
    form = WorkResultForm(request.POST or None, supports_queryset=_supports_queryset(skp))
    if skp.from_performance_agreement:
        form.fields["supports"].help_text = _(
            "Pimpinan tertinggi menulis RHK dari perjanjian kinerja; tidak perlu RHK atasan."
        )
    if request.method == "POST" and form.is_valid():
        try:
            planning_services.work_result_add(
                actor=request.user,
                skp=skp,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                supports=form.cleaned_data.get("supports"),
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("RHK ditambahkan. Lanjutkan dengan indikatornya."))
            return to_detail(skp, "rhk")
    return _work_result_page(request, skp, form, status=400 if form.errors else 200)


def _work_result_or_404(request, pk: int) -> WorkResult:
    return get_object_or_404(planning_selectors.work_results_visible_to(request.user), pk=pk)


def work_result_edit(request, pk: int):
    work_result = _work_result_or_404(request, pk)
    skp = skp_or_404(request, work_result.skp_id)
    require_edit(request.user, skp)
    form = WorkResultForm(
        request.POST or None,
        supports_queryset=_supports_queryset(skp),
        editing=True,
        initial={"title": work_result.title, "supports": work_result.supports_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            planning_services.work_result_update(
                actor=request.user,
                work_result=work_result,
                title=form.cleaned_data["title"],
                supports=form.cleaned_data.get("supports"),
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("RHK diperbarui."))
            return to_detail(skp, f"rhk-{work_result.pk}")
    return _work_result_page(request, skp, form, work_result, status=400 if form.errors else 200)


@require_POST
def work_result_delete(request, pk: int):
    work_result = _work_result_or_404(request, pk)
    skp = skp_or_404(request, work_result.skp_id)
    require_edit(request.user, skp)
    try:
        planning_services.work_result_delete(actor=request.user, work_result=work_result)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("RHK dihapus."))
    return to_detail(skp, "rhk")


# ---------------------------------------------------------------- indicators


def _indicator_page(request, skp, work_result, form, indicator=None, status=200):
    return render(
        request,
        "performance/indicator_form.html",
        {"skp": skp, "work_result": work_result, "form": form, "indicator": indicator},
        status=status,
    )


def indicator_create(request, pk: int):
    work_result = _work_result_or_404(request, pk)
    skp = skp_or_404(request, work_result.skp_id)
    require_edit(request.user, skp)
    form = IndicatorForm(request.POST or None, approach=skp.approach)
    if request.method == "POST" and form.is_valid():
        try:
            planning_services.indicator_add(
                actor=request.user, work_result=work_result, **form.service_kwargs()
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Indikator ditambahkan."))
            return to_detail(skp, f"rhk-{work_result.pk}")
    return _indicator_page(request, skp, work_result, form, status=400 if form.errors else 200)


def _indicator_or_404(request, pk: int) -> Indicator:
    return get_object_or_404(planning_selectors.indicators_visible_to(request.user), pk=pk)


def indicator_edit(request, pk: int):
    indicator = _indicator_or_404(request, pk)
    skp = skp_or_404(request, indicator.work_result.skp_id)
    require_edit(request.user, skp)
    form = IndicatorForm(
        request.POST or None,
        approach=skp.approach,
        initial={
            "aspect": indicator.aspect,
            "description": indicator.description,
            "target_value": indicator.target_value,
            "target_unit": indicator.target_unit,
            "target_description": indicator.target_description,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            planning_services.indicator_update(
                actor=request.user, indicator=indicator, **form.service_kwargs()
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Indikator diperbarui."))
            return to_detail(skp, f"rhk-{indicator.work_result_id}")
    return _indicator_page(
        request, skp, indicator.work_result, form, indicator, status=400 if form.errors else 200
    )


@require_POST
def indicator_delete(request, pk: int):
    indicator = _indicator_or_404(request, pk)
    skp = skp_or_404(request, indicator.work_result.skp_id)
    require_edit(request.user, skp)
    try:
        planning_services.indicator_delete(actor=request.user, indicator=indicator)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Indikator dihapus."))
    return to_detail(skp, f"rhk-{indicator.work_result_id}")


# ---------------------------------------------------------------- behaviour expectations


def expectations_edit(request, pk: int):
    skp = skp_or_404(request, pk)
    if not perms.can_write_expectations(request.user, skp):
        raise PermissionDenied(
            _("Ekspektasi perilaku ditulis oleh pejabat penilai selama SKP belum disetujui.")
        )
    values = list(planning_selectors.behaviour_values())
    current = planning_selectors.expectation_texts(skp)
    form = ExpectationsForm(request.POST or None, values=values, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            planning_services.expectations_set(
                actor=request.user, skp=skp, expectations=form.expectations()
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Ekspektasi perilaku disimpan."))
            return to_detail(skp, "perilaku")
    return render(
        request,
        "performance/expectations_form.html",
        {"skp": skp, "form": form},
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------- workflow


def _require_approver(user, skp: SKP) -> None:
    """The appraiser (never the owner); a wrong status is the service's message, not a 403."""
    if perms.is_owner(user, skp) or not (
        perms.can_approve_skp(user, skp) or perms.is_appraiser(user, skp)
    ):
        raise PermissionDenied(_("Anda bukan pejabat penilai SKP ini."))


@require_POST
def skp_submit(request, pk: int):
    skp = skp_or_404(request, pk)
    if not perms.is_owner(request.user, skp):
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat mengajukannya."))
    try:
        planning_services.skp_submit(actor=request.user, skp=skp)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("SKP diajukan ke pejabat penilai."))
    return to_detail(skp)


@require_POST
def skp_approve(request, pk: int):
    skp = skp_or_404(request, pk)
    _require_approver(request.user, skp)
    form = NoteForm(request.POST, prefix="approve")
    form.is_valid()
    try:
        planning_services.skp_approve(
            actor=request.user, skp=skp, note=form.cleaned_data.get("note") or ""
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("SKP disetujui."))
    return to_detail(skp)


@require_POST
def skp_return(request, pk: int):
    skp = skp_or_404(request, pk)
    _require_approver(request.user, skp)
    form = ReturnForm(request.POST, prefix="return")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                # A form's ErrorList yields each message as text; its stub also allows the
                # ValidationError it stores, which messages.error would not take.
                messages.error(request, str(error))
        return to_detail(skp, "tindakan")
    try:
        planning_services.skp_return(actor=request.user, skp=skp, note=form.cleaned_data["note"])
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("SKP dikembalikan ke pegawai dengan catatan."))
    return to_detail(skp)


@require_POST
def skp_revise(request, pk: int):
    skp = skp_or_404(request, pk)
    if not perms.is_owner(request.user, skp):
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat membuat versi baru."))
    try:
        new = planning_services.skp_revise(actor=request.user, skp=skp)
    except ValidationError as exc:
        flash_errors(request, exc)
        return to_detail(skp)
    messages.success(
        request,
        _("Versi %(v)s dibuat. Versi yang disetujui tetap berlaku sampai versi baru disetujui.")
        % {"v": new.version},
    )
    return to_detail(new)
