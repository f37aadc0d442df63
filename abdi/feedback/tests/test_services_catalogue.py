"""The public service catalogue: scoped to the service admin's units."""

from __future__ import annotations

import pytest
from django.urls import reverse

from abdi.feedback.models import PublicService
from abdi.feedback.testing import build_feedback_personas


@pytest.fixture
def fp(personas):
    return build_feedback_personas(personas)


@pytest.mark.django_db
def test_service_admin_sees_and_edits_only_own_units(fp, personas, login):
    client = login(fp.service_admin)
    body = client.get(reverse("feedback:services")).content.decode()
    assert "Pelayanan Poli Umum" in body and "Legalisir Ijazah" not in body
    assert client.get(reverse("feedback:service_edit", args=[fp.service_b.pk])).status_code == 404
    r = client.post(
        reverse("feedback:service_create"),
        {"org_unit": personas.unit_b.pk, "name": "Curang", "is_active": "on"},
    )
    assert r.status_code == 400 and not PublicService.objects.filter(name="Curang").exists()
    r = client.post(
        reverse("feedback:service_create"),
        {"org_unit": fp.puskesmas.pk, "name": "Imunisasi", "standard_days": 1, "is_active": "on"},
    )
    assert r.status_code == 302
    assert PublicService.objects.get(name="Imunisasi").org_unit == fp.puskesmas


@pytest.mark.django_db
def test_duplicate_name_refused_with_message(fp, login):
    client = login(fp.service_admin)
    r = client.post(
        reverse("feedback:service_create"),
        {"org_unit": fp.puskesmas.pk, "name": "pelayanan poli umum", "is_active": "on"},
    )
    assert r.status_code == 400 and "sudah memiliki layanan" in r.content.decode()
    r = client.post(
        reverse("feedback:service_edit", args=[fp.service.pk]),
        {"org_unit": fp.puskesmas.pk, "name": "Poli Umum", "is_active": ""},
    )
    assert r.status_code == 302
    fp.service.refresh_from_db()
    assert fp.service.name == "Poli Umum" and not fp.service.is_active


@pytest.mark.django_db
def test_admin_sees_all_and_others_are_refused(fp, personas, login):
    body = login(personas.admin).get(reverse("feedback:services")).content.decode()
    assert "Legalisir Ijazah" in body and "Pelayanan Poli Umum" in body
    for user in (personas.operator, personas.employee.user, fp.liaison):
        assert login(user).get(reverse("feedback:services")).status_code == 403


@pytest.mark.django_db
def test_inactive_service_not_offered_in_public_search(fp, client):
    fp.service.is_active = False
    fp.service.save()
    r = client.get(reverse("public:complaint_form"), {"q": "poli"}, HTTP_HX_REQUEST="1")
    assert f"s:{fp.service.pk}".encode() not in r.content
