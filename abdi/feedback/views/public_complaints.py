"""Anonymous pages for citizens: file a complaint, get a tracking code, follow it, reply, rate
and reopen once. No login; rate-limited per address; never the reporter's personal data."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from abdi.core.selectors import working_day_deadline
from abdi.core.throttle import hit
from abdi.feedback.choices import ComplaintStatus as S
from abdi.feedback.forms.complaints import (
    CitizenRateForm,
    CitizenReopenForm,
    CitizenReplyForm,
    PublicComplaintForm,
    TrackForm,
    add_service_errors,
)
from abdi.feedback.models import PublicService
from abdi.feedback.rules import complaints as rules
from abdi.feedback.selectors.catalogue import public_services
from abdi.feedback.selectors.complaints import deadline_days, public_complaint, public_timeline
from abdi.feedback.services import complaints as svc
from abdi.org.models import OrgUnit

SESSION_KEY = "abdi_complaints_sent"
SEARCH_LIMIT = 8


def _too_many(request, retry_after: int):
    response = render(
        request,
        "public/complaints/too_many.html",
        {"minutes": max(1, round(retry_after / 60))},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def target_search(q: str) -> tuple[list[PublicService], list[OrgUnit]]:
    q = (q or "").strip()
    if len(q) < 2:
        return [], []
    services = list(public_services(q=q)[:SEARCH_LIMIT])
    units = list(
        OrgUnit.objects.filter(is_active=True)
        .filter(Q(name__icontains=q) | Q(code__iexact=q))
        .order_by("name")[:SEARCH_LIMIT]
    )
    return services, units


def _remember(request, code: str, due: dt.datetime) -> None:
    sent = dict(request.session.get(SESSION_KEY, {}))
    sent[code] = due.isoformat()
    request.session[SESSION_KEY] = dict(list(sent.items())[-5:])


@login_not_required
@require_http_methods(["GET", "POST"])
def complaint_form(request):
    if request.method == "GET" and "q" in request.GET:
        services, units = target_search(request.GET.get("q", ""))
        template = (
            "public/complaints/_target_results.html"
            if request.headers.get("HX-Request")
            else "public/complaints/form.html"
        )
        return render(
            request,
            template,
            {
                "services": services,
                "units": units,
                "q": request.GET.get("q", ""),
                "form": PublicComplaintForm(),
                "searched": True,
            },
        )
    form = PublicComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        allowed, retry_after = hit(request, "complaint")
        if not allowed:
            return _too_many(request, retry_after)
        if form.is_bot:
            # Same-looking answer, nothing saved.
            now = timezone.now()
            code = rules.new_tracking_code()
            _remember(request, code, working_day_deadline(now, deadline_days("verification")))
            return redirect("public:complaint_sent", code=code)
        if form.is_valid():
            d = form.cleaned_data
            try:
                complaint = svc.complaint_submit(
                    data=svc.ComplaintInput(
                        kind=d["kind"],
                        title=d["title"],
                        description=d["description"],
                        org_unit=d["org_unit"],
                        service=d["service"],
                        incident_date=d["incident_date"],
                        incident_place=d["incident_place"],
                        officer_description=d["officer_description"],
                        reporter_name=d["reporter_name"],
                        reporter_email=d["reporter_email"],
                        reporter_phone=d["reporter_phone"],
                        is_anonymous=d["is_anonymous"],
                        is_confidential=d["is_confidential"],
                        attachments=d["attachments"],
                    )
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                _remember(request, complaint.tracking_code, complaint.verification_due)
                return redirect("public:complaint_sent", code=complaint.tracking_code)
    unit, service = form.selected()
    return render(
        request,
        "public/complaints/form.html",
        {"form": form, "selected_unit": unit, "selected_service": service},
        status=400 if form.is_bound else 200,
    )


@login_not_required
def complaint_sent(request, code: str):
    due = request.session.get(SESSION_KEY, {}).get(code)
    if due is None:
        return redirect("public:track_detail", code=code)
    return render(
        request,
        "public/complaints/sent.html",
        {
            "code": code,
            "code_display": rules.format_tracking_code(code),
            "verification_due": dt.datetime.fromisoformat(due),
            "track_url": request.build_absolute_uri(reverse("public:track_detail", args=[code])),
        },
    )


@login_not_required
def track_form(request):
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = rules.normalize_tracking_code(form.cleaned_data["code"])
        return redirect("public:track_detail", code=code or form.cleaned_data["code"].strip()[:30])
    return render(request, "public/complaints/track_form.html", {"form": form})


def _not_found(request):
    return render(request, "public/complaints/not_found.html", {"form": TrackForm()}, status=404)


def _track_page(request, complaint, *, forms=None, status=200):
    forms = forms or {}
    allowed = rules.allowed_actions(complaint.status)
    can_reopen = "reopen" in allowed and complaint.reopen_count < rules.MAX_REOPEN
    return render(
        request,
        "public/complaints/track.html",
        {
            "complaint": complaint,
            "code_display": rules.format_tracking_code(complaint.tracking_code),
            "timeline": public_timeline(complaint),
            "overdue": rules.overdue_step(
                complaint.status,
                now=timezone.now(),
                verification_due=complaint.verification_due,
                follow_up_due=complaint.follow_up_due,
            ),
            "is_final": complaint.status in rules.FINAL,
            "waiting_verification": complaint.status in rules.WAITING_VERIFICATION,
            "waiting_follow_up": complaint.status in rules.WAITING_FOLLOW_UP,
            "can_reply": "citizen_reply" in allowed,
            "can_rate": "rate" in allowed,
            "can_reopen": can_reopen,
            "reply_form": forms.get("reply") or CitizenReplyForm(),
            "rate_form": forms.get("rate") or CitizenRateForm(initial={"rating": complaint.rating}),
            "reopen_form": forms.get("reopen") or CitizenReopenForm(),
            "statuses": S,
            "action_errors": [e for f in forms.values() for e in f.non_field_errors()],
        },
        status=status,
    )


@login_not_required
def track_detail(request, code: str):
    complaint = public_complaint(code)
    if complaint is None:
        return _not_found(request)
    return _track_page(request, complaint)


TRACK_ACTIONS = {
    "reply": (CitizenReplyForm, lambda c, d: svc.citizen_reply(complaint=c, message=d["message"])),
    "rate": (
        CitizenRateForm,
        lambda c, d: svc.citizen_rate(complaint=c, rating=d["rating"], comment=d["comment"]),
    ),
    "reopen": (CitizenReopenForm, lambda c, d: svc.citizen_reopen(complaint=c, reason=d["reason"])),
}
TRACK_MESSAGES = {
    "reply": gettext_lazy("Tanggapan Anda terkirim."),
    "rate": gettext_lazy("Terima kasih atas penilaian Anda."),
    "reopen": gettext_lazy("Laporan dibuka kembali dan diteruskan lagi ke unit."),
}


@login_not_required
@require_POST
def track_act(request, code: str, action: str):
    complaint = public_complaint(code)
    if complaint is None or action not in TRACK_ACTIONS:
        return _not_found(request)
    allowed, retry_after = hit(request, "track")
    if not allowed:
        return _too_many(request, retry_after)
    form_class, run = TRACK_ACTIONS[action]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(complaint, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, TRACK_MESSAGES[action])
            return redirect("public:track_detail", code=complaint.tracking_code)
    return _track_page(request, complaint, forms={action: form}, status=400)
