"""API conventions shared by every app's endpoints.

- Errors: a Django or DRF ValidationError becomes 400 `{"errors": {field: [messages]}}`
  (messages not tied to a field go under `non_field_errors`); a service's ConfirmationRequired
  adds `"confirmation_required": true` and `"warnings": [...]`.
- A service's Conflict (it lost a race with another write) becomes 409 with the same body.
- Django's PermissionDenied becomes 403 (with its message, if any), Http404 becomes 404 (out-of-scope objects are 404:
  never leak that a record exists).
- `ApiViewMixin`: every API view authenticates through DRF (token or session) and is exempt from
  LoginRequiredMiddleware, so a token client is never redirected to the login page.
- `document_error_responses`: a drf-spectacular postprocessing hook that documents these error
  shapes on every operation (400/404/429; 401/403 when it needs a login; 409 on writes), so the
  schema tells the truth about what a client may receive (issue 14).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from abdi.core.api_auth import ExpiringTokenAuthentication, token_expired  # noqa: F401
from abdi.core.concurrency import Conflict

if TYPE_CHECKING:
    from rest_framework.permissions import _PermissionClass


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
        # The service's refusal reaches the client (a view need not repeat the check for it).
        exc = exceptions.PermissionDenied(str(exc.args[0]) if exc.args and exc.args[0] else None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        data = response.data
        if not isinstance(data, dict):
            data = {api_settings.NON_FIELD_ERRORS_KEY: data if isinstance(data, list) else [data]}
        response.data = {"errors": data}
    return response


@csrf_exempt
@login_not_required
def api_not_found(request, *args, **kwargs):
    """Any /api/ path that matches no endpoint (e.g. `/org-units/-1/`, a path parameter with a
    slash): the same JSON 404 as an endpoint gives, not Django's HTML page (nor the CSRF
    failure page for a POST: there is nothing to protect)."""
    return JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=404)


class ApiViewMixin:
    """Put first in the bases of an APIView or ViewSet. Token authentication comes first so that
    an anonymous request gets 401 with `WWW-Authenticate: Token`; the browser (Swagger UI, HTMX)
    keeps using its session."""

    authentication_classes: Sequence[type[BaseAuthentication]] = [
        ExpiringTokenAuthentication,
        SessionAuthentication,
    ]
    permission_classes: Sequence[_PermissionClass] = [IsAuthenticated]

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))


# --- The error shapes, in the schema ----------------------------------------------------------


class ValidationErrorSerializer(serializers.Serializer):
    """400 (and some 409): what was wrong, per field (`non_field_errors` for the whole input)."""

    errors = serializers.DictField(  # type: ignore[assignment]  # the field, not Serializer.errors
        child=serializers.JSONField(),
        help_text="Per field, the messages (a list; nested input gives nested lists/objects).",
    )
    confirmation_required = serializers.BooleanField(
        required=False, help_text="true: resend with confirm_warnings=true to go ahead."
    )
    warnings = serializers.ListField(child=serializers.CharField(), required=False)


class ErrorDetailSerializer(serializers.Serializer):
    """401, 403, 404, 405, 429: one message."""

    detail = serializers.CharField()


ERROR_COMPONENTS = {
    "ValidationErrorResponse": {
        "type": "object",
        "description": ValidationErrorSerializer.__doc__,
        "properties": {
            "errors": {"type": "object", "additionalProperties": {}},
            "confirmation_required": {"type": "boolean"},
            "warnings": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["errors"],
    },
    "ErrorDetail": {
        "type": "object",
        "description": ErrorDetailSerializer.__doc__,
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
}
_REF = {name: {"$ref": f"#/components/schemas/{name}"} for name in ERROR_COMPONENTS}
_ERRORS = {
    "400": ("Masukan tidak sah.", _REF["ValidationErrorResponse"]),
    "401": ("Belum masuk (token atau sesi).", _REF["ErrorDetail"]),
    "403": ("Tidak berwenang atas tindakan ini.", _REF["ErrorDetail"]),
    "404": ("Tidak ada, atau di luar cakupan pengguna.", _REF["ErrorDetail"]),
    "409": (
        "Bertentangan dengan keadaan data saat ini.",
        {"anyOf": [_REF["ValidationErrorResponse"], _REF["ErrorDetail"]]},
    ),
    "429": ("Terlalu banyak permintaan; coba lagi nanti.", _REF["ErrorDetail"]),
}
_UNSAFE = {"post", "put", "patch", "delete"}


def _needs_login(operation: dict, default_security: list) -> bool:
    security = operation.get("security", default_security)
    return any(requirement for requirement in security)  # [] or [{}]: anonymous


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents the errors it may return;
    a response an operation already documents is left as it is."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in ERROR_COMPONENTS.items():
        schemas.setdefault(name, schema)
    default_security = result.get("security", [])
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            codes = ["400", "404", "429"]
            if _needs_login(operation, default_security):
                codes += ["401", "403"]
            if method in _UNSAFE:
                codes.append("409")
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                if code in responses:
                    continue
                description, schema = _ERRORS[code]
                responses[code] = {
                    "description": description,
                    "content": {"application/json": {"schema": schema}},
                }
    return result
