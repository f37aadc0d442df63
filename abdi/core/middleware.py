from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import Http404, JsonResponse
from django.http.multipartparser import MultiPartParserError


class IndonesianByDefaultMiddleware:
    """Serve Bahasa Indonesia unless the user chose another language with the switch.

    Government PCs often run an English browser; the browser's Accept-Language must not
    switch the UI. The choice made in the language switch (a cookie) still wins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RejectNulBytesMiddleware:
    """NUL bytes are never valid input: a path with one is a 404, a query string or form/JSON body
    with one is a 400, before any view runs.

    PostgreSQL refuses NUL in text ("A string literal cannot contain NUL"), so a NUL that reached a
    lookup or a save was a 500 on some pages and not others; one gate here closes every door at
    once. (Undecodable bytes are already made harmless by Django: the path keeps them percent-encoded
    and the query string decodes with replacement characters.)"""

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404
        problem = self._problem(request)
        if problem is None:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            # API clients get the API's structured 400, as every other bad input.
            return JsonResponse({"errors": {"non_field_errors": [problem]}}, status=400)
        raise BadRequest(problem)

    def _problem(self, request) -> str | None:
        if _has_nul(request.GET):
            return "NUL byte in the query string"
        if request.method in ("POST", "PUT", "PATCH"):
            content_type = request.content_type or ""
            if content_type in self.FORM_TYPES:
                try:
                    if _has_nul(request.POST):
                        return "NUL byte in the form data"
                except (MultiPartParserError, BadRequest, SuspiciousOperation):
                    return "Malformed form data"
            elif content_type.endswith("json"):
                body = request.body
                if b"\x00" in body or b"\\u0000" in body:
                    return "NUL byte in the request body"
        return None


def _has_nul(query_dict) -> bool:
    return any(
        "\x00" in key or any("\x00" in v for v in values) for key, values in query_dict.lists()
    )


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (settings
    ABDI_CONTENT_SECURITY_POLICY and ABDI_PERMISSIONS_POLICY; empty turns one off). HSTS,
    nosniff and the referrer policy come from Django's SecurityMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        csp = settings.ABDI_CONTENT_SECURITY_POLICY
        if csp and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = csp
        permissions = settings.ABDI_PERMISSIONS_POLICY
        if permissions and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = permissions
        return response
