"""Finding 13 of issue 14: sessions end after a working day (and with the browser), API tokens
expire and can be revoked by their owner, and the error pages are Abdi's own, in Indonesian, with
the menu when signed in and a way back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings
from django.urls import path, reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from abdi.testing import PASSWORD

pytestmark = pytest.mark.django_db


def test_session_defaults_are_a_working_day_and_the_browser():
    assert django_settings.SESSION_COOKIE_AGE == 8 * 3600
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_session_cookie_has_no_expiry_date(personas):
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": personas.admin.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # ends with the browser


def _token(personas) -> str:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": personas.admin.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    return response.json()["token"]


def test_an_expired_token_is_refused_and_a_new_one_issued(personas, settings):
    settings.ABDI_API_TOKEN_DAYS = 30
    key = _token(personas)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/org-units/").status_code == 200
    Token.objects.filter(key=key).update(created=timezone.now() - dt.timedelta(days=31))
    response = api.get("/api/v1/org-units/")
    assert response.status_code == 401 and "kedaluwarsa" in response.json()["detail"]
    assert _token(personas) != key


def test_the_owner_revokes_their_token(personas):
    key = _token(personas)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.delete("/api/v1/auth/token/").status_code == 204
    assert not Token.objects.filter(key=key).exists()
    assert api.get("/api/v1/org-units/").status_code == 401
    assert APIClient().delete("/api/v1/auth/token/").status_code == 401


def test_404_page_is_indonesian_with_the_menu_and_a_way_back(personas, login):
    response = login(personas.admin).get("/tidak-ada/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in body and "Kembali ke beranda" in body
    assert 'id="mainnav"' in body  # the menu
    anonymous = Client().get("/survei/tidak-ada-kodenya/").content.decode()
    assert "mainnav" not in anonymous


def test_403_page(personas, login):
    response = login(personas.employee.user).get(reverse("employees:import"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "tidak berwenang" in body and 'id="mainnav"' in body


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]
handler500 = "config.views.server_error"


@override_settings(ROOT_URLCONF=__name__)
def test_500_page(personas):
    client = Client(raise_request_exception=False)
    client.force_login(personas.admin)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Terjadi kesalahan pada sistem" in response.content.decode()
