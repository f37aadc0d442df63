"""The login lockout (django-axes) in people's words."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


def cooloff_minutes() -> int:
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def lockout_message() -> str:
    return _(
        "Terlalu banyak percobaan masuk yang gagal untuk akun ini dari alamat Anda. Demi keamanan, "
        "akun ini dikunci sementara selama %(minutes)d menit. Coba lagi nanti, atau gunakan "
        "“Lupa kata sandi” untuk mengatur ulang, atau minta admin BKPSDM membuka kuncinya."
    ) % {"minutes": cooloff_minutes()}


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out login sees (AXES_LOCKOUT_CALLABLE): the page, 429, with the time to wait."""

    return render(
        request,
        "registration/locked_out.html",
        {"message": lockout_message(), "minutes": cooloff_minutes()},
        status=429,
    )
