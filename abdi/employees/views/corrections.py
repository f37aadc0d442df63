"""Correction requests: an employee asks for a fix of their own data with a supporting document;
an operator of the unit (or a BKPSDM admin) approves it — the change applies, with history — or
rejects it with a reason. A request outside the user's scope is a 404."""

from __future__ import annotations

import os

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abdi.core.errors import form_errors
from abdi.employees.choices import CorrectionStatus
from abdi.employees.forms.corrections import (
    CorrectionFilterForm,
    CorrectionForm,
    DecisionForm,
    RejectForm,
    correctable_choices,
    field_label,
)
from abdi.employees.permissions import (
    can_decide_correction,
    can_manage_employees,
    corrections_visible_to,
    own_employee,
)
from abdi.employees.services import corrections as services


def _visible_request(user, pk: int):
    return get_object_or_404(
        corrections_visible_to(user).select_related(
            "employee", "employee__org_unit", "submitted_by", "decided_by"
        ),
        pk=pk,
    )


def correction_list(request):
    user = request.user
    me = own_employee(user)
    filter_form = CorrectionFilterForm(request.GET or None)
    status = filter_form.cleaned_data.get("status") if filter_form.is_valid() else ""
    requests = (
        corrections_visible_to(user)
        .select_related("employee", "employee__org_unit", "decided_by")
        .annotate(
            pending_first=Case(
                When(status=CorrectionStatus.PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("pending_first", "-created_at", "-pk")
    )
    if status:
        requests = requests.filter(status=status)
    page = Paginator(requests, settings.ABDI_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page:
        item.field_label = field_label(item.field_name)
    return render(
        request,
        "employees/correction_list.html",
        {
            "page_obj": page,
            "filter_form": filter_form,
            "me": me,
            "reviewer": can_manage_employees(user),
        },
    )


def correction_create(request):
    me = own_employee(request.user)
    if me is None:
        raise PermissionDenied(_("Akun ini tidak terhubung dengan data pegawai."))
    initial = {}
    if request.GET.get("field") in dict(correctable_choices()):
        initial["field_name"] = request.GET["field"]
    form = CorrectionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.correction_request_submit(
                actor=request.user, employee=me, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request,
                _("Permintaan koreksi dikirim. Operator kepegawaian akan memeriksanya."),
            )
            return redirect("employees:correction_detail", pk=created.pk)
    current = [
        (name, label, services.correction_current_value(me, name))
        for name, label in correctable_choices()
    ]
    return render(
        request,
        "employees/correction_form.html",
        {"form": form, "employee": me, "current_values": current},
    )


def _detail(request, correction, *, approve_form=None, reject_form=None, status=200):
    can_decide = correction.status == CorrectionStatus.PENDING and can_decide_correction(
        request.user, correction
    )
    return render(
        request,
        "employees/correction_detail.html",
        {
            "correction": correction,
            "field_label": field_label(correction.field_name),
            "can_decide": can_decide,
            "approve_form": approve_form or DecisionForm(prefix="approve"),
            "reject_form": reject_form or RejectForm(prefix="reject"),
            "document_name": os.path.basename(correction.document.name),
        },
        status=status,
    )


def correction_detail(request, pk: int):
    return _detail(request, _visible_request(request.user, pk))


def correction_document(request, pk: int):
    correction = _visible_request(request.user, pk)
    if not correction.document:
        raise Http404
    try:
        handle = correction.document.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, filename=os.path.basename(correction.document.name))


def _decide(request, pk: int, form_class, prefix: str, decide, done: str):
    """Approve or reject (`prefix`) a correction request with the decider's note."""
    correction = _visible_request(request.user, pk)
    if not can_decide_correction(request.user, correction):
        raise PermissionDenied
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            decide(actor=request.user, request=correction, note=form.cleaned_data["note"])
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("employees:correction_detail", pk=correction.pk)
    return _detail(request, correction, status=400, **{f"{prefix}_form": form})


@require_POST
def correction_approve(request, pk: int):
    return _decide(
        request,
        pk,
        DecisionForm,
        "approve",
        services.correction_request_approve,
        _("Koreksi disetujui; data pegawai sudah diperbarui."),
    )


@require_POST
def correction_reject(request, pk: int):
    return _decide(
        request,
        pk,
        RejectForm,
        "reject",
        services.correction_request_reject,
        _("Permintaan koreksi ditolak."),
    )
