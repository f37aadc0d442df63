"""The public questionnaire behind the survey link and QR code: no login, light (no JavaScript
needed), rate-limited per address, one response per device per day.

The device is a random cookie (`abdi_survey_device`, one year, HttpOnly); only a hash of survey,
cookie and the Jakarta date is stored (SurveyResponse.device_day_hash)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from abdi.core.services import today
from abdi.core.throttle import client_ip, hit, survey_rate
from abdi.feedback.forms.surveys import PublicSurveyForm
from abdi.feedback.models import SatisfactionSurvey, SurveyResponse
from abdi.feedback.services import surveys as svc

DEVICE_COOKIE = "abdi_survey_device"
DEVICE_COOKIE_AGE = 365 * 24 * 3600


DEVICE_SALT = "abdi.feedback.survey-device"


def device_token(request, presented: str | None = None) -> tuple[str, bool]:
    """The device token from the signed cookie (or a signed token the API client presents), or a
    new one (True when it must be set). Only tokens this server issued count: a client cannot
    pick its own, and one that drops its cookie gets a new device but still counts against its
    address's daily cap."""
    signed = presented if presented is not None else request.COOKIES.get(DEVICE_COOKIE, "")
    token = unsign_device_token(signed)
    if token:
        return token, False
    return secrets.token_urlsafe(24), True


def sign_device_token(token: str) -> str:
    return signing.Signer(salt=DEVICE_SALT).sign(token)


def unsign_device_token(signed: str) -> str:
    try:
        token = signing.Signer(salt=DEVICE_SALT).unsign(signed or "")
    except signing.BadSignature:
        return ""
    return token if 16 <= len(token) <= 64 else ""


def set_device_cookie(response, token: str) -> None:
    response.set_cookie(
        DEVICE_COOKIE,
        sign_device_token(token),
        max_age=DEVICE_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _survey(code: str) -> SatisfactionSurvey:
    return get_object_or_404(
        SatisfactionSurvey.objects.select_related("service__org_unit"), code=code
    )


def _message(request, survey, kind: str, status: int = 200, token=None, new=False):
    response = render(
        request, "public/survey_message.html", {"survey": survey, "kind": kind}, status=status
    )
    if new and token:
        set_device_cookie(response, token)
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def survey_form(request, code: str):
    survey = _survey(code)
    token, new = device_token(request)
    if not survey.is_open:
        return _message(request, survey, "closed")
    if not new and request.method == "GET":
        digest = svc.device_day_hash(survey.pk, token, today())
        if SurveyResponse.objects.filter(survey=survey, device_day_hash=digest).exists():
            return _message(request, survey, "already")
    form = PublicSurveyForm(request.POST or None, questions=survey.questions)
    if request.method == "POST":
        allowed, retry_after = hit(request, "survey", survey_rate())
        if not allowed:
            response = render(
                request,
                "public/survey_message.html",
                {"survey": survey, "kind": "throttled", "minutes": max(1, round(retry_after / 60))},
                status=429,
            )
            response["Retry-After"] = str(retry_after)
            return response
        if form.is_bot:  # the honeypot: looks accepted, nothing saved
            return redirect("public:survey_thanks", code=survey.code)
        if form.is_valid():
            try:
                svc.survey_response_submit(
                    survey=survey,
                    data=form.response_input(),
                    device_token=token,
                    address=client_ip(request),
                )
            except svc.AlreadyAnswered:
                return _message(request, survey, "already", token=token, new=new)
            except svc.AddressCapReached:
                return _message(request, survey, "cap", status=429, token=token, new=new)
            except svc.SurveyClosed:
                return _message(request, survey, "closed")
            except ValidationError as exc:
                for field, errors in getattr(exc, "error_dict", {None: exc.error_list}).items():
                    name = f"u_{field}" if f"u_{field}" in form.fields else field
                    form.add_error(name if name in form.fields else None, errors)
            else:
                response = redirect("public:survey_thanks", code=survey.code)
                if new:
                    set_device_cookie(response, token)
                return response
    response = render(
        request,
        "public/survey_form.html",
        {"survey": survey, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
    if new:
        set_device_cookie(response, token)
    return response


@login_not_required
@require_http_methods(["GET"])
def survey_thanks(request, code: str):
    survey = _survey(code)
    return _message(request, survey, "thanks")
