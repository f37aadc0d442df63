"""Pages of SKP planning: the performance dashboard, years and unit predikat (BKPSDM), the SKP list,
an SKP with its work results, indicators and behaviour expectations, the workflow actions, the
supervisor's inbox and the notifications. An SKP outside the user's scope is a 404; an action the
user may not take a 403; the services decide the rules and their messages are shown on the form."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin
from abdi.core.models import Notification
from abdi.core.notifications import notifications_mark_read
from abdi.employees.permissions import own_employee
from abdi.employees.selectors import supervisor_of
from abdi.org.models import OrgUnit
from abdi.performance import permissions as perms
from abdi.performance import selectors, services
from abdi.performance.choices import Approach, EvaluationStatus, SKPStatus, WorkResultKind
from abdi.performance.forms import (
    ExpectationsForm,
    IndicatorForm,
    NoteForm,
    OrgPredikatForm,
    ReturnForm,
    SKPCreateForm,
    SKPFilterForm,
    WorkResultForm,
    YearOpenForm,
    add_service_errors,
)
from abdi.performance.models import (
    SKP,
    BehaviourExpectation,
    BehaviourValue,
    Evaluation,
    Feedback,
    Indicator,
    Objection,
    OrgUnitPredikat,
    PerformancePeriod,
    PerformanceYear,
    WorkResult,
)
from abdi.performance.services_bulk import skp_approve_many

OPEN_STATUSES = (SKPStatus.DRAFT, SKPStatus.SUBMITTED, SKPStatus.RETURNED)
EDITABLE_STATUSES = (SKPStatus.DRAFT, SKPStatus.RETURNED)


# ---------------------------------------------------------------- helpers


def _visible_skps(user):
    return perms.skps_visible_to(user).select_related(
        "employee",
        "performance_year",
        "org_unit",
        "position",
        "appraiser",
        "appraiser_superior",
    )


def skp_or_404(request, pk: int) -> SKP:
    return get_object_or_404(_visible_skps(request.user), pk=pk)


_is_owner = perms.is_owner
_is_appraiser = perms.is_appraiser


def _can_edit(user, skp: SKP) -> bool:
    return skp.status in EDITABLE_STATUSES and perms.can_edit_skp(user, skp)


def _require_edit(user, skp: SKP) -> None:
    if not _can_edit(user, skp):
        raise PermissionDenied(_("SKP ini tidak dapat Anda ubah."))


def _can_write_expectations(user, skp: SKP) -> bool:
    return perms.can_write_expectations(user, skp)


def _can_revise(user, skp: SKP) -> bool:
    if not perms.can_revise_skp(user, skp):
        return False
    return not SKP.objects.filter(
        employee_id=skp.employee_id,
        performance_year_id=skp.performance_year_id,
        status__in=OPEN_STATUSES,
    ).exists()


def ordered_periods(year: PerformanceYear) -> list[PerformancePeriod]:
    """The periodic periods in time order, the annual one last."""
    return sorted(year.periods.all(), key=lambda p: (p.kind == "year", p.start, p.end))


def to_detail(skp: SKP, anchor: str = ""):
    url = reverse("performance:skp_detail", args=[skp.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _flash_service_error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _require_admin(user) -> None:
    if not is_bkpsdm_admin(user):
        raise PermissionDenied(_("Halaman ini untuk admin BKPSDM."))


# ---------------------------------------------------------------- dashboard


def dashboard(request):
    user = request.user
    me = own_employee(user)
    my_skps = []
    if me is not None:
        skps = (
            SKP.objects.filter(employee=me)
            .exclude(status=SKPStatus.SUPERSEDED)
            .select_related("performance_year", "appraiser")
            .order_by("-performance_year__year", "-version")
        )
        for skp in skps:
            my_skps.append((skp, _next_step(skp)))
    open_years = list(PerformanceYear.objects.filter(is_open=True).order_by("-year"))
    years_with_skp = {s.performance_year_id for s, _step in my_skps}
    missing_years = [y for y in open_years if y.pk not in years_with_skp] if me else []
    team = _team_counts(me) if me is not None else None
    return render(
        request,
        "performance/dashboard.html",
        {
            "me": me,
            "my_skps": my_skps,
            "missing_years": missing_years,
            "team": team,
            "is_admin": is_bkpsdm_admin(user),
            "can_read_years": is_bkpsdm_admin(user) or is_auditor(user),
            "unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
        },
    )


def _next_step(skp: SKP) -> str:
    if skp.status == SKPStatus.DRAFT:
        return _("Lengkapi RHK dan indikator, lalu ajukan ke pejabat penilai.")
    if skp.status == SKPStatus.RETURNED:
        return _("Perbaiki sesuai catatan pejabat penilai, lalu ajukan kembali.")
    if skp.status == SKPStatus.SUBMITTED:
        return _("Menunggu persetujuan pejabat penilai.")
    if skp.status == SKPStatus.APPROVED:
        return _("Catat kegiatan dan isi realisasi setiap periode.")
    return ""


def _team_counts(me) -> dict | None:
    submitted = SKP.objects.filter(appraiser=me, status=SKPStatus.SUBMITTED).count()
    appraised = SKP.objects.filter(appraiser=me).exclude(status=SKPStatus.SUPERSEDED).count()
    objections = Objection.objects.filter(
        evaluation__skp__appraiser_superior=me, status="filed"
    ).count()
    if not (submitted or appraised or objections):
        return None
    return {"submitted": submitted, "appraised": appraised, "objections": objections}


# ---------------------------------------------------------------- years (BKPSDM)


def year_list(request):
    if not (is_bkpsdm_admin(request.user) or is_auditor(request.user)):
        raise PermissionDenied(_("Halaman ini untuk admin BKPSDM."))
    years = PerformanceYear.objects.annotate(
        skp_count=Count("skps", filter=~Q(skps__status=SKPStatus.SUPERSEDED))
    ).order_by("-year")
    return render(
        request,
        "performance/year_list.html",
        {"years": years, "is_admin": is_bkpsdm_admin(request.user)},
    )


def year_create(request):
    _require_admin(request.user)
    form = YearOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            year = services.performance_year_open(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Tahun kinerja %(year)s dibuka.") % {"year": year.year})
            return redirect("performance:year_detail", year=year.year)
    return render(
        request, "performance/year_form.html", {"form": form}, status=400 if form.errors else 200
    )


def year_detail(request, year: int):
    if not (is_bkpsdm_admin(request.user) or is_auditor(request.user)):
        raise PermissionDenied(_("Halaman ini untuk admin BKPSDM."))
    perf_year = get_object_or_404(PerformanceYear, year=year)
    if request.method == "POST":
        _require_admin(request.user)
        raw = request.POST.get("period", "")
        period = get_object_or_404(
            PerformancePeriod, performance_year=perf_year, pk=int(raw) if raw.isdigit() else 0
        )
        try:
            services.period_close(actor=request.user, period=period)
        except ValidationError as exc:
            _flash_service_error(request, exc)
        else:
            messages.success(request, _("Periode %(code)s ditutup.") % {"code": period.code})
        return redirect("performance:year_detail", year=year)
    periods = sorted(
        perf_year.periods.annotate(
            unit_predikats=Count("org_predikats", distinct=True),
            evaluation_count=Count("evaluations", distinct=True),
        ),
        key=lambda p: (p.kind == "year", p.start, p.end),
    )
    status_counts = dict(
        perf_year.skps.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return render(
        request,
        "performance/year_detail.html",
        {
            "year": perf_year,
            "periods": periods,
            "status_counts": [
                (s, label, status_counts.get(s, 0)) for s, label in SKPStatus.choices
            ],
            "is_admin": is_bkpsdm_admin(request.user),
        },
    )


def org_predikat_record(request, year: int):
    _require_admin(request.user)
    perf_year = get_object_or_404(PerformanceYear, year=year)
    periods = ordered_periods(perf_year)
    code = request.POST.get("period") or request.GET.get("period") or str(year)
    period = next((p for p in periods if p.code == code), None)
    if period is None:
        raise Http404
    units = OrgUnit.objects.filter(is_active=True).order_by("path")
    recorded = {
        row.org_unit_id: row
        for row in OrgUnitPredikat.objects.filter(period=period).select_related("recorded_by")
    }
    current = {pk: row.predikat for pk, row in recorded.items()}
    form = OrgPredikatForm(request.POST or None, units=units, current=current)
    if request.method == "POST" and form.is_valid():
        changed = list(form.changed_units(current))
        try:
            with transaction.atomic():  # all or nothing
                for unit, predikat in changed:
                    services.org_predikat_record(
                        actor=request.user,
                        org_unit=unit,
                        period=period,
                        predikat=predikat,
                        basis=form.cleaned_data.get("basis") or "",
                    )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Predikat %(n)s unit untuk periode %(code)s disimpan.")
                % {"n": len(changed), "code": period.code},
            )
            url = reverse("performance:org_predikat", args=[year])
            return redirect(f"{url}?period={period.code}")
    rows = [(unit, field, recorded.get(unit.pk)) for unit, field in form.rows()]
    return render(
        request,
        "performance/org_predikat.html",
        {"year": perf_year, "period": period, "periods": periods, "form": form, "rows": rows},
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------- SKP list and creation


def skp_list(request):
    form = SKPFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.skp_list(
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
        initial["performance_year"] = PerformanceYear.objects.filter(
            year=int(request.GET["year"])
        ).first()
    form = SKPCreateForm(request.POST or None, initial=initial)
    today = timezone.localdate()
    appraiser = supervisor_of(me, on=today)
    appraiser_superior = supervisor_of(appraiser, on=today) if appraiser else None
    if request.method == "POST" and form.is_valid():
        try:
            skp = services.skp_create(
                actor=request.user,
                employee=me,
                year=form.cleaned_data["performance_year"].year,
                approach=form.cleaned_data["approach"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
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
    return selectors.cascade_work_results(skp)


def skp_detail(request, pk: int):
    skp = get_object_or_404(selectors.skp_detail_queryset(request.user), pk=pk)
    user = request.user
    work_results = list(
        skp.work_results.select_related("supports", "supports__skp__employee").prefetch_related(
            "indicators",
            Prefetch(
                "feedback",
                queryset=Feedback.objects.select_related("author").order_by("created_at"),
            ),
        )
    )
    values = list(BehaviourValue.objects.order_by("order"))
    expectations = {
        e.behaviour_value_id: e
        for e in BehaviourExpectation.objects.filter(skp=skp).select_related("written_by")
    }
    behaviour_feedback: dict[int, list] = {}
    for fb in (
        Feedback.objects.filter(skp=skp, behaviour_value__isnull=False)
        .select_related("author")
        .order_by("created_at")
    ):
        behaviour_feedback.setdefault(fb.behaviour_value_id, []).append(fb)
    behaviour_rows = [(v, expectations.get(v.pk), behaviour_feedback.get(v.pk, [])) for v in values]
    events = list(skp.events.all())
    versions = list(selectors.skp_versions(skp).only("pk", "version", "status"))
    last_return = next((e for e in reversed(events) if e.action == "return"), None)
    periods = ordered_periods(skp.performance_year)
    evaluations = {
        e.period_id: e
        for e in perms.evaluations_visible_to(user).filter(skp=skp).select_related("period")
    }
    can_evaluate = perms.can_evaluate(user, skp)
    is_owner = _is_owner(user, skp)
    can_edit = _can_edit(user, skp)
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
            "is_appraiser": _is_appraiser(user, skp),
            "can_edit": can_edit,
            "can_submit": can_edit and is_owner,
            "can_approve": skp.status == SKPStatus.SUBMITTED and perms.can_approve_skp(user, skp),
            "can_write_expectations": _can_write_expectations(user, skp),
            "can_revise": _can_revise(user, skp),
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
    _require_edit(request.user, skp)
    form = WorkResultForm(request.POST or None, supports_queryset=_supports_queryset(skp))
    if skp.from_performance_agreement:
        form.fields["supports"].help_text = _(
            "Pimpinan tertinggi menulis RHK dari perjanjian kinerja; tidak perlu RHK atasan."
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.work_result_add(
                actor=request.user,
                skp=skp,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                supports=form.cleaned_data.get("supports"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("RHK ditambahkan. Lanjutkan dengan indikatornya."))
            return to_detail(skp, "rhk")
    return _work_result_page(request, skp, form, status=400 if form.errors else 200)


def _work_result_or_404(request, pk: int) -> WorkResult:
    return get_object_or_404(
        WorkResult.objects.select_related("skp").filter(
            skp__in=perms.skps_visible_to(request.user)
        ),
        pk=pk,
    )


def work_result_edit(request, pk: int):
    work_result = _work_result_or_404(request, pk)
    skp = skp_or_404(request, work_result.skp_id)
    _require_edit(request.user, skp)
    form = WorkResultForm(
        request.POST or None,
        supports_queryset=_supports_queryset(skp),
        editing=True,
        initial={"title": work_result.title, "supports": work_result.supports_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.work_result_update(
                actor=request.user,
                work_result=work_result,
                title=form.cleaned_data["title"],
                supports=form.cleaned_data.get("supports"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("RHK diperbarui."))
            return to_detail(skp, f"rhk-{work_result.pk}")
    return _work_result_page(request, skp, form, work_result, status=400 if form.errors else 200)


@require_POST
def work_result_delete(request, pk: int):
    work_result = _work_result_or_404(request, pk)
    skp = skp_or_404(request, work_result.skp_id)
    _require_edit(request.user, skp)
    try:
        services.work_result_delete(actor=request.user, work_result=work_result)
    except ValidationError as exc:
        _flash_service_error(request, exc)
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
    _require_edit(request.user, skp)
    form = IndicatorForm(request.POST or None, approach=skp.approach)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_add(
                actor=request.user, work_result=work_result, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Indikator ditambahkan."))
            return to_detail(skp, f"rhk-{work_result.pk}")
    return _indicator_page(request, skp, work_result, form, status=400 if form.errors else 200)


def _indicator_or_404(request, pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("work_result").filter(
            work_result__skp__in=perms.skps_visible_to(request.user)
        ),
        pk=pk,
    )


def indicator_edit(request, pk: int):
    indicator = _indicator_or_404(request, pk)
    skp = skp_or_404(request, indicator.work_result.skp_id)
    _require_edit(request.user, skp)
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
            services.indicator_update(
                actor=request.user, indicator=indicator, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
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
    _require_edit(request.user, skp)
    try:
        services.indicator_delete(actor=request.user, indicator=indicator)
    except ValidationError as exc:
        _flash_service_error(request, exc)
    else:
        messages.success(request, _("Indikator dihapus."))
    return to_detail(skp, f"rhk-{indicator.work_result_id}")


# ---------------------------------------------------------------- behaviour expectations


def expectations_edit(request, pk: int):
    skp = skp_or_404(request, pk)
    if not _can_write_expectations(request.user, skp):
        raise PermissionDenied(
            _("Ekspektasi perilaku ditulis oleh pejabat penilai selama SKP belum disetujui.")
        )
    values = list(BehaviourValue.objects.order_by("order"))
    current = dict(
        BehaviourExpectation.objects.filter(skp=skp).values_list(
            "behaviour_value_id", "expectation"
        )
    )
    form = ExpectationsForm(request.POST or None, values=values, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.expectations_set(actor=request.user, skp=skp, expectations=form.expectations())
        except ValidationError as exc:
            add_service_errors(form, exc)
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
        services.skp_submit(actor=request.user, skp=skp)
    except ValidationError as exc:
        _flash_service_error(request, exc)
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
        services.skp_approve(actor=request.user, skp=skp, note=form.cleaned_data.get("note") or "")
    except ValidationError as exc:
        _flash_service_error(request, exc)
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
                messages.error(request, error)
        return to_detail(skp, "tindakan")
    try:
        services.skp_return(actor=request.user, skp=skp, note=form.cleaned_data["note"])
    except ValidationError as exc:
        _flash_service_error(request, exc)
    else:
        messages.success(request, _("SKP dikembalikan ke pegawai dengan catatan."))
    return to_detail(skp)


@require_POST
def skp_revise(request, pk: int):
    skp = skp_or_404(request, pk)
    if not _is_owner(request.user, skp):
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat membuat versi baru."))
    try:
        new = services.skp_revise(actor=request.user, skp=skp)
    except ValidationError as exc:
        _flash_service_error(request, exc)
        return to_detail(skp)
    messages.success(
        request,
        _("Versi %(v)s dibuat. Versi yang disetujui tetap berlaku sampai versi baru disetujui.")
        % {"v": new.version},
    )
    return to_detail(new)


# ---------------------------------------------------------------- inbox and notifications


def inbox(request):
    me = own_employee(request.user)
    box = selectors.inbox_for(request.user)
    releases = []
    if me is not None:
        releases = list(
            Evaluation.objects.filter(
                evaluator=me, status__in=(EvaluationStatus.DRAFT, EvaluationStatus.FINAL)
            )
            .select_related("period", "skp__employee")
            .order_by("period__start", "skp__employee__name")
        )
    return render(
        request,
        "performance/inbox.html",
        {"me": me, "box": box, "releases": releases},
    )


def notifications(request):
    qs = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        raw = request.POST.get("id", "")
        notifications_mark_read(
            user=request.user, notification_id=(int(raw) if raw.isdigit() else 0) if raw else None
        )
        nxt = request.POST.get("next", "")
        if nxt.startswith("/") and not nxt.startswith("//"):
            return redirect(nxt)
        return redirect("performance:notifications")
    page = Paginator(qs.order_by("-created_at"), settings.ABDI_LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "performance/notifications.html",
        {"page_obj": page, "unread": qs.filter(read_at__isnull=True).count()},
    )


@require_POST
def skp_approve_bulk(request):
    """Approve several submitted SKPs at once (the inbox and "Tugas saya"); each through the one
    approval service in its own transaction, each refusal reported by name."""
    ids = [int(i) for i in request.POST.getlist("skp") if i.isdigit()]
    if not ids:
        messages.warning(request, _("Pilih dulu SKP yang akan disetujui."))
        return _back_to_inbox(request)
    outcomes = skp_approve_many(actor=request.user, skp_ids=ids)
    approved = sum(1 for o in outcomes if o.approved)
    for outcome in outcomes:
        if not outcome.approved:
            messages.error(
                request,
                _("%(name)s — SKP %(year)s: %(reason)s")
                % {
                    "name": outcome.skp.employee.full_name,
                    "year": outcome.skp.performance_year.year,
                    "reason": " ".join(outcome.errors),
                },
            )
    if approved:
        messages.success(
            request,
            ngettext("%(n)s SKP disetujui.", "%(n)s SKP disetujui.", approved) % {"n": approved},
        )
    elif not outcomes:
        messages.warning(request, _("Tidak ada SKP terpilih yang menunggu persetujuan Anda."))
    return _back_to_inbox(request)


def _back_to_inbox(request):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("performance:inbox")
