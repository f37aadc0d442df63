"""The employee's pages: open selections for me, apply, own application, objection."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abdi.careers.forms.selection import (
    ApplyForm,
    ReasonForm,
)
from abdi.careers.models.selection import (
    ApplicationAction,
    ApplicationState,
    Objection,
    SelectionState,
    WrittenTestSitting,
)
from abdi.careers.permissions import selection as perms
from abdi.careers.selectors import selection as selectors
from abdi.careers.services import selection as services
from abdi.careers.views.selection.common import (
    application_or_404,
    error_messages,
    flash_errors,
    selection_or_404,
)
from abdi.employees.permissions import own_employee

# --- employee ---------------------------------------------------------------------------------


def my_selections(request):
    me = own_employee(request.user)
    rows = selectors.open_selections_for(me) if me else []
    return render(
        request,
        "careers/selection/my_selections.html",
        {
            "employee": me,
            "rows": rows,
            "applications": selectors.my_applications(request.user)[:50],
        },
    )


@require_http_methods(["GET", "POST"])
def apply(request, pk):
    selection = selection_or_404(request, pk)
    me = own_employee(request.user)
    if me is None:
        raise PermissionDenied
    names = selectors.required_document_names(selection)
    form = ApplyForm(request.POST or None, request.FILES or None, names=names)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                actor=request.user, selection=selection, documents=form.documents(request.FILES)
            )
        except ValidationError as exc:
            errors = error_messages(exc)
        else:
            messages.success(request, _("Lamaran Anda terkirim."))
            return redirect("careers:application_detail", pk=application.pk)
    return render(
        request,
        "careers/selection/apply.html",
        {
            "selection": selection,
            "form": form,
            "errors": errors,
            "eligibility": selectors.employee_eligibility(me, selection),
        },
        status=400 if errors else 200,
    )


def steps_for(user, application):
    """The application's history; before the results are announced the applicant does not see
    the steps that carry panel scores or ranks (track-record adjustments, the ranking)."""
    steps = application.steps.select_related("actor")
    if perms.is_own_application(user, application) and not perms.can_see_own_scores(
        user, application
    ):
        steps = steps.exclude(
            action__in=[
                ApplicationAction.TRACK_RECORD,
                ApplicationAction.PROPOSED,
                ApplicationAction.NOT_PROPOSED,
            ]
        )
    return steps


def application_detail(request, pk):
    application = application_or_404(request, pk)
    user = request.user
    selection = application.selection
    member = perms.member_for(user, selection)
    is_admin = perms.can_manage_selections(user)
    own = perms.is_own_application(user, application)
    stages = list(selection.stages.all())
    panel_stages = [s for s in stages if s.is_panel_scored]
    conflict = member is not None and perms.has_conflict(member, application)
    objection = Objection.objects.filter(application=application).first()
    test_stage = sitting = None
    if is_admin and application.is_external:
        test_stage = selectors.written_test_stage(application)
        sitting = WrittenTestSitting.objects.filter(application=application).first()
    return render(
        request,
        "careers/selection/application_detail.html",
        {
            "application": application,
            "selection": selection,
            "eligibility": selectors.application_eligibility(application),
            "documents": application.documents.all()
            if perms.can_see_documents(user, application)
            else [],
            "steps": steps_for(user, application),
            "objection": objection,
            "deadline": services.objection_deadline(application),
            "is_admin": is_admin,
            "is_own": own,
            "member": member,
            "conflict": conflict,
            "panel_stages": panel_stages,
            "track_record": selectors.track_record_of(application)
            if (is_admin or member or perms.reads_all_selections(user))
            else None,
            "own_scores": selectors.stage_scores(selection).get(application.pk)
            if perms.can_see_own_scores(user, application)
            else None,
            "can_object": own
            and application.state == ApplicationState.ADMIN_FAILED
            and objection is None,
            "scoring": selection.state == SelectionState.SCORING,
            "reason_form": ReasonForm(),
            "test_stage": test_stage,
            "sitting": sitting,
        },
    )


@require_POST
def application_withdraw(request, pk):
    application = application_or_404(request, pk)
    if not perms.can_withdraw_application(request.user, application):
        raise PermissionDenied
    try:
        services.application_withdraw(actor=request.user, application=application)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Lamaran ditarik."))
    return redirect("careers:application_detail", pk=application.pk)


@require_POST
def objection_file(request, pk):
    application = application_or_404(request, pk)
    if not perms.is_own_application(request.user, application):
        raise PermissionDenied
    try:
        services.objection_file(
            actor=request.user, application=application, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Sanggahan terkirim."))
    return redirect("careers:application_detail", pk=application.pk)


def application_document(request, pk, doc_pk):
    application = application_or_404(request, pk)
    if not perms.can_see_documents(request.user, application):
        raise PermissionDenied
    document = get_object_or_404(application.documents, pk=doc_pk)
    return FileResponse(document.file.open("rb"), content_type=document.content_type)
