"""A NUL byte anywhere in the input is a 400 or 404, never a 500 (on
PostgreSQL a NUL in a lookup raised). One middleware covers path, query string and body."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/survei/%00/", "/employees/%00/", "/lapor/lacak/%00/", "/api/v1/public/complaints/%00/"],
)
def test_nul_in_the_path_is_404(personas, url):
    assert Client().get(url).status_code == 404
    client = Client()
    client.force_login(personas.admin)
    assert client.get(url).status_code == 404


def test_nul_in_an_api_post_path_is_404():
    response = APIClient().post(
        "/api/v1/public/surveys/%00/responses/", {"answers": {"U1": 4}}, format="json"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/complaints/?q=%00", "/employees/?q=a%00b"])
def test_nul_in_the_query_string_is_400(personas, url):
    client = Client()
    client.force_login(personas.admin)
    assert client.get(url).status_code == 400


def test_nul_in_form_data_is_400(personas):
    response = Client().post(
        "/lapor/", {"kind": "complaint", "title": "a\x00b", "description": "d"}
    )
    assert response.status_code == 400


def test_nul_in_a_json_body_is_400():
    response = APIClient().post(
        "/api/v1/public/complaints/",
        {"kind": "complaint", "title": "a\x00b", "description": "d"},
        format="json",
    )
    assert response.status_code == 400


def test_ordinary_input_passes(personas):
    client = Client()
    client.force_login(personas.admin)
    assert client.get("/employees/?q=budi").status_code == 200


def test_api_errors_of_the_gate_are_the_api_s_json(personas):
    client = Client()
    client.force_login(personas.admin)
    response = client.get("/api/v1/complaints/?q=%00")
    assert response.status_code == 400
    assert response.json() == {"errors": {"non_field_errors": ["NUL byte in the query string"]}}
    # A multipart body that does not parse is a JSON 400 on the API too, not the HTML page.
    response = client.post(
        "/api/v1/public/complaints/",
        data=b"--xyz\r\nnot a part",
        content_type="multipart/form-data; boundary=xyz",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
