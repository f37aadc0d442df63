"""The talent map, the people of a box, computing placements, thresholds and settings, and the
employee's talent page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abdi.core.choices import Confidence, Predikat
from abdi.core.errors import error_messages, flash_errors
from abdi.employees.permissions import own_employee
from abdi.org.forms import ScopedUnitForm
from abdi.org.models import OrgUnit
from abdi.talent.choices import (
    LEVELS_BY_KIND,
    PositionLevel,
    ThresholdKind,
    Unmappable,
)
from abdi.talent.models import BoxAdjustment, NineBoxCell, Successor, SuccessorAction
from abdi.talent.permissions import (
    can_manage_talent,
    can_see_box,
    can_view_talent_map,
    can_view_unit_map,
    talent_employees_visible_to,
    talent_paths,
)
from abdi.talent.selectors import placement as sel
from abdi.talent.selectors.reference import (
    bands_of,
    predikat_points,
    talent_setting,
    threshold_set,
)
from abdi.talent.services.placement import placement_run_request, predikat_years
from abdi.talent.services.reference import (
    LEVEL_NAMES,
    talent_setting_update,
    threshold_table_save,
)
from abdi.talent.views.common import chosen_year


def unit_filter(request) -> OrgUnit | None:
    """?unit= within the user's talent scope (another unit: 404)."""
    value = request.GET.get("unit", "")
    if not value.isdigit():
        return None
    unit = get_object_or_404(OrgUnit, pk=value)
    if not can_view_unit_map(request.user, unit):
        raise Http404
    return unit


def unit_form(request, unit: OrgUnit | None) -> ScopedUnitForm:
    """The talent pages' unit picker over the user's talent scope, preselected with the unit
    shown: the chosen one, else the user's only unit (an OPD's leader sees their OPD)."""
    if unit is None:
        paths = talent_paths(request.user)
        if paths is not None and len(paths) == 1:
            unit = OrgUnit.objects.filter(path=paths[0], is_active=True).first()
    return ScopedUnitForm(
        user=request.user, scope="talent", initial={"unit": unit.pk if unit else None}
    )


def _filters(request):
    unit = unit_filter(request)
    level = request.GET.get("level", "")
    if level not in PositionLevel.values:
        level = ""
    return unit, level


def talent_map(request):
    if not can_view_talent_map(request.user):
        raise PermissionDenied
    year = chosen_year(request)
    unit, level = _filters(request)
    data = sel.talent_map(request.user, year=year, unit=unit, level=level)
    moves = data.moves
    changed = sorted(
        ((b, a, n) for (b, a), n in moves.items() if b is not None and a is not None and b != a),
        key=lambda x: -x[2],
    )
    stayed = sum(n for (b, a), n in moves.items() if b is not None and b == a)
    first_time = sum(n for (b, a), n in moves.items() if b is None and a is not None)
    return render(
        request,
        "talent/map.html",
        {
            "year": year,
            "unit": unit,
            "level": level,
            "data": data,
            "unit_form": unit_form(request, unit),
            "levels": PositionLevel.choices,
            "reasons": [(Unmappable(k).label, k, n) for k, n in data.unmappable.items()],
            "moves": changed[:15],
            "stayed": stayed,
            "first_time": first_time,
            "pending": sel.pending_run(year),
            "can_manage": can_manage_talent(request.user),
            "years": range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1),
            "predikat_years": predikat_years(year),
        },
    )


def box_people(request):
    if not can_view_talent_map(request.user):
        raise PermissionDenied
    year = chosen_year(request)
    unit, level = _filters(request)
    value = request.GET.get("box", "")
    reason = request.GET.get("reason", "")
    box = int(value) if value.isdigit() and 1 <= int(value) <= 9 else None
    if box is None and reason not in Unmappable.values:
        reason = ""
    qs = sel.box_people(request.user, year=year, box=box, unit=unit, level=level, unmappable=reason)
    page = Paginator(qs, settings.ABDI_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "talent/box_people.html",
        {
            "year": year,
            "unit": unit,
            "level": level,
            "box": box,
            "cell": NineBoxCell.objects.filter(box=box).first() if box else None,
            "reason": Unmappable(reason).label if reason else "",
            "page_obj": page,
        },
    )


@require_POST
def compute(request):
    if not can_manage_talent(request.user):
        raise PermissionDenied
    value = request.POST.get("year", "")
    try:
        placement_run_request(actor=request.user, year=int(value) if value.isdigit() else 0)
        messages.success(
            request,
            _("Pemetaan talenta sedang dihitung. Halaman ini menunjukkan hasilnya bila selesai."),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(f"{reverse('talent:map')}?year={value}")


def _decimal(value: str):
    value = (value or "").strip().replace(",", ".")
    if not value:
        return None
    try:
        return Decimal(value)
    except InvalidOperation as exc:
        raise ValidationError(_("'%(v)s' bukan angka.") % {"v": value}) from exc


@require_http_methods(["GET", "POST"])
def thresholds(request):
    if not can_manage_talent(request.user):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        which = request.POST.get("which", "")
        try:
            if which in ThresholdKind.values:
                bands = [
                    (
                        level,
                        _decimal(request.POST.get(f"{level}-lower", "")),
                        _decimal(request.POST.get(f"{level}-upper", "")),
                    )
                    for level in LEVELS_BY_KIND[which]
                ]
                effective = dt.date.fromisoformat(request.POST.get("effective_from", ""))
                threshold_table_save(
                    actor=request.user,
                    kind=which,
                    bands=bands,
                    source=request.POST.get("source", ""),
                    confidence=request.POST.get("confidence", Confidence.SINGLE_SOURCE),
                    effective_from=effective,
                )
            elif which == "settings":
                talent_setting_update(
                    actor=request.user,
                    potential_score_weight=int(request.POST.get("potential_score_weight") or 0),
                    jpm_weight=int(request.POST.get("jpm_weight") or 0),
                    show_box_to_employee=request.POST.get("show_box_to_employee") == "on",
                    risk_horizon_months=int(request.POST.get("risk_horizon_months") or 0),
                )
            else:
                raise ValidationError(_("Formulir tidak dikenal."))
            messages.success(request, _("Tersimpan. Hitung ulang pemetaan agar berlaku."))
            return redirect("talent:thresholds")
        except ValueError:
            errors[which] = [_("Periksa tanggal dan angka yang diisi.")]
        except ValidationError as exc:
            errors[which] = error_messages(exc)
    tables = []
    for kind, label in ThresholdKind.choices:
        table = threshold_set(kind)
        by_level = {b.level: b for b in bands_of(table)}
        tables.append(
            {
                "kind": kind,
                "label": label,
                "table": table,
                "rows": [(lv, LEVEL_NAMES[lv], by_level.get(lv)) for lv in LEVELS_BY_KIND[kind]],
                "errors": errors.get(kind, []),
            }
        )
    return render(
        request,
        "talent/thresholds.html",
        {
            "tables": tables,
            "setting": talent_setting(),
            "setting_errors": errors.get("settings", []),
            "points": [
                (Predikat(k).label, v)
                for k, v in sorted(predikat_points().items(), key=lambda x: -x[1])
            ],
            "cells": NineBoxCell.objects.order_by("-box"),
            "confidences": Confidence.choices,
            "post": request.POST if request.method == "POST" else None,
        },
    )


def _talent_page(request, employee):
    setting = talent_setting()
    show_box = can_see_box(request.user, employee, show_to_employee=setting.show_box_to_employee)
    placements = sel.employee_placements(employee) if show_box else []
    cells = {c.box: c for c in NineBoxCell.objects.all()}
    return render(
        request,
        "talent/employee.html",
        {
            "employee": employee,
            "show_box": show_box,
            "placements": [(p, cells.get(p.box)) for p in placements],
            "adjustments": BoxAdjustment.objects.filter(employee=employee)
            .select_related("review")
            .order_by("-decided_at")[:20]
            if show_box
            else [],
            "successions": Successor.objects.filter(employee=employee, is_active=True)
            .select_related("position")
            .order_by("pk")
            if show_box
            else [],
            "actions": SuccessorAction.objects.filter(
                successor__employee=employee, successor__is_active=True
            ).select_related("programme", "competency", "successor__position"),
            "is_own": employee.user_id == request.user.pk,
        },
    )


def my_talent(request):
    me = own_employee(request.user)
    if me is None:
        return render(request, "talent/employee.html", {"employee": None})
    return _talent_page(request, me)


def employee_talent(request, nip):
    employee = get_object_or_404(
        talent_employees_visible_to(request.user).select_related("org_unit", "position"), nip=nip
    )
    return _talent_page(request, employee)
