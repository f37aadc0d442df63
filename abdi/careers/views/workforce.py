"""Workforce needs page and its XLSX."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from abdi.careers import selectors
from abdi.careers.permissions.workforce import can_view_workforce
from abdi.careers.spreadsheets import XLSX_CONTENT_TYPE
from abdi.careers.views.proposals import unit_form, unit_ids
from abdi.org.models import OrgUnit


def _unit(request) -> OrgUnit | None:
    raw = request.GET.get("unit", "")
    if not raw:
        return None
    if not raw.isdigit() or int(raw) not in unit_ids(request.user):
        raise Http404
    return OrgUnit.objects.get(pk=int(raw))


@require_GET
def workforce(request):
    if not can_view_workforce(request.user):
        raise PermissionDenied
    unit = _unit(request)
    today = timezone.localdate()
    positions = selectors.workforce_positions(user=request.user, unit=unit)
    page = Paginator(positions, settings.ABDI_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.workforce_rows(page.object_list, today=today)
    return render(
        request,
        "careers/workforce/workforce.html",
        {
            "page_obj": page,
            "rows": rows,
            "years": selectors.workforce_years(today),
            "unit": unit,
            "unit_form": unit_form(request.user, unit),
        },
    )


@require_GET
def workforce_export(request):
    if not can_view_workforce(request.user):
        raise PermissionDenied
    unit = _unit(request)
    positions = selectors.workforce_positions(user=request.user, unit=unit)
    response = HttpResponse(
        selectors.workforce_xlsx(positions, today=timezone.localdate()),
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = 'attachment; filename="kebutuhan-pegawai.xlsx"'
    return response
