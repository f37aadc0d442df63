"""Pages of transfer requests and rotation plans."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from abdi.careers import selectors, services
from abdi.careers.forms.mutations import (
    DecideForm,
    RotationMoveForm,
    RotationPlanForm,
    TransferDecreeForm,
    TransferRequestForm,
)
from abdi.careers.models import RotationMove, RotationPlanStatus, TransferStatus
from abdi.careers.permissions.mutations import (
    can_decide_transfer,
    can_manage_rotation,
    can_record_transfer_decree,
    can_request_transfer,
    can_view_rotations,
    can_withdraw_transfer,
    rotation_plans_visible_to,
    transfer_approver_stage,
)
from abdi.core.errors import form_errors


def _page_size() -> int:
    return settings.ABDI_LIST_PAGE_SIZE


@require_GET
def transfer_list(request):
    status = request.GET.get("status", "")
    status = status if status in TransferStatus.values else ""
    qs = selectors.transfer_list(user=request.user, status=status)
    page = Paginator(qs, _page_size()).get_page(request.GET.get("page"))
    return render(
        request,
        "careers/mutations/transfer_list.html",
        {
            "page_obj": page,
            "requests": page.object_list,
            "status": status,
            "statuses": TransferStatus.choices,
            "can_request": can_request_transfer(request.user),
            "perms_rotations": can_view_rotations(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def transfer_create(request):
    if not can_request_transfer(request.user):
        raise PermissionDenied
    form = TransferRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        position = d["destination_position_code"]
        try:
            transfer = services.transfer_request_submit(
                actor=request.user,
                kind=d["kind"],
                reason=d["reason"],
                document=d["document"],
                destination_unit=d["destination_unit"],
                destination_position=position,
                destination_agency=d["destination_agency"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Permohonan pindah diajukan."))
            return redirect("careers:transfer_detail", pk=transfer.pk)
    return render(request, "careers/mutations/transfer_form.html", {"form": form})


def _transfer_page(request, transfer, decide_form=None, decree_form=None, status=200):
    user = request.user
    return render(
        request,
        "careers/mutations/transfer_detail.html",
        {
            "transfer": transfer,
            "steps": selectors.transfer_steps(transfer),
            "stage": transfer_approver_stage(user, transfer),
            "decide_form": decide_form or DecideForm(),
            "decree_form": (decree_form or TransferDecreeForm())
            if can_record_transfer_decree(user, transfer)
            else None,
            "can_withdraw": can_withdraw_transfer(user, transfer),
        },
        status=status,
    )


@require_GET
def transfer_detail(request, pk):
    transfer = get_object_or_404(selectors.transfer_detail_queryset(user=request.user), pk=pk)
    return _transfer_page(request, transfer)


@require_GET
def transfer_document(request, pk):
    transfer = get_object_or_404(selectors.transfer_detail_queryset(user=request.user), pk=pk)
    return FileResponse(transfer.document.open("rb"), as_attachment=True)


@require_POST
def transfer_decide(request, pk):
    transfer = get_object_or_404(selectors.transfer_detail_queryset(user=request.user), pk=pk)
    if not can_decide_transfer(request.user, transfer):
        raise PermissionDenied
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            services.transfer_decide(
                actor=request.user,
                request=transfer,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Keputusan dicatat."))
            return redirect("careers:transfer_detail", pk=transfer.pk)
    return _transfer_page(request, transfer, decide_form=form, status=400)


@require_POST
def transfer_decree(request, pk):
    transfer = get_object_or_404(selectors.transfer_detail_queryset(user=request.user), pk=pk)
    if not can_record_transfer_decree(request.user, transfer):
        raise PermissionDenied
    form = TransferDecreeForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.transfer_record_decree(
                actor=request.user,
                request=transfer,
                decree_number=d["decree_number"],
                decree_date=d["decree_date"],
                effective_from=d["effective_from"],
                position=d["position_code"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("SK pindah dicatat."))
            return redirect("careers:transfer_detail", pk=transfer.pk)
    return _transfer_page(request, transfer, decree_form=form, status=400)


@require_POST
def transfer_withdraw(request, pk):
    transfer = get_object_or_404(selectors.transfer_detail_queryset(user=request.user), pk=pk)
    if not can_withdraw_transfer(request.user, transfer):
        raise PermissionDenied
    services.transfer_withdraw(actor=request.user, request=transfer)
    messages.success(request, _("Permohonan dibatalkan."))
    return redirect("careers:transfer_detail", pk=transfer.pk)


# --- Rotation plans -----------------------------------------------------------------------


def _rotation_reader(user) -> None:
    if not can_view_rotations(user):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def rotation_list(request):
    _rotation_reader(request.user)
    form = RotationPlanForm(request.POST or None)
    if request.method == "POST":
        if not can_manage_rotation(request.user):
            raise PermissionDenied
        if form.is_valid():
            plan = services.rotation_plan_create(
                actor=request.user,
                title=form.cleaned_data["title"],
                effective_from=form.cleaned_data["effective_from"],
            )
            return redirect("careers:rotation_detail", pk=plan.pk)
    page = Paginator(selectors.rotation_plan_list(user=request.user), _page_size()).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "careers/mutations/rotation_list.html",
        {
            "page_obj": page,
            "plans": page.object_list,
            "form": form if can_manage_rotation(request.user) else None,
        },
    )


def _rotation_page(request, plan, move_form=None, status=200):
    moves = list(selectors.rotation_moves(plan))
    report = plan.check_report or {}
    by_move = report.get("moves", {})
    for move in moves:
        move.report = by_move.get(str(move.pk))
    editable = can_manage_rotation(request.user) and plan.status == RotationPlanStatus.DRAFT
    return render(
        request,
        "careers/mutations/rotation_detail.html",
        {
            "plan": plan,
            "moves": moves,
            "report": report,
            "vacancies": selectors.vacancy_rows(plan),
            "chains": report.get("chains", []),
            "steps": plan.steps.select_related("actor"),
            "editable": editable,
            "can_apply": can_manage_rotation(request.user)
            and plan.status in (RotationPlanStatus.DRAFT, RotationPlanStatus.SCHEDULED),
            "move_form": (move_form or RotationMoveForm()) if editable else None,
        },
        status=status,
    )


@require_GET
def rotation_detail(request, pk):
    plan = get_object_or_404(selectors.rotation_plan_detail_queryset(user=request.user), pk=pk)
    return _rotation_page(request, plan)


@require_POST
def rotation_move_add(request, pk):
    plan = get_object_or_404(selectors.rotation_plan_detail_queryset(user=request.user), pk=pk)
    if not can_manage_rotation(request.user):
        raise PermissionDenied
    form = RotationMoveForm(request.POST)
    if form.is_valid():
        try:
            services.rotation_move_add(
                actor=request.user,
                plan=plan,
                employee=form.cleaned_data["nip"],
                target_position=form.cleaned_data["position_code"],
                decree_number=form.cleaned_data["decree_number"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect("careers:rotation_detail", pk=plan.pk)
    return _rotation_page(request, plan, move_form=form, status=400)


@require_POST
def rotation_move_remove(request, pk):
    move = get_object_or_404(
        RotationMove.objects.filter(plan__in=rotation_plans_visible_to(request.user)), pk=pk
    )
    if not can_manage_rotation(request.user):
        raise PermissionDenied
    try:
        services.rotation_move_remove(actor=request.user, move=move)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("careers:rotation_detail", pk=move.plan_id)


@require_POST
def rotation_action(request, pk, action):
    plan = get_object_or_404(selectors.rotation_plan_detail_queryset(user=request.user), pk=pk)
    if not can_manage_rotation(request.user):
        raise PermissionDenied
    run = {
        "check": services.rotation_plan_check,
        "apply": services.rotation_plan_apply,
        "cancel": services.rotation_plan_cancel,
    }.get(action)
    if run is None:
        raise PermissionDenied
    try:
        run(actor=request.user, plan=plan)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        plan.refresh_from_db()
        done = {
            "check": _("Rencana diperiksa."),
            "apply": _("Rencana diterapkan.")
            if plan.status == RotationPlanStatus.APPLIED
            else _("Rencana dijadwalkan; diterapkan otomatis pada TMT."),
            "cancel": _("Rencana dibatalkan."),
        }[action]
        messages.success(request, done)
    return redirect("careers:rotation_detail", pk=plan.pk)
