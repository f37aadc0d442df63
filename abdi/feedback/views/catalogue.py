"""The public service catalogue per unit: service admins keep their units' services, BKPSDM
admins all. Services appear in the public complaint form's search."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from abdi.feedback.forms.complaints import PublicServiceForm, add_service_errors
from abdi.feedback.permissions import (
    can_manage_services,
    can_view_services,
    service_units_for,
    services_manageable_by,
)
from abdi.feedback.selectors.catalogue import catalogue_services
from abdi.feedback.services.catalogue import public_service_save


def _require(user) -> None:
    if not can_manage_services(user):
        raise PermissionDenied(_("Katalog layanan untuk admin layanan unit dan admin BKPSDM."))


def service_list(request):
    if not can_view_services(request.user):
        raise PermissionDenied(_("Katalog layanan untuk admin layanan unit dan admin BKPSDM."))
    q = request.GET.get("q", "").strip()
    qs = catalogue_services(user=request.user, q=q)
    page = Paginator(qs, settings.ABDI_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/services/list.html",
        {"page_obj": page, "q": q, "can_manage": can_manage_services(request.user)},
    )


def _form_page(request, service=None):
    _require(request.user)
    units = service_units_for(request.user)
    form = PublicServiceForm(request.POST or None, instance=service, units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            saved = public_service_save(
                actor=request.user,
                service=service,
                org_unit=d["org_unit"],
                name=d["name"],
                description=d["description"],
                standard_days=d["standard_days"],
                is_active=d["is_active"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Layanan %(name)s disimpan.") % {"name": saved.name})
            return redirect("feedback:services")
    return render(
        request,
        "feedback/services/form.html",
        {"form": form, "service": service},
        status=400 if form.is_bound and form.errors else 200,
    )


def service_create(request):
    return _form_page(request)


def service_edit(request, pk: int):
    _require(request.user)
    service = get_object_or_404(services_manageable_by(request.user), pk=pk)
    return _form_page(request, service)
