"""Talent review pages: the list of committee meetings, a new meeting, a meeting with its
reviewed placements and adjustments."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abdi.core.errors import error_messages, flash_errors
from abdi.employees.models import Employee
from abdi.employees.rules import clean_nip
from abdi.org.forms import ScopedUnitForm
from abdi.talent.choices import PositionLevel, Unmappable
from abdi.talent.models import BoxAdjustment, TalentPlacement, TalentReview
from abdi.talent.permissions import can_manage_talent
from abdi.talent.services.review import adjustment_reverse, box_adjust, review_create
from abdi.talent.views.common import chosen_year


def _require(request):
    if not can_manage_talent(request.user):
        raise PermissionDenied


def reviews(request):
    _require(request)
    qs = TalentReview.objects.select_related("org_unit").order_by("-held_on", "-pk")
    page = Paginator(qs, settings.ABDI_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "talent/reviews.html", {"page_obj": page})


@require_http_methods(["GET", "POST"])
def review_new(request):
    _require(request)
    errors: list[str] = []
    unit_form = ScopedUnitForm(
        request.POST or None,
        user=request.user,
        scope="talent",
        name="org_unit",
        label=_("Unit yang dikaji"),
    )
    if request.method == "POST" and not unit_form.is_valid():
        errors = [str(e) for field_errors in unit_form.errors.values() for e in field_errors]
    elif request.method == "POST":
        data = request.POST
        try:
            unit = unit_form.cleaned_data["org_unit"]
            nips = [clean_nip(n) for n in data.get("members", "").replace(",", "\n").splitlines()]
            members = list(Employee.objects.filter(nip__in=[n for n in nips if n]))
            review = review_create(
                actor=request.user,
                year=int(data.get("year") or 0),
                title=data.get("title", ""),
                held_on=dt.date.fromisoformat(data.get("held_on", "")),
                members=members,
                org_unit=unit,
                level=data.get("level", "") if data.get("level") in PositionLevel.values else "",
                other_members=data.get("other_members", ""),
                notes=data.get("notes", ""),
            )
            messages.success(request, _("Rapat komite talenta tercatat."))
            return redirect("talent:review_detail", pk=review.pk)
        except ValueError:
            errors = [_("Periksa tahun dan tanggal rapat.")]
        except ValidationError as exc:
            errors = error_messages(exc)
    return render(
        request,
        "talent/review_form.html",
        {
            "errors": errors,
            "post": request.POST,
            "year": chosen_year(request),
            "today": timezone.localdate(),
            "unit_form": unit_form,
            "levels": PositionLevel.choices,
        },
    )


def review_detail(request, pk):
    _require(request)
    review = get_object_or_404(TalentReview.objects.select_related("org_unit"), pk=pk)
    reviewed = review.reviewed.select_related("employee").order_by("employee__name")
    box = request.GET.get("box", "")
    if box.isdigit():
        reviewed = reviewed.filter(box=int(box))
    page = Paginator(reviewed, settings.ABDI_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    current = dict(
        TalentPlacement.objects.filter(
            year=review.year, employee_id__in=[r.employee_id for r in page]
        ).values_list("employee_id", "box")
    )
    adjustments = list(
        BoxAdjustment.objects.filter(review=review)
        .select_related("employee", "decided_by", "reverses")
        .prefetch_related("reversed_by")
    )
    # A decision on an employee who has since become not mappable is not applied (no inputs,
    # no box): flag it with the reason.
    reasons = dict(Unmappable.choices)
    not_applied = {
        emp_id: reasons.get(reason, reason)
        for emp_id, reason in TalentPlacement.objects.filter(
            year=review.year,
            employee_id__in={a.employee_id for a in adjustments},
            box__isnull=True,
        ).values_list("employee_id", "unmappable")
    }
    for a in adjustments:
        a.not_applied = not_applied.get(a.employee_id)
    return render(
        request,
        "talent/review_detail.html",
        {
            "review": review,
            "members": review.members.order_by("name"),
            "page_obj": page,
            "rows": [(r, current.get(r.employee_id)) for r in page],
            "adjustments": adjustments,
            "boxes": range(1, 10),
        },
    )


@require_POST
def review_adjust(request, pk):
    _require(request)
    review = get_object_or_404(TalentReview, pk=pk)
    try:
        reverses = request.POST.get("reverses", "")
        if reverses.isdigit():
            adjustment = get_object_or_404(BoxAdjustment, pk=reverses, review=review)
            adjustment_reverse(
                actor=request.user,
                review=review,
                adjustment=adjustment,
                reason=request.POST.get("reason", ""),
            )
        else:
            employee = Employee.objects.filter(nip=clean_nip(request.POST.get("nip"))).first()
            if employee is None:
                raise ValidationError(_("Pilih pegawai yang dikaji."))
            to_box = request.POST.get("to_box", "")
            box_adjust(
                actor=request.user,
                review=review,
                employee=employee,
                to_box=int(to_box) if to_box.isdigit() else 0,
                reason=request.POST.get("reason", ""),
            )
        messages.success(request, _("Penyesuaian kotak tercatat."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("talent:review_detail", pk=review.pk)
