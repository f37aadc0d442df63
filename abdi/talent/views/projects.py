"""Change projects: the register, registration, a project with its milestones, and the public
gallery of published completed projects (no login)."""

from __future__ import annotations

import datetime as dt
import os

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abdi.core.errors import error_messages, flash_errors
from abdi.core.throttle import hit
from abdi.employees.permissions import own_employee
from abdi.feedback.models import PublicService
from abdi.org.models import OrgUnit
from abdi.talent.choices import LeadershipTraining, MilestoneTerm, ProjectState
from abdi.talent.models import Milestone
from abdi.talent.permissions import (
    can_confirm_milestone,
    can_edit_project,
    can_manage_projects,
    can_register_project,
    can_view_projects,
    projects_visible_to,
)
from abdi.talent.selectors import projects as sel
from abdi.talent.services import projects as services

# Evidence is checked by content on upload (PDF, JPEG, PNG, XLSX, DOCX); served by extension.
EVIDENCE_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _flash(request, exc: ValidationError) -> None:
    flash_errors(request, exc)


def projects(request):
    if not can_view_projects(request.user):
        raise PermissionDenied
    state = request.GET.get("state", "")
    qs = sel.project_register(request.user, state=state)
    page = Paginator(qs, settings.ABDI_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "talent/projects.html",
        {
            "page_obj": page,
            "state": state,
            "states": ProjectState.choices,
            "counts": sel.register_counts(request.user),
            "can_register": can_register_project(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def project_new(request):
    if not can_register_project(request.user):
        raise PermissionDenied
    me = own_employee(request.user)
    errors: list[str] = []
    if request.method == "POST":
        data = request.POST
        try:
            project = services.project_register(
                actor=request.user,
                training=data.get("training", ""),
                title=data.get("title", ""),
                summary=data.get("summary", ""),
                coach=data.get("coach", ""),
                cohort=data.get("cohort", ""),
                service=PublicService.objects.filter(pk=data.get("service") or 0).first(),
            )
            messages.success(request, _("Aksi perubahan terdaftar. Susun tonggaknya."))
            return redirect("talent:project_detail", pk=project.pk)
        except ValidationError as exc:
            errors = error_messages(exc)
    services_list = PublicService.objects.filter(is_active=True, org_unit__path__startswith=me.org_unit.path[: 2 * OrgUnit.steplen]).order_by("name")[:200]  # fmt: skip
    return render(
        request,
        "talent/project_form.html",
        {
            "errors": errors,
            "post": request.POST,
            "trainings": LeadershipTraining.choices,
            "services": services_list,
        },
    )


def _project(request, pk):
    return get_object_or_404(
        projects_visible_to(request.user).select_related(
            "participant", "mentor", "org_unit", "service"
        ),
        pk=pk,
    )


def project_detail(request, pk):
    project = _project(request, pk)
    return render(
        request,
        "talent/project_detail.html",
        {
            "project": project,
            "milestones": project.milestones.select_related("confirmed_by").order_by("due_date"),
            "steps": project.steps.select_related("actor"),
            "figures": sel.service_figures(project, user=request.user),
            "can_edit": can_edit_project(request.user, project),
            "can_confirm": can_confirm_milestone(request.user, project),
            "can_manage": can_manage_projects(request.user),
            "terms": MilestoneTerm.choices,
        },
    )


@require_POST
def milestone_new(request, pk):
    project = _project(request, pk)
    if not can_edit_project(request.user, project):
        raise PermissionDenied
    try:
        due = dt.date.fromisoformat(request.POST.get("due_date", ""))
    except ValueError:
        due = None
    try:
        services.milestone_add(
            actor=request.user,
            project=project,
            term=request.POST.get("term", ""),
            title=request.POST.get("title", ""),
            due_date=due,
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("talent:project_detail", pk=project.pk)


def _milestone(request, pk) -> Milestone:
    return get_object_or_404(
        Milestone.objects.filter(project__in=projects_visible_to(request.user)).select_related(
            "project__participant", "project__mentor"
        ),
        pk=pk,
    )


@require_POST
def milestone_report(request, pk):
    milestone = _milestone(request, pk)
    if not can_edit_project(request.user, milestone.project):
        raise PermissionDenied
    try:
        services.milestone_report(
            actor=request.user,
            milestone=milestone,
            evidence=request.FILES.get("evidence"),
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("Capaian dilaporkan; menunggu konfirmasi mentor."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("talent:project_detail", pk=milestone.project_id)


@require_POST
def milestone_confirm(request, pk):
    milestone = _milestone(request, pk)
    if not can_confirm_milestone(request.user, milestone.project):
        raise PermissionDenied
    try:
        services.milestone_confirm(actor=request.user, milestone=milestone)
        messages.success(request, _("Tonggak dikonfirmasi."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("talent:project_detail", pk=milestone.project_id)


@require_POST
def project_state(request, pk):
    project = _project(request, pk)
    if not can_manage_projects(request.user):
        raise PermissionDenied
    action = request.POST.get("action", "")
    try:
        if action in ("complete", "lapse"):
            services.project_close(
                actor=request.user,
                project=project,
                completed=action == "complete",
                note=request.POST.get("note", ""),
            )
        elif action in ("publish", "unpublish"):
            services.project_publish(
                actor=request.user,
                project=project,
                publish=action == "publish",
                public_summary=request.POST.get("public_summary", ""),
            )
        else:
            raise ValidationError(_("Tindakan tidak dikenal."))
        messages.success(request, _("Tersimpan."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("talent:project_detail", pk=project.pk)


def gallery_rate() -> str:
    """Requests per address to the public gallery (ABDI_PUBLIC_GALLERY_RATE)."""
    return settings.ABDI_PUBLIC_GALLERY_RATE


def _throttled(request):
    """The gallery is anonymous: its pages share one atomic per-address budget."""
    allowed, retry_after = hit(request, "gallery", gallery_rate())
    if allowed:
        return None
    response = render(
        request,
        "talent/public/too_many.html",
        {"minutes": max(1, round(retry_after / 60))},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


@login_not_required
def gallery(request):
    if (refused := _throttled(request)) is not None:
        return refused
    page = Paginator(sel.gallery(), 12).get_page(request.GET.get("page"))
    return render(request, "talent/public/gallery.html", {"page_obj": page})


@login_not_required
def gallery_detail(request, pk):
    if (refused := _throttled(request)) is not None:
        return refused
    project = get_object_or_404(sel.gallery(), pk=pk)
    return render(request, "talent/public/gallery_detail.html", {"project": project})


def milestone_evidence(request, pk):
    """The evidence file of a milestone, to whoever may see the project (else 404)."""
    milestone = _milestone(request, pk)
    if not milestone.evidence:
        raise Http404
    try:
        handle = milestone.evidence.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    ext = os.path.splitext(milestone.evidence.name)[1].lower()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"bukti-tonggak-{milestone.pk}{ext}",
        content_type=EVIDENCE_CONTENT_TYPES.get(ext, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
