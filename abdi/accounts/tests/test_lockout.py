"""Finding 4 of issue 14: password guessing. After five wrong passwords for one user from one
address that pair is locked for a while — even the right password is refused — with a clear
Indonesian message; the API token endpoint counts in the same lockout; an admin unlocks; and a
"forgot password" e-mail lets the owner back in."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from abdi.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 5


def _login(client, password, username="budi", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_wrong_passwords_then_the_right_one_is_refused_with_a_message():
    make_user("budi")
    client = Client(REMOTE_ADDR="192.0.2.1")
    for i in range(4):
        assert _login(client, f"salah-{i}").status_code == 200  # the form again, with an error
    response = _login(client, "salah-terakhir")
    assert response.status_code == 429
    response = _login(client, PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "dikunci sementara" in body and "15 menit" in body
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user_and_address_and_ignores_a_forged_header():
    make_user("budi")
    make_user("sari")
    attacker = Client(REMOTE_ADDR="192.0.2.1")
    for i in range(5):
        _login(attacker, f"salah-{i}", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    assert _login(attacker, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429
    # The same user from another address, and another user from the attacker's address, still work.
    assert _login(Client(REMOTE_ADDR="192.0.2.2"), PASSWORD).status_code == 302
    assert _login(Client(REMOTE_ADDR="192.0.2.1"), PASSWORD, username="sari").status_code == 302


def test_token_endpoint_shares_the_lockout(settings):
    settings.ABDI_TOKEN_LOGIN_RATE = "100/hour"
    make_user("budi")
    api = APIClient(REMOTE_ADDR="192.0.2.5")
    url = "/api/v1/auth/token/"
    codes = [api.post(url, {"username": "budi", "password": f"x{i}"}).status_code for i in range(5)]
    assert codes == [400, 400, 400, 400, 429]
    response = api.post(url, {"username": "budi", "password": PASSWORD})
    assert response.status_code == 429
    assert "dikunci sementara" in response.json()["detail"]
    # ... and the login page from the same address is locked too.
    assert _login(Client(REMOTE_ADDR="192.0.2.5"), PASSWORD).status_code == 429


def test_an_admin_unlocks_in_the_admin(personas):
    make_user("budi")
    client = Client(REMOTE_ADDR="192.0.2.1")
    for i in range(5):
        _login(client, f"salah-{i}")
    attempt = AccessAttempt.objects.get(username="budi")
    admin = Client()
    admin.force_login(personas.superuser)
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 302
    assert _login(client, PASSWORD).status_code == 302


def test_forgot_password_by_email_also_lifts_the_lockout():
    make_user("budi", email="budi@example.go.id")
    client = Client(REMOTE_ADDR="192.0.2.1")
    for i in range(5):
        _login(client, f"salah-{i}")
    page = client.get(LOGIN)
    assert reverse("accounts:password_reset") in page.content.decode()
    response = client.post(reverse("accounts:password_reset"), {"email": "budi@example.go.id"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "kata sandi" in mail.outbox[0].subject.lower()
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Buat kata sandi baru" in form.content.decode()
    new = "kata-sandi-baru-2026"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert _login(client, new).status_code == 302


def test_unknown_email_looks_the_same():
    response = Client().post(reverse("accounts:password_reset"), {"email": "siapa@example.go.id"})
    assert response.status_code == 302 and not mail.outbox


def test_forgot_password_requests_are_limited_per_address(settings):
    # Each request may send an e-mail: a script must not flood a mailbox through the page.
    settings.ABDI_PASSWORD_RESET_RATE = "3/hour"
    make_user("rina", email="rina@example.go.id")
    client = Client(REMOTE_ADDR="10.9.8.7")
    url = reverse("accounts:password_reset")
    for _ in range(3):
        assert client.post(url, {"email": "rina@example.go.id"}).status_code == 302
    refused = client.post(url, {"email": "rina@example.go.id"}, HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Terlalu banyak permintaan" in refused.content.decode()
    assert len(mail.outbox) == 3
    # Another address has its own budget.
    other = Client(REMOTE_ADDR="10.9.8.8").post(url, {"email": "rina@example.go.id"})
    assert other.status_code == 302 and len(mail.outbox) == 4
