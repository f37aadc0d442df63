"""Token flow, health check, and that every API endpoint refuses anonymous callers without
redirecting them to the login page."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def test_token_flow_gives_a_token_that_authenticates(personas, anon, password):
    response = anon.post(TOKEN_URL, {"username": "operator_dinkes", "password": password})
    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=personas.operator).key

    anon.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listing = anon.get("/api/v1/employees/")
    assert listing.status_code == 200
    # The operator of Dinas Kesehatan sees that OPD's people only.
    nips = {row["nip"] for row in listing.json()["results"]}
    assert personas.employee.nip in nips
    assert personas.outsider.nip not in nips


def test_token_same_for_repeated_login(personas, anon, password):
    first = anon.post(TOKEN_URL, {"username": "pegawai", "password": password}).json()["token"]
    second = anon.post(TOKEN_URL, {"username": "pegawai", "password": password}).json()["token"]
    assert first == second


def test_wrong_password_is_a_structured_400(personas, anon):
    response = anon.post(TOKEN_URL, {"username": "operator_dinkes", "password": "salah"})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"errors"}
    assert body["errors"]["non_field_errors"]
    assert not Token.objects.filter(user=personas.operator).exists()


def test_missing_fields_are_field_errors(personas, anon):
    response = anon.post(TOKEN_URL, {"username": "operator_dinkes"})
    assert response.status_code == 400
    assert "password" in response.json()["errors"]


def test_bad_token_is_401(personas, anon):
    anon.credentials(HTTP_AUTHORIZATION="Token bukan-token-yang-sah")
    response = anon.get("/api/v1/employees/")
    assert response.status_code == 401


def test_browser_session_works_on_the_api(personas, session_api):
    response = session_api(personas.admin).get("/api/v1/org-units/")
    assert response.status_code == 200
    assert response.json()["count"] == 4


def test_healthz_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_get_only(client):
    assert client.post("/healthz").status_code == 405


ANONYMOUS_CASES = [
    ("get", "/api/v1/org-units/"),
    ("post", "/api/v1/org-units/"),
    ("get", "/api/v1/org-units/{unit}/"),
    ("put", "/api/v1/org-units/{unit}/"),
    ("patch", "/api/v1/org-units/{unit}/"),
    ("post", "/api/v1/org-units/{unit}/move/"),
    ("post", "/api/v1/org-units/{unit}/close/"),
    ("get", "/api/v1/positions/"),
    ("post", "/api/v1/positions/"),
    ("get", "/api/v1/positions/{position}/"),
    ("put", "/api/v1/positions/{position}/"),
    ("patch", "/api/v1/positions/{position}/"),
    ("get", "/api/v1/employees/"),
    ("post", "/api/v1/employees/"),
    ("get", "/api/v1/employees/{nip}/"),
    ("put", "/api/v1/employees/{nip}/"),
    ("patch", "/api/v1/employees/{nip}/"),
    ("get", "/api/v1/nip/{nip}/"),
]


@pytest.mark.parametrize(("method", "url"), ANONYMOUS_CASES)
def test_anonymous_is_denied_without_redirect(personas, anon, method, url):
    url = url.format(
        unit=personas.unit_a.pk, position=personas.staff_position.pk, nip=personas.employee.nip
    )
    response = getattr(anon, method)(url, {}, format="json")
    assert response.status_code == 401, (method, url, response.status_code)
    assert response["WWW-Authenticate"].startswith("Token")
    assert "Location" not in response
    assert "detail" in response.json()


@pytest.mark.parametrize("name", ["api-schema", "api-docs"], ids=["schema", "docs"])
def test_schema_and_docs_are_public(client, name):
    assert client.get(reverse(name)).status_code == 200
