"""Training catalogue pages: thin adapters over selectors_catalogue, services_catalogue and
permissions_catalogue. Everyone with a login browses; BKPSDM admins keep providers,
programmes and sessions (403 for others); an inactive programme is a 404 to non-admins."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from abdi.core.errors import form_errors
from abdi.core.services import require
from abdi.employees.permissions import own_employee
from abdi.learning.filtersets import CatalogueFilterSet, SessionAdminFilterSet
from abdi.learning.forms.catalogue import (
    ProgrammeForm,
    ProviderForm,
    SessionForm,
    competency_formset,
    mark_invalid,
)
from abdi.learning.models import Programme, Provider, TrainingSession
from abdi.learning.permissions.catalogue import can_manage_catalogue
from abdi.learning.selectors import catalogue as sel
from abdi.learning.services import catalogue as svc


def _page_size() -> int:
    return settings.ABDI_LIST_PAGE_SIZE


def _session_detail_url(pk: int) -> str | None:
    """The registration area's session page, if it exists (the name is reserved for it)."""
    try:
        return reverse("learning:session_detail", kwargs={"pk": pk})
    except NoReverseMatch:
        return None


def _filtered(request) -> bool:
    return any(v for k, v in request.GET.items() if k != "page")


# --- the catalogue --------------------------------------------------------------------------


@require_http_methods(["GET"])
def catalogue(request):
    today = timezone.localdate()
    is_admin = can_manage_catalogue(request.user)
    me = own_employee(request.user)
    gaps = sel.gap_targets(me) if me is not None else None
    filterset = CatalogueFilterSet(
        request.GET or None,
        queryset=sel.programmes_for_catalogue(include_inactive=is_admin),
        today=today,
        gaps=gaps,
        is_admin=is_admin,
        request=request,
    )
    paginator = Paginator(sel.order_catalogue(filterset.qs, today=today), _page_size())
    page = paginator.get_page(request.GET.get("page"))
    programmes = list(page.object_list)
    sel.decorate_catalogue_page(programmes, today=today, gaps=gaps or {})
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page_obj": page,
        "programmes": programmes,
        "can_manage": is_admin,
        "has_gaps": bool(gaps),
        "has_employee": me is not None,
        "filtered": _filtered(request),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "learning/catalogue/_results.html", context)
    return render(request, "learning/catalogue/catalogue.html", context)


@require_http_methods(["GET"])
def programme_detail(request, pk):
    today = timezone.localdate()
    programme = get_object_or_404(sel.programmes_for_user(request.user), pk=pk)
    sessions = sel.programme_sessions(programme, today=today)
    for s in sessions:
        s.detail_url = _session_detail_url(s.pk)
    me = own_employee(request.user)
    gaps = sel.gap_targets(me) if me is not None else {}
    return render(
        request,
        "learning/catalogue/programme_detail.html",
        {
            "programme": programme,
            "sessions": sessions,
            "closes_gap": sel.programme_closes_gap(programme, gaps) if gaps else False,
            "gap_ids": set(gaps),
            "can_manage": can_manage_catalogue(request.user),
            "today": today,
        },
    )


# --- programmes -----------------------------------------------------------------------------


def _programme_page(request, programme: Programme | None):
    require(can_manage_catalogue(request.user))
    if programme is not None:
        programme = get_object_or_404(sel.programme_for_edit(), pk=programme)
    data = request.POST if request.method == "POST" else None
    form = ProgrammeForm(data, instance=programme)
    formset = competency_formset(data, programme)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = {name: form.cleaned_data[name] for name in ProgrammeForm.Meta.fields}
        try:
            if programme is None:
                saved = svc.programme_create(
                    actor=request.user, competencies=formset.targets(), **fields
                )
                messages.success(request, _("Program pelatihan ditambahkan."))
            else:
                saved = svc.programme_update(
                    actor=request.user,
                    programme=programme,
                    competencies=formset.targets(),
                    **fields,
                )
                messages.success(request, _("Program pelatihan disimpan."))
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect("learning:programme_detail", pk=saved.pk)
    invalid = request.method == "POST"
    mark_invalid(form)
    for row in formset.forms:
        mark_invalid(row)
    return render(
        request,
        "learning/catalogue/programme_form.html",
        {"form": form, "formset": formset, "programme": programme},
        status=400 if invalid else 200,
    )


@require_http_methods(["GET", "POST"])
def programme_create(request):
    return _programme_page(request, None)


@require_http_methods(["GET", "POST"])
def programme_edit(request, pk):
    return _programme_page(request, pk)


@require_http_methods(["GET"])
def programme_admin_list(request):
    require(can_manage_catalogue(request.user))
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(sel.programmes_for_admin(q=q), _page_size()).get_page(request.GET.get("page"))
    return render(
        request,
        "learning/catalogue/programme_admin_list.html",
        {"page_obj": page, "programmes": page.object_list, "q": q, "tab": "programmes"},
    )


# --- sessions -------------------------------------------------------------------------------


def _session_form(request, session: TrainingSession) -> SessionForm:
    """The session form; a POST with "unit_search" (the unit search without JavaScript) only
    re-shows it with the matching units to tick."""
    if request.method != "POST":
        return SessionForm(instance=session)
    return SessionForm(request.POST, instance=session, unit_query=request.POST.get("unit_q", ""))


@require_http_methods(["GET", "POST"])
def session_create(request, pk):
    require(can_manage_catalogue(request.user))
    programme = get_object_or_404(sel.programme_with_provider(), pk=pk)
    form = _session_form(request, TrainingSession(programme=programme))
    if request.method == "POST" and not form.searching and form.is_valid():
        try:
            svc.session_create(actor=request.user, programme=programme, **form.service_kwargs())
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Sesi pelatihan ditambahkan."))
            return redirect("learning:programme_detail", pk=programme.pk)
    mark_invalid(form)
    return render(
        request,
        "learning/catalogue/session_form.html",
        {"form": form, "programme": programme, "session": None},
        status=400 if request.method == "POST" and not form.searching else 200,
    )


@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    require(can_manage_catalogue(request.user))
    session = get_object_or_404(sel.session_for_edit(), pk=pk)
    taken = sel.seats_taken_one(session)
    form = _session_form(request, session)
    if request.method == "POST" and not form.searching and form.is_valid():
        try:
            svc.session_update(actor=request.user, session=session, **form.service_kwargs())
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Sesi pelatihan disimpan."))
            return redirect("learning:programme_detail", pk=session.programme_id)
    mark_invalid(form)
    return render(
        request,
        "learning/catalogue/session_form.html",
        {
            "form": form,
            "programme": session.programme,
            "session": session,
            "taken": taken,
            "state": sel.SessionState(sel.session_state(session, timezone.localdate())),
        },
        status=400 if request.method == "POST" and not form.searching else 200,
    )


@require_http_methods(["GET"])
def session_admin_list(request):
    require(can_manage_catalogue(request.user))
    today = timezone.localdate()
    filterset = SessionAdminFilterSet(
        request.GET or None,
        queryset=sel.sessions_for_admin(state=None, today=today),
        today=today,
    )
    page = Paginator(filterset.qs, _page_size()).get_page(request.GET.get("page"))
    sessions = list(page.object_list)
    sel.decorate_sessions(sessions, today=today)
    for s in sessions:
        s.detail_url = _session_detail_url(s.pk)
    return render(
        request,
        "learning/catalogue/session_admin_list.html",
        {
            "form": filterset.form,
            "page_obj": page,
            "sessions": sessions,
            "filtered": _filtered(request),
            "tab": "sessions",
        },
    )


# --- providers ------------------------------------------------------------------------------


@require_http_methods(["GET"])
def provider_list(request):
    require(can_manage_catalogue(request.user))
    today = timezone.localdate()
    providers = sel.providers_for_admin(today=today)
    return render(
        request,
        "learning/catalogue/provider_list.html",
        {"providers": providers, "tab": "providers", "today": today},
    )


def _provider_page(request, pk: int | None):
    require(can_manage_catalogue(request.user))
    provider = get_object_or_404(Provider, pk=pk) if pk is not None else None
    form = ProviderForm(request.POST or None, instance=provider)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ProviderForm.Meta.fields}
        try:
            if provider is None:
                svc.provider_create(actor=request.user, **fields)
            else:
                svc.provider_update(actor=request.user, provider=provider, **fields)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Penyelenggara disimpan."))
            return redirect("learning:provider_list")
    mark_invalid(form)
    return render(
        request,
        "learning/catalogue/provider_form.html",
        {"form": form, "provider": provider},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def provider_create(request):
    return _provider_page(request, None)


@require_http_methods(["GET", "POST"])
def provider_edit(request, pk):
    return _provider_page(request, pk)
