"""Pages of due lists and proposals: thin adapters over the selectors, services and
permissions. Out-of-scope records are 404; actions the user may not take are 403."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms import Form
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from abdi.accounts.permissions import is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.careers import selectors, services
from abdi.careers.forms.proposals import (
    BatchCreateForm,
    DecreeForm,
    DueFilterForm,
    RefuseForm,
    TechnicalForm,
    VerifyForm,
    default_period,
)
from abdi.careers.models import Proposal, ProposalKind, ProposalStatus
from abdi.careers.permissions.proposals import (
    can_decide_proposal,
    can_propose,
    can_view_due_lists,
    due_unit_paths,
    proposals_visible_to,
)
from abdi.careers.spreadsheets import XLSX_CONTENT_TYPE
from abdi.core.errors import flash_errors, form_errors
from abdi.employees.models import Employee
from abdi.org.forms import ScopedUnitForm
from abdi.org.models import OrgUnit


def _page_size() -> int:
    return settings.ABDI_LIST_PAGE_SIZE


def unit_ids(user) -> set[int]:
    """The active units a due list or workforce page can be narrowed to (due_unit_paths)."""
    units = OrgUnit.objects.filter(is_active=True)
    paths = due_unit_paths(user)
    if paths is not None:
        condition = Q(pk__in=[])
        for path in paths:
            condition |= Q(path__startswith=path)
        units = units.filter(condition)
    return set(units.values_list("pk", flat=True))


def unit_form(user, unit: OrgUnit | None) -> ScopedUnitForm:
    """The pages' unit picker over due_unit_paths, preselected with the unit shown."""
    return ScopedUnitForm(
        user=user,
        scope="careers",
        label=_("Unit kerja"),
        initial={"unit": unit.pk if unit else None},
    )


@require_GET
def due_list(request):
    if not can_view_due_lists(request.user):
        raise PermissionDenied
    units = unit_ids(request.user)
    data = request.GET.copy()
    data.setdefault("kind", ProposalKind.KP)
    if data["kind"] in ProposalKind.values and not (data.get("date_from") or data.get("date_to")):
        start, end = default_period(data["kind"])
        data["date_from"], data["date_to"] = start.isoformat(), end.isoformat()
    form = DueFilterForm(data, units=units)
    context = {
        "form": form,
        "can_propose": can_propose(request.user),
        "rows": [],
        "page_obj": None,
        "unit_form": unit_form(request.user, None),
    }
    if form.is_valid():
        d = form.cleaned_data
        unit = OrgUnit.objects.get(pk=d["unit"]) if d.get("unit") else None
        due = selectors.DueList(
            kind=d["kind"],
            period_start=d["date_from"],
            period_end=d["date_to"],
            user=request.user,
            unit=unit,
        )
        page = due.paginator(_page_size()).get_page(request.GET.get("page"))
        context.update(
            {
                "page_obj": page,
                "rows": due.rows(page.object_list),
                "kind": d["kind"],
                "kind_label": ProposalKind(d["kind"]).label,
                "date_from": d["date_from"],
                "date_to": d["date_to"],
                "unit": unit,
                "unit_form": unit_form(request.user, unit),
                "batch_form": BatchCreateForm(
                    initial={
                        "kind": d["kind"],
                        "date_from": d["date_from"],
                        "date_to": d["date_to"],
                        "unit": unit.pk if unit else "",
                    }
                ),
            }
        )
    return render(request, "careers/proposals/due_list.html", context)


def _proposing_unit(user, unit: OrgUnit | None, employees: list[Employee]) -> OrgUnit | None:
    if unit is not None:
        return unit
    paths = role_scope(user).paths_for(Role.OPERATOR)
    if not is_bkpsdm_admin(user) and paths:
        return OrgUnit.objects.filter(path=paths[0]).first()
    if employees:
        return OrgUnit.objects.filter(path=employees[0].org_unit.path[:4]).first()
    return None


@require_POST
def batch_create(request):
    if not can_propose(request.user):
        raise PermissionDenied
    form = BatchCreateForm(request.POST)
    back = reverse("careers:due_list")
    if not form.is_valid():
        messages.error(request, _("Data usulan tidak lengkap; muat ulang daftar dan coba lagi."))
        return redirect(back)
    d = form.cleaned_data
    back += "?" + urlencode(
        {
            "kind": d["kind"],
            "date_from": d["date_from"],
            "date_to": d["date_to"],
            "unit": d.get("unit") or "",
        }
    )
    ids = [int(v) for v in request.POST.getlist("employees") if v.isdigit()]
    employees = list(Employee.objects.filter(pk__in=ids).select_related("org_unit"))
    unit = OrgUnit.objects.filter(pk=d["unit"]).first() if d.get("unit") else None
    org_unit = _proposing_unit(request.user, unit, employees)
    if org_unit is None:
        messages.error(request, _("Pilih paling sedikit satu pegawai."))
        return redirect(back)
    try:
        batch = services.proposal_batch_create(
            actor=request.user,
            kind=d["kind"],
            period_start=d["date_from"],
            period_end=d["date_to"],
            org_unit=org_unit,
            employees=employees,
            note=d.get("note") or "",
        )
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect(back)
    messages.success(request, _("%(n)d pegawai diusulkan.") % {"n": batch.proposals.count()})
    return redirect("careers:batch_detail", pk=batch.pk)


@require_GET
def proposal_list(request):
    visible = proposals_visible_to(request.user)
    if not (can_view_due_lists(request.user) or visible.exists()):
        raise PermissionDenied
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    kind = kind if kind in ProposalKind.values else ""
    status = status if status in ProposalStatus.values else ""
    qs = selectors.proposal_list(user=request.user, kind=kind, status=status)
    page = Paginator(qs, _page_size()).get_page(request.GET.get("page"))
    return render(
        request,
        "careers/proposals/proposal_list.html",
        {
            "page_obj": page,
            "proposals": page.object_list,
            "batches": selectors.batch_list(user=request.user, kind=kind)[:10],
            "kind": kind,
            "status": status,
            "kinds": ProposalKind.choices,
            "statuses": ProposalStatus.choices,
            "can_propose": can_propose(request.user),
        },
    )


@require_GET
def batch_detail(request, pk):
    batch = get_object_or_404(selectors.batch_detail_queryset(user=request.user), pk=pk)
    return render(
        request,
        "careers/proposals/batch_detail.html",
        {
            "batch": batch,
            "proposals": selectors.batch_proposals(batch),
            "can_decide": can_decide_proposal(request.user),
        },
    )


@require_GET
def batch_export(request, pk):
    batch = get_object_or_404(selectors.batch_detail_queryset(user=request.user), pk=pk)
    response = HttpResponse(selectors.batch_xlsx(batch), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="usulan-{batch.kind}-{batch.pk}.xlsx"'
    return response


def _action_forms(
    proposal: Proposal, data: QueryDict | None = None, which: str = ""
) -> dict[str, Form]:
    def bound(name: str) -> QueryDict | None:
        return data if which == name else None

    forms: dict[str, Form] = {}
    if proposal.status == ProposalStatus.PROPOSED:
        forms["verify"] = VerifyForm(bound("verify"), kind=proposal.kind, prefix="verify")
    if proposal.status == ProposalStatus.VERIFIED and ProposalKind.needs_technical_approval(
        proposal.kind
    ):
        forms["technical"] = TechnicalForm(bound("technical"), prefix="technical")
    ready = (
        ProposalStatus.APPROVED
        if ProposalKind.needs_technical_approval(proposal.kind)
        else ProposalStatus.VERIFIED
    )
    if proposal.status == ready:
        forms["decree"] = DecreeForm(
            bound("decree"),
            kind=proposal.kind,
            prefix="decree",
            initial={"effective_from": proposal.due_date},
        )
    if proposal.is_open:
        forms["refuse"] = RefuseForm(bound("refuse"), prefix="refuse")
    return forms


def _proposal_page(request, proposal, forms, status=200):
    return render(
        request,
        "careers/proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "steps": selectors.proposal_steps(proposal),
            "forms": forms if can_decide_proposal(request.user, proposal) else {},
        },
        status=status,
    )


@require_GET
def proposal_detail(request, pk):
    proposal = get_object_or_404(selectors.proposal_detail_queryset(user=request.user), pk=pk)
    return _proposal_page(request, proposal, _action_forms(proposal))


@require_POST
def proposal_action(request, pk, action):
    proposal = get_object_or_404(selectors.proposal_detail_queryset(user=request.user), pk=pk)
    if not can_decide_proposal(request.user, proposal):
        raise PermissionDenied
    forms = _action_forms(proposal, request.POST, action)
    form = forms.get(action)
    if form is None:
        messages.error(request, _("Tindakan ini tidak tersedia pada status usulan sekarang."))
        return redirect("careers:proposal_detail", pk=proposal.pk)
    if not form.is_valid():
        return _proposal_page(request, proposal, forms, status=400)
    d = form.cleaned_data
    try:
        if action == "verify":
            services.proposal_verify(
                actor=request.user, proposal=proposal, checklist=form.checklist(), note=d["note"]
            )
        elif action == "technical":
            services.proposal_record_technical_approval(
                actor=request.user, proposal=proposal, number=d["number"], date=d["date"]
            )
        elif action == "decree":
            services.proposal_record_decree(
                actor=request.user,
                proposal=proposal,
                decree_number=d["decree_number"],
                decree_date=d["decree_date"],
                effective_from=d["effective_from"],
                basic_salary=d.get("basic_salary"),
            )
        else:
            services.proposal_refuse(actor=request.user, proposal=proposal, reason=d["reason"])
    except ValidationError as exc:
        form_errors(form, exc)
        return _proposal_page(request, proposal, forms, status=400)
    messages.success(request, _("Usulan diperbarui."))
    return redirect("careers:proposal_detail", pk=proposal.pk)
