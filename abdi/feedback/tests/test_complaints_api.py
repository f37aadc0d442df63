"""Complaint API: public create and track, scoped handler endpoints, actions and refusals."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from abdi.feedback.models import Complaint
from abdi.feedback.services import complaints as svc
from abdi.feedback.testing import build_feedback_personas

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fp(personas):
    return build_feedback_personas(personas)


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_public_create_multipart_and_track(fp):
    r = api().post(
        "/api/v1/public/complaints/",
        {
            "kind": "complaint",
            "service": fp.service.pk,
            "title": "Antri <b>lama</b>",
            "description": "Tiga jam",
            "reporter_name": "Ani Warga",
            "reporter_phone": "0812999",
            "attachments": [SimpleUploadedFile("a.png", PNG)],
        },
        format="multipart",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert set(body) == {"tracking_code", "status", "verification_due"}
    assert body["status"] == "received"
    c = Complaint.objects.get(tracking_code=body["tracking_code"])
    assert c.attachments.count() == 1
    t = api().get(f"/api/v1/public/complaints/{body['tracking_code']}/")
    assert t.status_code == 200
    text = t.content.decode()
    assert "Ani Warga" not in text and "0812999" not in text
    assert t.json()["title"] == "Antri <b>lama</b>"  # data, not markup: the client escapes
    assert t.json()["timeline"][0]["label"]


@pytest.mark.django_db
def test_public_create_json_and_bad_input(fp):
    r = api().post(
        "/api/v1/public/complaints/",
        {"kind": "nope", "title": "", "description": "x"},
        format="json",
    )
    assert r.status_code == 400
    assert {"kind", "title"} <= set(r.json()["errors"])
    r = api().post(
        "/api/v1/public/complaints/",
        {
            "kind": "complaint",
            "org_unit": fp.puskesmas.pk,
            "title": "t",
            "description": "d",
            "attachments": [SimpleUploadedFile("x.pdf", b"not a pdf at all")],
        },
        format="multipart",
    )
    assert r.status_code == 400 and "attachments" in r.json()["errors"]
    assert Complaint.objects.count() == 0


@pytest.mark.django_db
def test_public_create_throttled(fp, settings):
    settings.ABDI_PUBLIC_COMPLAINT_RATE = "1/hour"
    payload = {"kind": "complaint", "org_unit": fp.puskesmas.pk, "title": "t", "description": "d"}
    assert api().post("/api/v1/public/complaints/", payload, format="json").status_code == 201
    r = api().post("/api/v1/public/complaints/", payload, format="json")
    assert r.status_code == 429
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_public_track_unknown_is_404(fp):
    assert api().get("/api/v1/public/complaints/ABCDEFGHJKMN/").status_code == 404
    assert api().get("/api/v1/public/complaints/zz/").status_code == 404


def _make(fp, **extra):
    return svc.complaint_submit(
        data=svc.ComplaintInput(
            kind="complaint",
            title="t",
            description="d",
            service=extra.pop("service", fp.service),
            reporter_name="Ani Rahasia",
            **extra,
        )
    )


@pytest.mark.django_db
def test_handler_endpoints_scoped_and_actions(fp, personas):
    c = _make(fp, is_confidential=True)
    other = _make(fp, service=fp.service_b)
    coord = api(fp.coordinator)
    r = coord.get("/api/v1/complaints/")
    assert r.status_code == 200 and r.json()["count"] == 2
    assert coord.get(f"/api/v1/complaints/{c.pk}/").json()["reporter"]["name"] == "Ani Rahasia"
    r = coord.post(f"/api/v1/complaints/{c.pk}/dispatch/", {"unit": fp.puskesmas.pk})
    assert r.status_code == 400 and "diverifikasi" in str(r.json())
    assert coord.post(f"/api/v1/complaints/{c.pk}/verify/", {"note": "ok"}).json()["status"] == (
        "verified"
    )
    assert coord.post(f"/api/v1/complaints/{c.pk}/verify/", {}).status_code == 400
    r = coord.post(f"/api/v1/complaints/{c.pk}/dispatch/", {"unit": fp.puskesmas.pk})
    assert r.status_code == 200 and r.json()["dispatched_unit"]["id"] == fp.puskesmas.pk
    liaison = api(fp.liaison)
    listed = liaison.get("/api/v1/complaints/").json()
    assert [x["id"] for x in listed["results"]] == [c.pk]
    detail = liaison.get(f"/api/v1/complaints/{c.pk}/").json()
    assert detail["reporter"] is None  # confidential
    assert liaison.get(f"/api/v1/complaints/{other.pk}/").status_code == 404
    assert liaison.post(f"/api/v1/complaints/{c.pk}/close/", {}).status_code == 403
    assert api(fp.liaison_b).post(f"/api/v1/complaints/{c.pk}/respond/", {}).status_code == 404
    r = liaison.post(
        f"/api/v1/complaints/{c.pk}/respond/",
        {"public_message": "Sudah", "internal_note": "rapat"},
    )
    assert r.status_code == 200 and r.json()["status"] == "followed_up"
    assert coord.post(f"/api/v1/complaints/{c.pk}/close/", {}).json()["status"] == "closed"
    assert coord.post(f"/api/v1/complaints/{c.pk}/explode/", {}).status_code == 404


@pytest.mark.django_db
def test_handler_endpoints_refuse_others(fp, personas):
    c = _make(fp)
    assert api().get("/api/v1/complaints/").status_code in (401, 403)
    assert api(personas.employee.user).get("/api/v1/complaints/").status_code == 403
    assert api(personas.employee.user).get(f"/api/v1/complaints/{c.pk}/").status_code == 404


@pytest.mark.django_db
def test_list_filters_and_query_guard(fp, django_assert_max_num_queries):
    for _ in range(3):
        _make(fp)
    client = api(fp.coordinator)
    with django_assert_max_num_queries(10) as small:
        client.get("/api/v1/complaints/")
    for _ in range(20):
        _make(fp, service=fp.service_b)
    with django_assert_max_num_queries(len(small.captured_queries)):
        r = client.get("/api/v1/complaints/", {"unit": fp.puskesmas.pk})
    assert r.json()["count"] == 3
    assert client.get("/api/v1/complaints/", {"status": "closed"}).json()["count"] == 0
