"""Pages of the performance year (BKPSDM): the years, opening one, a year's periods, and the units'
organisational predikat. The services decide the rules and their messages are shown on the form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin
from abdi.core.errors import flash_errors, form_errors
from abdi.core.services import require
from abdi.org.models import OrgUnit
from abdi.performance.choices import SKPStatus
from abdi.performance.forms.years import OrgPredikatForm, YearOpenForm
from abdi.performance.models.years import PerformancePeriod, PerformanceYear
from abdi.performance.permissions import ADMIN_PAGE
from abdi.performance.selectors import periods as periods_selectors
from abdi.performance.services import years as years_services
from abdi.performance.views.common import ordered_periods

# ---------------------------------------------------------------- years (BKPSDM)


def year_list(request):
    if not (is_bkpsdm_admin(request.user) or is_auditor(request.user)):
        raise PermissionDenied(_("Halaman ini untuk admin BKPSDM."))
    years = periods_selectors.years_with_skp_counts()
    return render(
        request,
        "performance/year_list.html",
        {"years": years, "is_admin": is_bkpsdm_admin(request.user)},
    )


def year_create(request):
    require(is_bkpsdm_admin(request.user), ADMIN_PAGE)
    form = YearOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            year = years_services.performance_year_open(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
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
        require(is_bkpsdm_admin(request.user), ADMIN_PAGE)
        raw = request.POST.get("period", "")
        period = get_object_or_404(
            PerformancePeriod, performance_year=perf_year, pk=int(raw) if raw.isdigit() else 0
        )
        try:
            years_services.period_close(actor=request.user, period=period)
        except ValidationError as exc:
            flash_errors(request, exc)
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
    require(is_bkpsdm_admin(request.user), ADMIN_PAGE)
    perf_year = get_object_or_404(PerformanceYear, year=year)
    periods = ordered_periods(perf_year)
    code = request.POST.get("period") or request.GET.get("period") or str(year)
    period = next((p for p in periods if p.code == code), None)
    if period is None:
        raise Http404
    units = OrgUnit.objects.filter(is_active=True).order_by("path")
    recorded = periods_selectors.unit_predikats(period)
    current = {pk: row.predikat for pk, row in recorded.items()}
    form = OrgPredikatForm(request.POST or None, units=units, current=current)
    if request.method == "POST" and form.is_valid():
        changed = list(form.changed_units(current))
        try:
            with transaction.atomic():  # all or nothing
                for unit, predikat in changed:
                    years_services.org_predikat_record(
                        actor=request.user,
                        org_unit=unit,
                        period=period,
                        predikat=predikat,
                        basis=form.cleaned_data.get("basis") or "",
                    )
        except ValidationError as exc:
            form_errors(form, exc)
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
