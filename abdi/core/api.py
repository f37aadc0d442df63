"""API conventions shared by every app's endpoints.

- Errors: a Django or DRF ValidationError becomes 400 `{"errors": {field: [messages]}}`
  (messages not tied to a field go under `non_field_errors`); a service's ConfirmationRequired
  adds `"confirmation_required": true` and `"warnings": [...]`.
- A service's Conflict (it lost a race with another write) becomes 409 with the same body.
- Django's PermissionDenied becomes 403, Http404 becomes 404 (out-of-scope objects are 404:
  never leak that a record exists).
- `ApiViewMixin`: every API view authenticates through DRF (token or session) and is exempt from
  LoginRequiredMiddleware, so a token client is never redirected to the login page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from abdi.core.api_auth import ExpiringTokenAuthentication, token_expired  # noqa: F401
from abdi.core.concurrency import Conflict


def _field_name(field: str) -> str:
    return api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field


def validation_error_detail(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {_field_name(f): [str(m) for m in msgs] for f, msgs in exc.message_dict.items()}
    return {api_settings.NON_FIELD_ERRORS_KEY: [str(m) for m in exc.messages]}


def exception_handler(exc, context):
    if isinstance(exc, Conflict):  # lost a race with another write: 409, try again
        set_rollback()
        return Response({"errors": validation_error_detail(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        body: dict = {"errors": validation_error_detail(exc)}
        # A service's ConfirmationRequired (a ValidationError that carries `warnings`): the
        # client may resend with confirm_warnings=true. (Django drops the `code` of a
        # ValidationError built from a list, so look for the warnings themselves.)
        warnings = getattr(exc, "warnings", None)
        if warnings is not None or getattr(exc, "code", None) == "confirmation_required":
            body["confirmation_required"] = True
            body["warnings"] = [str(m) for m in (warnings or exc.messages)]
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        data = response.data
        if not isinstance(data, dict):
            data = {api_settings.NON_FIELD_ERRORS_KEY: data if isinstance(data, list) else [data]}
        response.data = {"errors": data}
    return response


class ApiViewMixin:
    """Put first in the bases of an APIView or ViewSet. Token authentication comes first so that
    an anonymous request gets 401 with `WWW-Authenticate: Token`; the browser (Swagger UI, HTMX)
    keeps using its session."""

    authentication_classes = [ExpiringTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))
