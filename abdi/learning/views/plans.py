"""Development plans and the training-needs analysis: thin adapters over selectors, services
and permissions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abdi.core.errors import error_messages, form_errors
from abdi.employees.permissions import own_employee
from abdi.learning.choices import PlanItemStatus, PlanStatus
from abdi.learning.forms.plans import ItemStatusForm, PlanItemForm, ReturnForm
from abdi.learning.models import DevelopmentPlan
from abdi.learning.permissions.common import is_superior_of, learners_visible_to
from abdi.learning.permissions.plans import (
    can_decide_plan,
    can_edit_plan,
    can_submit_plan,
    can_view_team_plans,
    can_view_tna,
    can_view_unit_tna,
    is_plan_owner,
    plan_item_or_404,
    plan_or_404,
    tna_paths,
)
from abdi.learning.selectors import plans as selectors_plans
from abdi.learning.selectors import tna as selectors_tna
from abdi.learning.services import plans as services
from abdi.org.forms import ScopedUnitForm
from abdi.org.models import OrgUnit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _plan_page(request, plan: DevelopmentPlan) -> str:
    """Where to go back to: the owner's own page for the plan, else the plan's page."""
    if is_plan_owner(request.user, plan):
        return f"{reverse('learning:my_plan')}?{urlencode({'year': plan.year})}"
    return reverse("learning:plan_detail", args=[plan.pk])


def _programme_links() -> bool:
    """The catalogue's programme page, when that area provides one."""
    try:
        reverse("learning:programme_detail", kwargs={"pk": 1})
    except NoReverseMatch:
        return False
    return True


# Keyed by the status as stored (a plain string); the members compare and hash equal to it.
STATUS_ACTIONS: dict[str, list[tuple[PlanItemStatus, str, str]]] = {
    PlanItemStatus.PLANNED: [
        (PlanItemStatus.IN_PROGRESS, "play", "outline-primary"),
        (PlanItemStatus.CANCELLED, "x-circle", "outline-secondary"),
    ],
    PlanItemStatus.IN_PROGRESS: [
        (PlanItemStatus.DONE, "check2-circle", "outline-success"),
        (PlanItemStatus.CANCELLED, "x-circle", "outline-secondary"),
    ],
    PlanItemStatus.CANCELLED: [
        (PlanItemStatus.PLANNED, "arrow-counterclockwise", "outline-primary")
    ],
    PlanItemStatus.DONE: [],
}


def _plan_context(request, plan: DevelopmentPlan | None, *, employee, year: int) -> dict:
    user = request.user
    context = {
        "plan": plan,
        "employee": employee,
        "year": year,
        "items": [],
        "programme_links": _programme_links(),
        "years": [],
    }
    if plan is None:
        return context
    items = selectors_plans.plan_items(plan)
    editor = can_edit_plan(user, plan)
    decider = can_decide_plan(user, plan)
    editable = plan.status in selectors_plans.EDITABLE_PLAN
    agreed = plan.status == PlanStatus.AGREED
    for item in items:
        actions: list[tuple[str, StrOrPromise, str, str]] = []
        if editor and agreed:
            for status, icon, style in STATUS_ACTIONS[item.status]:
                if status == PlanItemStatus.DONE and (item.programme_id or not decider):
                    continue
                actions.append((status, PlanItemStatus(status).label, icon, style))
        item.status_actions = actions
        item.removable = (
            editor
            and editable
            and item.status in (PlanItemStatus.PLANNED, PlanItemStatus.CANCELLED)
            and not item.linked
        )
        item.editable = editor and editable and item.status != PlanItemStatus.DONE
    context.update(
        items=items,
        is_owner=is_plan_owner(user, plan),
        can_edit=editor and editable,
        can_add=editor and plan.status != PlanStatus.SUBMITTED,
        can_propose=editor and editable and plan.year in services.allowed_years(),
        can_submit=can_submit_plan(user, plan) and editable,
        can_decide=decider and plan.status == PlanStatus.SUBMITTED,
        return_form=ReturnForm(),
        active_items=sum(1 for i in items if i.status != PlanItemStatus.CANCELLED),
    )
    return context


@require_http_methods(["GET", "POST"])
def my_plan(request):
    me = own_employee(request.user)
    if me is None:
        return render(request, "learning/plans/no_employee.html")
    allowed = services.allowed_years()
    years = sorted(set(allowed) | set(selectors_plans.plan_years(me)), reverse=True)
    raw = request.POST.get("year") or request.GET.get("year") or ""
    year = int(raw) if raw.isdigit() and int(raw) in years else timezone.localdate().year
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "propose":
                result = services.plan_propose(actor=request.user, employee=me, year=year)
                _proposal_message(request, result)
            elif action == "start":
                services.plan_start(actor=request.user, employee=me, year=year)
            else:
                return HttpResponse(status=400)
        except ValidationError as exc:
            for message in error_messages(exc):
                messages.error(request, message)
        return redirect(f"{reverse('learning:my_plan')}?{urlencode({'year': year})}")
    plan = selectors_plans.plan_for(me, year)
    context = _plan_context(request, plan, employee=me, year=year)
    context.update(years=years, own_page=True, allowed_years=allowed)
    return render(request, "learning/plans/plan_detail.html", context)


def _proposal_message(request, result) -> None:
    if not (result.added or result.refreshed or result.withdrawn):
        messages.info(
            request,
            _("Tidak ada usulan baru: semua kesenjangan dan evaluasi sudah tercakup rencana."),
        )
        return
    messages.success(
        request,
        _("Usulan diperbarui: %(added)d butir baru, %(refreshed)d diperbarui, %(gone)d ditarik.")
        % {
            "added": len(result.added),
            "refreshed": len(result.refreshed),
            "gone": result.withdrawn,
        },
    )


def _employee_years(employee) -> list[int]:
    """The years a plan page offers: this year and the next, and every year with a plan."""
    return sorted(
        set(services.allowed_years()) | set(selectors_plans.plan_years(employee)), reverse=True
    )


def plan_detail(request, pk):
    plan = plan_or_404(request.user, pk)
    context = _plan_context(request, plan, employee=plan.employee, year=plan.year)
    if not context.get("is_owner"):
        context["years"] = _employee_years(plan.employee)
    return render(request, "learning/plans/plan_detail.html", context)


def employee_plan(request, nip):
    """An employee's plan of a year as the people who see the employee find it: the plan's page
    when there is one, else an empty page from which a superior starts it."""
    employee = get_object_or_404(learners_visible_to(request.user), nip=nip)
    years = _employee_years(employee)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else timezone.localdate().year
    me = own_employee(request.user)
    if me is not None and me.pk == employee.pk:
        return redirect(f"{reverse('learning:my_plan')}?{urlencode({'year': year})}")
    plan = selectors_plans.plan_for(employee, year)
    if plan is not None:
        return redirect("learning:plan_detail", pk=plan.pk)
    context = _plan_context(request, None, employee=employee, year=year)
    context.update(
        years=years,
        can_start=is_superior_of(request.user, employee)
        and employee.is_active
        and year in services.allowed_years(),
    )
    return render(request, "learning/plans/plan_detail.html", context)


@require_POST
def plan_start_for(request, nip):
    """A superior starts a subordinate's plan (anyone else: 404, the employee is not theirs)."""
    employee = get_object_or_404(selectors_plans.subordinates(request.user), nip=nip)
    raw = request.POST.get("year", "")
    year = int(raw) if raw.isdigit() else 0
    existing = selectors_plans.plan_for(employee, year)
    if existing is not None:
        messages.info(
            request,
            _("%(name)s sudah memiliki rencana %(year)d.") % {"name": employee.name, "year": year},
        )
        return redirect("learning:plan_detail", pk=existing.pk)
    try:
        plan = services.plan_start(actor=request.user, employee=employee, year=year)
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
        back = (
            reverse("learning:team_plans")
            if request.POST.get("next") == "team"
            else reverse("learning:employee_plan", args=[employee.nip])
        )
        return redirect(f"{back}?{urlencode({'year': year})}" if year else back)
    messages.success(
        request,
        _(
            "Rencana %(year)d untuk %(name)s dibuat dan pegawai diberi tahu. Tambahkan butir "
            "atau usulkan dari kesenjangan; pegawai yang mengajukannya untuk disepakati."
        )
        % {"year": year, "name": employee.name},
    )
    return redirect("learning:plan_detail", pk=plan.pk)


@require_POST
def plan_propose(request, pk):
    plan = plan_or_404(request.user, pk)
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    try:
        result = services.plan_propose(actor=request.user, employee=plan.employee, year=plan.year)
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    else:
        _proposal_message(request, result)
    return redirect(_plan_page(request, plan))


@require_http_methods(["GET", "POST"])
def plan_item_create(request, pk):
    plan = plan_or_404(request.user, pk)
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    form = PlanItemForm(request.POST or None, year=plan.year)
    if request.method == "POST" and form.is_valid():
        was_agreed = plan.status == PlanStatus.AGREED
        try:
            services.plan_item_add(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request,
                _("Butir ditambahkan; rencana dibuka kembali dan perlu diajukan ulang ke atasan.")
                if was_agreed
                else _("Butir rencana ditambahkan."),
            )
            return redirect(_plan_page(request, plan))
    return render(
        request,
        "learning/plans/item_form.html",
        {"plan": plan, "form": form, "item": None, "back": _plan_page(request, plan)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def plan_item_edit(request, pk):
    item = plan_item_or_404(request.user, pk)
    plan = item.plan
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    form = PlanItemForm(request.POST or None, year=plan.year, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_item_update(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Butir rencana diperbarui."))
            return redirect(_plan_page(request, plan))
    return render(
        request,
        "learning/plans/item_form.html",
        {"plan": plan, "form": form, "item": item, "back": _plan_page(request, plan)},
        status=400 if form.errors else 200,
    )


@require_POST
def plan_item_delete(request, pk):
    item = plan_item_or_404(request.user, pk)
    plan = item.plan
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    try:
        services.plan_item_remove(actor=request.user, item=item)
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Butir rencana dihapus."))
    return redirect(_plan_page(request, plan))


@require_POST
def plan_item_status(request, pk):
    item = plan_item_or_404(request.user, pk)
    plan = item.plan
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    form = ItemStatusForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Status butir tidak dikenal."))
        services.plan_item_set_status(
            actor=request.user, item=item, status=form.cleaned_data["status"]
        )
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Status butir diperbarui."))
    return redirect(_plan_page(request, plan))


@require_POST
def plan_submit(request, pk):
    plan = plan_or_404(request.user, pk)
    if not can_submit_plan(request.user, plan):
        raise PermissionDenied
    try:
        services.plan_submit(actor=request.user, plan=plan)
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Rencana diajukan ke atasan untuk disepakati."))
    return redirect(_plan_page(request, plan))


def _subordinate_plan_or_404(user, pk) -> DevelopmentPlan:
    """Agree and return: only a superior of the employee finds the plan; anyone else a 404."""
    return get_object_or_404(selectors_plans.subordinate_plans(user), pk=pk)


@require_POST
def plan_agree(request, pk):
    plan = _subordinate_plan_or_404(request.user, pk)
    try:
        services.plan_agree(actor=request.user, plan=plan)
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Rencana pengembangan disepakati."))
    return redirect("learning:plan_detail", pk=plan.pk)


@require_POST
def plan_return(request, pk):
    plan = _subordinate_plan_or_404(request.user, pk)
    form = ReturnForm(request.POST)
    form.is_valid()
    try:
        services.plan_return(actor=request.user, plan=plan, note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Rencana dikembalikan kepada pegawai dengan catatan."))
    return redirect("learning:plan_detail", pk=plan.pk)


def team_plans(request):
    if not can_view_team_plans(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    year = (
        int(raw) if raw.isdigit() and today.year - 5 <= int(raw) <= today.year + 1 else today.year
    )
    page, summary = selectors_plans.team_plans(
        request.user, year=year, page=request.GET.get("page")
    )
    return render(
        request,
        "learning/plans/team_plans.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "counts": [(v, label, summary.get(v, 0)) for v, label in PlanStatus.choices]
            + [("none", _("Belum dibuat"), summary.get("none", 0))],
            "year": year,
            "years": list(range(today.year + 1, today.year - 3, -1)),
            "can_start": year in services.allowed_years(),
        },
    )


def _tna_request(request):
    """(unit, year) from the query string, within the user's scope."""
    if not can_view_tna(request.user):
        raise PermissionDenied
    paths = tna_paths(request.user)
    raw = request.GET.get("unit", "")
    if raw.isdigit():
        unit = get_object_or_404(OrgUnit, pk=raw)
        if not can_view_unit_tna(request.user, unit):
            raise PermissionDenied
    else:
        unit = (
            (
                OrgUnit.objects.filter(is_active=True, depth=1)
                if paths is None
                else OrgUnit.objects.filter(is_active=True, path__in=paths)
            )
            .order_by("path")
            .first()
        )
        if unit is None:
            raise PermissionDenied
    today = timezone.localdate()
    raw_year = request.GET.get("year", "")
    year = (
        int(raw_year)
        if raw_year.isdigit() and today.year - 5 <= int(raw_year) <= today.year + 1
        else today.year
    )
    return unit, year


def tna(request):
    unit, year = _tna_request(request)
    data = selectors_tna.training_needs(unit, year)
    today = timezone.localdate()
    return render(
        request,
        "learning/plans/tna.html",
        {
            "data": data,
            "unit": unit,
            "year": year,
            # The unit shown is preselected: the agency for BKPSDM, the leader's own unit.
            "unit_form": ScopedUnitForm(user=request.user, scope="tna", initial={"unit": unit.pk}),
            "years": list(range(today.year + 1, today.year - 3, -1)),
            "programme_links": _programme_links(),
            "export_query": urlencode({"unit": unit.pk, "year": year}),
        },
    )


def tna_export(request):
    unit, year = _tna_request(request)
    content = selectors_tna.tna_workbook(selectors_tna.training_needs(unit, year))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="analisis-kebutuhan-pelatihan-{unit.code}-{year}.xlsx"'
    )
    return response
