"""The auditor's page of personal-data reads."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from abdi.employees import read_log


@require_http_methods(["GET"])
def personal_data_reads(request):
    if not read_log.can_view_read_log(request.user):
        raise PermissionDenied
    nip = request.GET.get("nip", "")[:18]
    username = request.GET.get("user", "")[:150]
    reads = read_log.personal_data_reads(request.user, nip=nip, username=username)
    page = Paginator(reads, settings.ABDI_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "employees/personal_reads.html",
        {"page_obj": page, "nip": nip, "username": username},
    )
