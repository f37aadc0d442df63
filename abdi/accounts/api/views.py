from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.response import Response

from abdi.accounts.lockout import lockout_message
from abdi.core.api_auth import ExpiringTokenAuthentication, token_expired
from abdi.core.throttle import TokenLoginThrottle


@method_decorator(login_not_required, name="dispatch")
class TokenView(ObtainAuthToken):
    """POST: exchange a username and password for an API token (send it as
    `Authorization: Token …`); it expires after ABDI_API_TOKEN_DAYS. DELETE: the owner revokes
    their token (authenticated by that token or a session).

    Wrong passwords count towards the same lockout as the login page (django-axes): a locked
    user+address gets 429 with the time to wait, whatever password it sends."""

    throttle_classes = [TokenLoginThrottle]

    def get_authenticators(self):
        # POST takes a password, not a token; DELETE needs to know whose token to revoke.
        if self.request is not None and self.request.method == "DELETE":
            return [ExpiringTokenAuthentication(), SessionAuthentication()]
        return []

    def get_throttles(self):
        return super().get_throttles() if self.request.method == "POST" else []

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
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
        except ValidationError:
            # This wrong password may have been the one that locks the account: say so now.
            if AxesProxyHandler.is_locked(request._request, credentials):
                return Response(
                    {"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS
                )
            raise
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        if token_expired(token):  # a fresh token, not the expired one
            token.delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key})

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="Revoked"), 401: OpenApiResponse()},
        summary="Revoke my API token",
    )
    def delete(self, request, *args, **kwargs):
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
