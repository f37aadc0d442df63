"""Who moved since the last talent review: boxes and successors' readiness, per unit."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from abdi.talent.permissions import can_view_talent_map
from abdi.talent.selectors import changes as sel
from abdi.talent.selectors.succession import can_view_succession
from abdi.talent.views.common import chosen_year
from abdi.talent.views.placement import unit_filter, unit_form


def talent_changes(request):
    """BKPSDM and leaders (scoped leaders: their subtree)."""
    user = request.user
    if not (can_view_succession(user) and can_view_talent_map(user)):
        raise PermissionDenied
    year = chosen_year(request)
    unit = unit_filter(request)
    # Without ?unit= a leader scoped to an OPD is compared against their OPD's review.
    review = sel.last_review(year=year, unit=unit or sel.scope_unit(user))
    try:
        since = dt.date.fromisoformat(request.GET.get("since", ""))
    except ValueError:
        since = review.held_on if review is not None else dt.date(year - 1, 1, 1)
    moves = sel.box_moves(user, year=year, review=review, unit=unit)
    page = Paginator(moves, settings.ABDI_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "talent/changes.html",
        {
            "year": year,
            "unit": unit,
            "unit_form": unit_form(request, unit),
            "review": review,
            "since": since,
            "page_obj": page,
            "readiness": sel.readiness_changes(user, since=since, unit=unit),
        },
    )
