"""Competency pages: thin adapters over selectors, services and permissions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.competency import imports, selectors, services
from abdi.competency.choices import LEVELS
from abdi.competency.forms import AssessmentForm, StandardPositionForm, TargetPositionForm
from abdi.competency.models import Assessment, Competency
from abdi.competency.permissions import (
    can_manage_competency,
    can_view_heatmaps,
    can_view_unit_heatmap,
    gap_employee_or_404,
)
from abdi.org.models import OrgUnit, Position

SUGGESTED_TARGETS = 8  # positions the gap page's picker offers before any search


def dictionary(request):
    can_manage = can_manage_competency(request.user)
    chosen = request.GET.get("position", "")
    if can_manage and chosen.isdigit():
        return redirect("competency:position_standard", pk=chosen)
    return render(
        request,
        "competency/dictionary.html",
        {
            "competencies": selectors.competency_list(),
            "can_manage": can_manage,
            "position_form": StandardPositionForm() if can_manage else None,
        },
    )


def competency_detail(request, pk):
    competency = get_object_or_404(Competency.objects.prefetch_related("levels"), pk=pk)
    return render(
        request,
        "competency/detail.html",
        {"competency": competency, "can_manage": can_manage_competency(request.user)},
    )


def _error_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [str(m) for msgs in exc.message_dict.values() for m in msgs]
    return [str(m) for m in exc.messages]


@require_http_methods(["GET", "POST"])
def position_standard(request, pk):
    if not can_manage_competency(request.user):
        raise PermissionDenied
    position = get_object_or_404(Position.objects.select_related("org_unit"), pk=pk)
    competencies = list(selectors.competency_list())
    book = selectors.StandardBook([position.pk])
    current = book.required(position.pk, position.kind)
    errors: list[str] = []
    if request.method == "POST":
        submitted = {c.pk: request.POST.get(f"level_{c.pk}", "") for c in competencies}
        try:
            services.position_standard_set(actor=request.user, position=position, levels=submitted)
        except ValidationError as exc:
            errors = _error_messages(exc)
            current = {c.pk: submitted[c.pk] for c in competencies}
        else:
            messages.success(request, _("Standar kompetensi jabatan disimpan."))
            return redirect("competency:position_standard", pk=position.pk)
    rows = [(c, str(current.get(c.pk) or "")) for c in competencies]
    return render(
        request,
        "competency/position_standard.html",
        {
            "position": position,
            "rows": rows,
            "levels": [str(lvl) for lvl in LEVELS],
            "is_default": book.is_default(position.pk),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def assessment_create(request, nip):
    employee = gap_employee_or_404(request.user, nip)
    if not can_manage_competency(request.user):
        raise PermissionDenied
    competencies = selectors.competency_list()
    form = AssessmentForm(request.POST or None, competencies=competencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_record(
                actor=request.user,
                employee=employee,
                date=data["date"],
                method=data["method"],
                assessor=data["assessor"],
                levels=form.levels(),
                potential_score=data["potential_score"],
            )
        except ValidationError as exc:
            for message in _error_messages(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Hasil asesmen dicatat."))
            return redirect("competency:employee_gaps", nip=employee.nip)
    history = Assessment.objects.filter(employee=employee).prefetch_related("results__competency")[
        :10
    ]
    return render(
        request,
        "competency/assessment_form.html",
        {"employee": employee, "form": form, "history": history},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def assessment_import(request):
    if not can_manage_competency(request.user):
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [_("Pilih berkas XLSX.")]
        elif upload.size > settings.ABDI_IMPORT_MAX_BYTES:
            errors = [_("Berkas terlalu besar.")]
        else:
            try:
                count = imports.assessment_import(actor=request.user, file=upload)
            except ValidationError as exc:
                errors = _error_messages(exc)
            else:
                messages.success(request, _("%(n)d hasil asesmen diimpor.") % {"n": count})
                return redirect("competency:assessment_import")
    codes = selectors.competency_list().values_list("code", flat=True)
    return render(
        request,
        "competency/assessment_import.html",
        {"errors": errors, "codes": list(codes)},
        status=400 if errors else 200,
    )


def employee_gaps(request, nip):
    employee = gap_employee_or_404(request.user, nip)
    target = None
    if request.GET.get("target_position"):
        target = (
            get_object_or_404(Position, pk=request.GET["target_position"])
            if request.GET["target_position"].isdigit()
            else None
        )
    result = selectors.employee_gaps(employee, target)
    return render(
        request,
        "competency/employee_gaps.html",
        {
            "employee": employee,
            "result": result,
            "target": target,
            "target_form": TargetPositionForm(
                initial={"target_position": target.pk if target else None},
                suggested=_suggested_targets(employee),
            ),
            "can_manage": can_manage_competency(request.user),
            "history": Assessment.objects.filter(employee=employee)[:5],
        },
    )


def _suggested_targets(employee) -> list[Position]:
    """The positions offered before any search: the unit heads of the employee's OPD, the
    usual next steps (bounded: an OPD has many units)."""
    if employee.org_unit_id is None:
        return []
    opd_path = employee.org_unit.path[: 2 * OrgUnit.steplen]
    return list(
        Position.objects.filter(
            is_active=True, is_unit_head=True, org_unit__path__startswith=opd_path
        )
        .select_related("org_unit")
        .order_by("org_unit__path", "name")[:SUGGESTED_TARGETS]
    )


def heatmap_home(request):
    if not can_view_heatmaps(request.user):
        raise PermissionDenied
    paths = (
        None
        if is_bkpsdm_admin(request.user) or is_auditor(request.user)
        else role_scope(request.user).paths_for(Role.LEADER)
    )
    units = OrgUnit.objects.filter(is_active=True)
    unit = (
        (units.filter(depth=1) if paths is None else units.filter(path__in=paths))
        .order_by("path")
        .first()
    )
    if unit is None:
        raise PermissionDenied
    return redirect("competency:unit_heatmap", pk=unit.pk)


# Workshop suggestions shown on the heat-map: the first ones open, the rest folded; beyond that
# only their number (a big OPD has thousands; each sub-unit's own heat-map lists its share).
SUGGESTIONS_OPEN, SUGGESTIONS_LISTED = 10, 50


def _heat_cells(row, competencies, decimal_separator: str) -> str:
    """The row's cells as HTML, built here rather than in the template: a big OPD has
    thousands of cells, and template nodes, escaping and number localisation per cell cost
    most of a second there. Safe without escaping: every value is a number formatted here."""
    cells = []
    for cell in row.cell_list(competencies):
        share = cell.share
        if share is None:
            cells.append('<td class="text-muted">—</td>')
            continue
        shade = 3 if share >= 50 else 2 if share >= 25 else 1 if share > 0 else 0
        text = f"{share:.1f}".replace(".", decimal_separator)
        cells.append(f'<td class="heat-{shade}" title="{cell.below:d}/{cell.total:d}">{text}%</td>')
    return mark_safe("".join(cells))  # noqa: S308 — numbers only, see the docstring


def unit_heatmap(request, pk):
    if not can_view_heatmaps(request.user):
        raise PermissionDenied
    unit = get_object_or_404(OrgUnit, pk=pk)
    if not can_view_unit_heatmap(request.user, unit):
        raise Http404  # a unit outside the leader's scope
    heatmap = selectors.unit_heatmap(unit)
    if heatmap["needs_rebuild"]:
        services.requirement_counts_rebuild_request()
    separator = get_format("DECIMAL_SEPARATOR")
    rows = [(row, _heat_cells(row, heatmap["competencies"], separator)) for row in heatmap["rows"]]
    suggestions = selectors.workshop_suggestions(unit, heatmap=heatmap)
    return render(
        request,
        "competency/unit_heatmap.html",
        {
            "unit": unit,
            "heatmap": heatmap,
            "rows": rows,
            "ancestors": OrgUnit.objects.filter(
                path__in=[unit.path[:i] for i in range(unit.steplen, len(unit.path), unit.steplen)]
            ).order_by("path"),
            "suggestions_open": suggestions[:SUGGESTIONS_OPEN],
            "suggestions_folded": suggestions[SUGGESTIONS_OPEN:SUGGESTIONS_LISTED],
            "suggestions_unlisted": max(len(suggestions) - SUGGESTIONS_LISTED, 0),
        },
    )
