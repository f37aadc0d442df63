"""Public pages (no login): the announced selections and their results."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from abdi.careers.selectors import selection as selectors
from abdi.careers.views.selection.common import (
    PAGE_SIZE,
    describe_requirement,
)

# --- public -----------------------------------------------------------------------------------


@login_not_required
def public_selections(request):
    page = Paginator(selectors.public_selection_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "careers/selection/public_list.html", {"page_obj": page})


@login_not_required
def public_selection(request, pk):
    selection = get_object_or_404(
        selectors.public_selection_list().prefetch_related("requirements", "stages"), pk=pk
    )
    tables = selectors.selection_tables()
    return render(
        request,
        "careers/selection/public_detail.html",
        {
            "selection": selection,
            "requirements": [
                (r, describe_requirement(r, tables)) for r in selection.requirements.all()
            ],
            "results": selectors.public_results(selection),
            "documents": selectors.required_document_names(selection),
        },
    )
