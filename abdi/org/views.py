"""Organisation pages: the unit kerja tree, a unit's page, the unit and position forms.

Everyone signed in may read the organisation (it is not personal data); only BKPSDM admins
change it (403 for anyone else)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.core.errors import form_errors
from abdi.core.services import require
from abdi.core.unit_evidence import unit_evidence
from abdi.org import selectors, services
from abdi.org.choices import OrgUnitKind
from abdi.org.forms import (
    PositionFilterForm,
    PositionForm,
    UnitCloseForm,
    UnitCreateForm,
    UnitEditForm,
    UnitMoveForm,
)
from abdi.org.models import OrgUnit, Position
from abdi.org.permissions import (
    PICKER_SCOPE_HOOKS,
    PICKER_SCOPES,
    can_manage_organisation,
    picker_scope,
)


def _build_tree(rows: list[dict], q: str) -> tuple[list[dict], int]:
    """Nest the flat, path-ordered rows. With a search, keep the matches and their ancestors."""
    kinds = dict(OrgUnitKind.choices)
    steplen = OrgUnit.steplen
    if q:
        needle = q.casefold()
        matched = {
            r["path"]
            for r in rows
            if needle in r["name"].casefold() or needle in r["code"].casefold()
        }
        keep = set()
        for path in matched:
            for depth in range(1, len(path) // steplen + 1):
                keep.add(path[: depth * steplen])
        rows = [r for r in rows if r["path"] in keep]
    else:
        matched = set()
    roots: list[dict] = []
    by_path: dict[str, dict] = {}
    for r in rows:
        node = {**r, "kind_label": kinds.get(r["kind"], r["kind"]), "children": []}
        node["match"] = r["path"] in matched
        by_path[r["path"]] = node
        parent = by_path.get(r["path"][:-steplen]) if r["depth"] > 1 else None
        (parent["children"] if parent else roots).append(node)
    return roots, len(matched)


def org_tree(request):
    include_closed = request.GET.get("closed") == "1"
    q = request.GET.get("q", "").strip()
    rows = selectors.org_tree_rows(include_closed=include_closed)
    roots, match_count = _build_tree(rows, q)
    return render(
        request,
        "org/tree.html",
        {
            "roots": roots,
            "q": q,
            "include_closed": include_closed,
            "match_count": match_count,
            "unit_count": len(rows),
            "total_headcount": sum(r["total"] for r in rows if r["depth"] == 1),
            "can_manage": can_manage_organisation(request.user),
        },
    )


def unit_detail(request, pk: int):
    unit: OrgUnit = get_object_or_404(OrgUnit.objects.select_related("agency", "parent"), pk=pk)
    own, total = selectors.unit_headcount(unit)
    children = (
        OrgUnit.objects.filter(depth=unit.depth + 1, path__startswith=unit.path)
        .annotate(own=Count("employees", filter=Q(employees__is_active=True)))
        .order_by("-is_active", "name")
    )
    positions = list(selectors.positions_with_holders(include_inactive=True).filter(org_unit=unit))
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "ancestors": OrgUnit.objects.filter(
                path__in=[unit.path[: d * OrgUnit.steplen] for d in range(1, unit.depth)]
            ).order_by("depth"),
            "children": children,
            "positions": positions,
            "own_headcount": own,
            "total_headcount": total,
            "history": selectors.unit_history(unit),
            "can_manage": can_manage_organisation(request.user),
            # what other apps say about the unit (e.g. its public-service score), for viewers
            # in their scope
            "unit_evidence": unit_evidence(unit, timezone.localdate().year, request.user),
        },
    )


def unit_create(request):
    require(can_manage_organisation(request.user))
    initial = {}
    parent_pk = request.GET.get("parent")
    if parent_pk and parent_pk.isdigit():
        parent = OrgUnit.objects.filter(pk=parent_pk, is_active=True).first()
        if parent is not None:
            initial = {"parent": parent.pk, "agency": parent.agency_id}
    form = UnitCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.org_unit_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Unit %(name)s ditambahkan.") % {"name": unit.name})
            return redirect("org:unit_detail", pk=unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "title": _("Tambah unit kerja")})


def unit_edit(request, pk: int):
    require(can_manage_organisation(request.user))
    unit = get_object_or_404(OrgUnit, pk=pk)
    form = UnitEditForm(
        request.POST or None, initial={"code": unit.code, "name": unit.name, "kind": unit.kind}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.org_unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Perubahan unit disimpan."))
            return redirect("org:unit_detail", pk=unit.pk)
    return render(
        request,
        "org/unit_form.html",
        {"form": form, "unit": unit, "title": _("Ubah unit kerja")},
    )


def unit_move(request, pk: int):
    require(can_manage_organisation(request.user))
    unit = get_object_or_404(OrgUnit, pk=pk)
    form = UnitMoveForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.org_unit_move(
                actor=request.user, unit=unit, new_parent=form.cleaned_data["parent"]
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Unit %(name)s dipindahkan.") % {"name": unit.name})
            return redirect("org:unit_detail", pk=unit.pk)
    return render(
        request,
        "org/unit_form.html",
        {"form": form, "unit": unit, "title": _("Pindahkan unit kerja")},
    )


def unit_close(request, pk: int):
    require(can_manage_organisation(request.user))
    unit = get_object_or_404(OrgUnit, pk=pk)
    own, total = selectors.unit_headcount(unit)
    form = UnitCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.org_unit_close(
                actor=request.user, unit=unit, closed_on=form.cleaned_data["closed_on"]
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Unit %(name)s ditutup.") % {"name": unit.name})
            return redirect("org:unit_detail", pk=unit.pk)
    return render(
        request,
        "org/unit_form.html",
        {
            "form": form,
            "unit": unit,
            "title": _("Tutup unit kerja"),
            "danger": True,
            "total_headcount": total,
        },
    )


def position_list(request):
    form = PositionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    positions = selectors.positions_with_holders(
        unit=filters.get("unit"), kind=filters.get("kind", ""), q=filters.get("q", "")
    )
    page = Paginator(positions, settings.ABDI_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "org/position_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_manage": can_manage_organisation(request.user),
        },
    )


def _position_form(request, position: Position | None):
    require(can_manage_organisation(request.user))
    initial = {}
    unit_pk = request.GET.get("unit")
    if position is None and unit_pk and unit_pk.isdigit():
        initial["org_unit"] = unit_pk
    form = PositionForm(request.POST or None, instance=position, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.position_save(actor=request.user, position=form.instance)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Jabatan %(name)s disimpan.") % {"name": saved.name})
            return redirect("org:unit_detail", pk=saved.org_unit_id)
    title = _("Ubah jabatan") if position else _("Tambah jabatan")
    return render(
        request, "org/position_form.html", {"form": form, "position": position, "title": title}
    )


def position_create(request):
    return _position_form(request, None)


def position_edit(request, pk: int):
    require(can_manage_organisation(request.user))
    return _position_form(request, get_object_or_404(Position, pk=pk))


def _picker_field(request, default: str) -> str:
    field = request.GET.get("field", default)
    return field if field.replace("-", "").replace("_", "").isalnum() else default


def _picker_within(request):
    scope = request.GET.get("scope", "")
    known = scope in PICKER_SCOPES or scope in PICKER_SCOPE_HOOKS
    return picker_scope(request.user, scope if known else "")


def unit_options(request):
    """The unit picker's options (HTMX): the chosen unit and the active units matching `q`,
    within the picker's scope for this user."""
    field = _picker_field(request, "unit")
    return render(
        request,
        "org/_unit_options.html",
        {
            "field": field,
            "options": selectors.unit_picker_options(
                q=request.GET.get("unit_picker_q", ""),
                selected=request.GET.get(field),
                within=_picker_within(request),
            ),
            "selected": request.GET.get(field, ""),
        },
    )


def position_options(request):
    """The position picker's options (HTMX): the chosen position and the active positions
    whose name, code or unit matches `q`, within the picker's scope for this user."""
    field = _picker_field(request, "position")
    return render(
        request,
        "org/_position_options.html",
        {
            "field": field,
            "options": selectors.position_picker_options(
                q=request.GET.get("position_picker_q", ""),
                selected=request.GET.getlist(field),
                within=_picker_within(request),
            ),
            "selected": request.GET.getlist(field),
            "multiple": request.GET.get("multiple") == "1",
        },
    )
