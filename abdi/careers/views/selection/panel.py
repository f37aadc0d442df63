"""The panel member's pages: own selections, conflicts, scores, track record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abdi.careers.forms.selection import (
    ScoreForm,
)
from abdi.careers.models.selection import (
    SelectionStage,
)
from abdi.careers.permissions import selection as perms
from abdi.careers.selectors import selection as selectors
from abdi.careers.services import selection as services
from abdi.careers.views.selection.common import (
    application_or_404,
    error_messages,
    flash_errors,
)

# --- panel ------------------------------------------------------------------------------------


def panel_home(request):
    ids = perms.panel_selection_ids(request.user)
    selections = selectors.selection_list(user=request.user).filter(pk__in=ids)
    return render(request, "careers/selection/panel_home.html", {"selections": selections})


@require_POST
def conflict_declare(request, pk):
    application = application_or_404(request, pk)
    if perms.member_for(request.user, application.selection) is None:
        raise PermissionDenied
    try:
        services.conflict_declare(
            actor=request.user, application=application, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Konflik kepentingan dicatat; Anda tidak menilai pelamar ini."))
    return redirect("careers:application_detail", pk=application.pk)


@require_http_methods(["GET", "POST"])
def score(request, pk, stage_pk):
    application = application_or_404(request, pk)
    member = perms.member_for(request.user, application.selection)
    if member is None:
        raise PermissionDenied
    stage = get_object_or_404(SelectionStage, pk=stage_pk, selection=application.selection)
    if not perms.can_score(request.user, application, stage):
        raise PermissionDenied
    scores = selectors.member_scores(application, stage, member)
    form = ScoreForm(
        request.POST or None,
        initial={"value": scores["own"].value, "note": scores["own"].note}
        if scores["own"]
        else None,
    )
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.score_submit(
                actor=request.user, application=application, stage=stage, **form.cleaned_data
            )
        except ValidationError as exc:
            errors = error_messages(exc)
        else:
            messages.success(request, _("Nilai terkirim."))
            return redirect("careers:score", pk=application.pk, stage_pk=stage.pk)
    return render(
        request,
        "careers/selection/score.html",
        {
            "application": application,
            "stage": stage,
            "form": form,
            "errors": errors,
            "scores": scores,
            "revisions": scores["own"].revisions.all() if scores["own"] else [],
        },
        status=400 if errors else 200,
    )


@require_POST
def track_record_adjust(request, pk):
    application = application_or_404(request, pk)
    if not (
        perms.can_manage_selections(request.user)
        or perms.is_panel_member(request.user, application.selection)
    ):
        raise PermissionDenied
    try:
        services.track_record_adjust(
            actor=request.user,
            application=application,
            value=request.POST.get("value", ""),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Nilai rekam jejak disesuaikan."))
    return redirect("careers:application_detail", pk=application.pk)
