"""API token authentication with an expiry (kept apart from abdi.core.api, which imports DRF's
views: DRF loads this class from the settings while its views module is still importing)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def token_expired(token: Token) -> bool:
    days = int(settings.ABDI_API_TOKEN_DAYS or 0)
    return days > 0 and token.created < timezone.now() - dt.timedelta(days=days)


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token …`, valid for ABDI_API_TOKEN_DAYS after it was issued (0 = no
    limit). An expired token is deleted; the client asks for a new one with its password."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(
                _(
                    "Token API sudah kedaluwarsa. Minta token baru dengan nama pengguna dan kata sandi."
                )
            )
        return user, token
