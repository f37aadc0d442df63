"""The written test of an applicant from another agency: BKPSDM issues the one-time link (the
page shows it once), the applicant takes the test at the link without an account. The public
page is throttled per address and says the same thing for every link it cannot open."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abdi.careers.services.selection import written_test as tests
from abdi.careers.views.selection.common import application_or_404, require_admin
from abdi.core.errors import error_messages, flash_errors
from abdi.core.throttle import hit
from abdi.learning.selectors import layout_sheet


def written_test_rate() -> str:
    return settings.ABDI_WRITTEN_TEST_RATE


def _private(response):
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_POST
def written_test_link(request, pk):
    application = application_or_404(request, pk)
    require_admin(request)
    try:
        sitting, token = tests.written_test_link_issue(actor=request.user, application=application)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("careers:application_detail", pk=application.pk)
    return _private(
        render(
            request,
            "careers/selection/test_link.html",
            {
                "application": application,
                "selection": application.selection,
                "sitting": sitting,
                "link": request.build_absolute_uri(tests.test_url(token)),
            },
        )
    )


def _answers(request, sitting) -> dict[str, list[str]]:
    return {
        str(row["question"]): request.POST.getlist(f"q{row['question']}")
        for row in sitting.layout
        if request.POST.getlist(f"q{row['question']}")
    }


def _page(request, template: str, context: dict, status: int = 200):
    return _private(render(request, template, context, status=status))


@login_not_required
@require_http_methods(["GET", "POST"])
def written_test(request, token):
    allowed, retry_after = hit(request, "written-test", written_test_rate())
    if not allowed:
        response = _page(
            request,
            "careers/selection/test_closed.html",
            {"message": _("Terlalu banyak permintaan. Coba lagi beberapa menit lagi.")},
            status=429,
        )
        response["Retry-After"] = str(retry_after)
        return response
    try:
        sitting = tests.sitting_for_token(token)
    except ValidationError as exc:
        return _page(
            request,
            "careers/selection/test_closed.html",
            {"message": " ".join(error_messages(exc))},
            status=404,
        )
    if sitting.submitted_at is None and tests.close_overdue(sitting.application.selection_id):
        sitting.refresh_from_db()
    if request.method == "POST" and sitting.submitted_at is None:
        action = request.POST.get("action", "")
        try:
            if action == "start":
                tests.written_test_start(token=token)
            elif action == "save":
                tests.written_test_save(token=token, answers=_answers(request, sitting))
                messages.success(request, _("Jawaban tersimpan."))
            elif action == "submit":
                tests.written_test_submit(token=token, answers=_answers(request, sitting))
        except ValidationError as exc:
            flash_errors(request, exc)
        return redirect("careers:written_test", token=token)
    stage = sitting.stage
    now = timezone.now()
    context = {
        "sitting": sitting,
        "application": sitting.application,
        "selection": sitting.application.selection,
        "stage": stage,
        "quiz": stage.quiz,
        "is_open": stage.is_open_at(now),
        "not_yet": stage.starts_at is not None and now < stage.starts_at,
    }
    if sitting.started_at is not None and sitting.submitted_at is None:
        saved = {int(q): set(c) for q, c in sitting.answers.items()}
        context["sheet"] = layout_sheet(sitting.layout, saved)
        context["answered"] = len(saved)
        if sitting.deadline:
            context["seconds_left"] = max(int((sitting.deadline - now).total_seconds()), 0)
    return _page(request, "careers/selection/written_test.html", context)
