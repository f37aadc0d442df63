from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from abdi.accounts.lockout import lockout_message
from abdi.core.throttle import TokenLoginThrottle


@method_decorator(login_not_required, name="dispatch")
class TokenView(ObtainAuthToken):
    """Exchange a username and password for an API token (send it as `Authorization: Token …`).

    Wrong passwords count towards the same lockout as the login page (django-axes): a locked
    user+address gets 429 with the time to wait, whatever password it sends."""

    throttle_classes = [TokenLoginThrottle]

    @extend_schema(
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            429: OpenApiResponse(description="Too many attempts: locked out for a while"),
        },
    )
    def post(self, request, *args, **kwargs):
        credentials = {"username": str(request.data.get("username", ""))}
        if AxesProxyHandler.is_locked(request._request, credentials):
            return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            # This wrong password may have been the one that locks the account: say so now.
            if AxesProxyHandler.is_locked(request._request, credentials):
                return Response(
                    {"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS
                )
            raise
