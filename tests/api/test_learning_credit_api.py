"""Credit API: public certificate verification (throttled, no listing) and the JP ledger."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from abdi.learning.services import credit as svc
from abdi.learning.testing import build_learning_world


@pytest.fixture
def world(personas):
    return build_learning_world(personas)


def verify_url(code: str) -> str:
    return reverse("api-certificate-verify", args=[code])


@pytest.mark.django_db
def test_verify_valid_certificate_anonymously(anon, personas, world):
    response = anon.get(verify_url(world.certificate.code))
    assert response.status_code == 200
    body = response.json()
    nip = personas.employee.nip
    assert body["status"] == "valid" and body["valid"] is True
    assert body["name"] == world.certificate.employee_name
    assert body["nip"] == f"{nip[:4]}**********{nip[-4:]}"
    assert body["programme"] == world.certificate.programme_title
    assert body["provider"] == world.provider.name
    assert body["jp"] == world.certificate.jp
    assert body["number"] == world.certificate.number
    assert body["completed_on"] == world.certificate.completed_on.isoformat()
    assert body["revoked_on"] is None
    assert nip not in response.content.decode()


@pytest.mark.django_db
def test_verify_revoked_certificate_gives_date_and_reason(anon, personas, world):
    svc.certificate_revoke(actor=personas.admin, certificate=world.certificate, reason="Ganda.")
    body = anon.get(verify_url(world.certificate.code)).json()
    assert body["status"] == "revoked" and body["valid"] is False
    assert body["revoke_reason"] == "Ganda." and body["revoked_on"]


@pytest.mark.django_db
def test_verify_unknown_code_is_a_404_that_says_so(anon, world):
    response = anon.get(verify_url("ZZZZZZZZZZZZ"))
    assert response.status_code == 404
    assert "tidak ditemukan" in response.json()["detail"]


@pytest.mark.django_db
def test_verify_is_throttled_per_address_in_indonesian(anon, world, settings):
    settings.ABDI_VERIFY_RATE = "2/minute"
    assert anon.get(verify_url(world.certificate.code)).status_code == 200
    assert anon.get(verify_url(world.certificate.code)).status_code == 200
    response = anon.get(verify_url(world.certificate.code))
    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in response.json()["detail"]
    assert response["Retry-After"]


def test_there_is_no_way_to_list_certificates():
    with pytest.raises(NoReverseMatch):
        reverse("api-certificate-list")


@pytest.mark.django_db
def test_no_certificate_listing_url(anon, world):
    assert anon.get("/api/v1/certificates/").status_code == 404
    assert anon.get("/api/v1/certificates/verify/").status_code == 404


@pytest.mark.django_db
def test_employee_jp_for_a_year(api, personas, world):
    year = world.completed.session.end_date.year
    response = api(personas.supervisor.user).get(
        reverse("api-employee-jp", args=[personas.employee.nip]), {"year": year}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["year"], body["jp_total"], body["target"]) == (year, 24, 20)
    assert body["entries"] == [
        {
            "date": world.completed.session.end_date.isoformat(),
            "jp": 24,
            "source": "training",
            "title": world.programme.title,
            "certificate_code": world.certificate.code,
        }
    ]


@pytest.mark.django_db
def test_employee_jp_bad_year_is_a_structured_400(api, personas, world):
    url = reverse("api-employee-jp", args=[personas.employee.nip])
    for bad in ("abc", "1899", "9999"):
        response = api(personas.employee.user).get(url, {"year": bad})
        assert response.status_code == 400
        assert "year" in response.json()["errors"]


@pytest.mark.django_db
def test_employee_jp_out_of_scope_is_404_and_anonymous_401(api, anon, personas, world):
    url = reverse("api-employee-jp", args=[personas.employee.nip])
    assert api(personas.outsider.user).get(url).status_code == 404
    assert api(personas.colleague.user).get(url).status_code == 404
    assert anon.get(url).status_code == 401
    assert api(personas.leader).get(url).status_code == 200


@pytest.mark.django_db
def test_the_endpoints_are_in_the_schema(anon):
    schema = anon.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/certificates/verify/{code}/" in schema
    assert "/api/v1/employees/{nip}/jp/" in schema
