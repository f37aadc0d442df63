"""Critical positions, bench strength and succession plans."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abdi.competency.models import Competency
from abdi.core.errors import flash_errors
from abdi.employees.models import Employee
from abdi.employees.rules import clean_nip
from abdi.learning.models import Programme
from abdi.org.models import Position
from abdi.talent.choices import Readiness
from abdi.talent.models import Successor
from abdi.talent.permissions import can_manage_talent
from abdi.talent.selectors import succession as sel
from abdi.talent.services.succession import (
    critical_position_add,
    succession_appointment_note,
    successor_action_add,
    successor_add,
    successor_remove,
)


def critical_list(request):
    if not sel.can_view_succession(request.user):
        raise PermissionDenied
    positions = sel.critical_positions_visible_to(request.user).select_related("org_unit")
    risk_only = request.GET.get("risk") == "1"
    all_rows = sel.bench(positions.order_by("org_unit__path", "name"))
    rows = [r for r in all_rows if r.at_risk] if risk_only else all_rows
    page = Paginator(rows, settings.ABDI_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "talent/critical_list.html",
        {
            "page_obj": page,
            "summary": sel.agency_summary(request.user, all_rows),
            "risk_only": risk_only,
            "can_manage": can_manage_talent(request.user),
        },
    )


@require_POST
def critical_add(request):
    if not can_manage_talent(request.user):
        raise PermissionDenied
    position = Position.objects.filter(code=request.POST.get("code", "").strip()).first()
    try:
        if position is None:
            raise ValidationError(_("Kode jabatan tidak ditemukan."))
        critical_position_add(
            actor=request.user, position=position, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Jabatan ditetapkan kritikal."))
        return redirect("talent:critical_detail", pk=position.pk)
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("talent:critical_list")


def critical_detail(request, pk):
    position = get_object_or_404(
        sel.critical_positions_visible_to(request.user).select_related("org_unit"), pk=pk
    )
    row = sel.bench([position])[0]
    can_manage = can_manage_talent(request.user)
    return render(
        request,
        "talent/critical_detail.html",
        {
            "position": position,
            "row": row,
            "successors": sel.successors_of(position, request.user),
            "appointments": sel.appointments_of(position),
            "candidates": sel.candidates_for(position) if can_manage else [],
            "can_manage": can_manage,
            "readiness": Readiness.choices,
            "programmes": Programme.objects.filter(is_active=True).order_by("title")[:200],
            "competencies": Competency.objects.filter(is_active=True),
        },
    )


@require_POST
def successor_new(request, pk):
    position = get_object_or_404(sel.critical_positions_visible_to(request.user), pk=pk)
    if not can_manage_talent(request.user):
        raise PermissionDenied
    employee = Employee.objects.filter(nip=clean_nip(request.POST.get("nip"))).first()
    try:
        if employee is None:
            raise ValidationError(_("NIP tidak ditemukan."))
        successor_add(
            actor=request.user,
            position=position,
            employee=employee,
            readiness=request.POST.get("readiness", ""),
            outside_pool_reason=request.POST.get("outside_pool_reason", ""),
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("Suksesor ditambahkan."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("talent:critical_detail", pk=position.pk)


def _successor(request, pk) -> Successor:
    successor = get_object_or_404(
        Successor.objects.filter(
            position__in=sel.critical_positions_visible_to(request.user), is_active=True
        ).select_related("employee"),
        pk=pk,
    )
    if not can_manage_talent(request.user):
        raise PermissionDenied
    return successor


@require_POST
def successor_end(request, pk):
    successor = _successor(request, pk)
    try:
        successor_remove(
            actor=request.user, successor=successor, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Suksesor dikeluarkan dari rencana."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("talent:critical_detail", pk=successor.position_id)


@require_POST
def action_new(request, pk):
    successor = _successor(request, pk)
    data = request.POST
    try:
        try:
            target = dt.date.fromisoformat(data.get("target_date", ""))
        except ValueError:
            target = None
        successor_action_add(
            actor=request.user,
            successor=successor,
            description=data.get("description", ""),
            target_date=target,
            competency=Competency.objects.filter(pk=data.get("competency") or 0).first(),
            programme=Programme.objects.filter(pk=data.get("programme") or 0).first(),
        )
        messages.success(request, _("Tindak pengembangan ditambahkan."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("talent:critical_detail", pk=successor.position_id)


@require_POST
def appointment_new(request, pk):
    """BKPSDM records an appointment made outside a selection against the plan."""
    position = get_object_or_404(sel.critical_positions_visible_to(request.user), pk=pk)
    if not can_manage_talent(request.user):
        raise PermissionDenied
    try:
        try:
            effective = dt.date.fromisoformat(request.POST.get("effective_from", ""))
        except ValueError:
            effective = None
        succession_appointment_note(
            actor=request.user,
            position=position,
            employee=Employee.objects.filter(nip=clean_nip(request.POST.get("nip"))).first(),
            decree_number=request.POST.get("decree_number", ""),
            effective_from=effective,
        )
        messages.success(request, _("Pengangkatan dicatat pada rencana suksesi."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("talent:critical_detail", pk=position.pk)
