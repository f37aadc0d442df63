"""Registration endpoints: register or nominate, approve, reject, confirm, cancel, complete; 404
out of scope, 403 for a visible registration one may not act on, structured 400s."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from django.utils import timezone

from abdi.learning.choices import RegistrationStatus, SessionApproval
from abdi.learning.models import Certificate, Registration
from abdi.learning.testing import build_learning_world, make_session

pytestmark = pytest.mark.django_db
S = RegistrationStatus


@pytest.fixture
def world(personas):
    return build_learning_world(personas)


def reg_url(pk, action=""):
    return f"/api/v1/registrations/{pk}/" + (f"{action}/" if action else "")


def test_register_then_approve_confirm_through_the_api(personas, world, api):
    url = f"/api/v1/training/sessions/{world.session.pk}/registrations/"
    response = api(personas.colleague.user).post(url, {"motivation": "Butuh"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == S.PENDING_SUPERVISOR and body["nip"] == personas.colleague.nip
    assert [s["action"] for s in body["steps"]] == ["registered"]
    pk = body["id"]

    approved = api(personas.supervisor.user).post(reg_url(pk, "approve"))
    assert approved.status_code == 200 and approved.json()["status"] == S.PENDING_BKPSDM
    confirmed = api(personas.admin).post(reg_url(pk, "confirm"))
    assert confirmed.status_code == 200 and confirmed.json()["status"] == S.CONFIRMED
    detail = api(personas.colleague.user).get(reg_url(pk))
    assert [s["action"] for s in detail.json()["steps"]] == [
        "registered",
        "supervisor_approved",
        "confirmed",
    ]


def test_registering_twice_is_a_structured_400(personas, world, api):
    url = f"/api/v1/training/sessions/{world.session.pk}/registrations/"
    response = api(personas.employee.user).post(url, {}, format="json")
    assert response.status_code == 400
    assert "sudah terdaftar" in response.json()["errors"]["non_field_errors"][0]


def test_outside_the_window_is_a_400(personas, world, api):
    today = timezone.localdate()
    late = make_session(world.programme, today=today, registration_closes=today - dt.timedelta(1))
    response = api(personas.colleague.user).post(
        f"/api/v1/training/sessions/{late.pk}/registrations/", {}, format="json"
    )
    assert response.status_code == 400 and "ditutup" in str(response.json()["errors"])
    assert not Registration.objects.filter(session=late).exists()


def test_nominating_by_nip(personas, world, api):
    url = f"/api/v1/training/sessions/{world.session.pk}/registrations/"
    assert (
        api(personas.supervisor.user).post(url, {"nip": personas.outsider.nip}).status_code == 404
    )
    response = api(personas.supervisor.user).post(url, {"nip": personas.colleague.nip})
    assert response.status_code == 201 and response.json()["status"] == S.PENDING_BKPSDM
    # BKPSDM may nominate anyone; its nomination has every approval.
    response = api(personas.admin).post(url, {"nip": personas.outsider.nip})
    assert response.status_code == 201 and response.json()["status"] == S.CONFIRMED


def test_plan_item_of_someone_else_is_a_400(personas, world, api):
    url = f"/api/v1/training/sessions/{world.session.pk}/registrations/"
    response = api(personas.colleague.user).post(url, {"plan_item": world.plan_item.pk})
    assert response.status_code == 400 and "plan_item" in response.json()["errors"]


def test_approve_scope_and_permission(personas, world, api):
    assert api(personas.head_b.user).post(reg_url(world.pending.pk, "approve")).status_code == 404
    assert api(personas.admin).post(reg_url(world.pending.pk, "approve")).status_code == 403
    assert api(personas.employee.user).post(reg_url(world.pending.pk, "approve")).status_code == 403
    assert api(personas.outsider.user).get(reg_url(world.pending.pk)).status_code == 404


def test_reject_without_reason_is_a_field_error(personas, world, api):
    response = api(personas.supervisor.user).post(reg_url(world.pending.pk, "reject"), {})
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = api(personas.supervisor.user).post(
        reg_url(world.pending.pk, "reject"), {"reason": "Beban kerja"}
    )
    assert response.json()["status"] == S.REJECTED


def test_cancel_promotes_the_waiting_list(personas, world, api):
    today = timezone.localdate()
    session = make_session(world.programme, today=today, approval=SessionApproval.NONE, quota=1)
    url = f"/api/v1/training/sessions/{session.pk}/registrations/"
    first = api(personas.colleague.user).post(url, {}).json()
    second = api(personas.outsider.user).post(url, {}).json()
    assert (first["status"], second["status"]) == (S.CONFIRMED, S.WAITLISTED)
    assert second["waitlist_position"] == 1
    cancelled = api(personas.colleague.user).post(reg_url(first["id"], "cancel"), {"reason": "x"})
    assert cancelled.json()["status"] == S.CANCELLED
    assert api(personas.outsider.user).get(reg_url(second["id"])).json()["status"] == S.CONFIRMED


def test_complete_with_score(personas, world, api):
    today = timezone.localdate()
    session = make_session(
        world.programme,
        today=today,
        name="Berjalan",
        start_date=today,
        end_date=today + dt.timedelta(days=1),
        registration_opens=today - dt.timedelta(days=20),
        registration_closes=today - dt.timedelta(days=2),
    )
    reg = Registration.objects.create(
        session=session, employee=personas.colleague, status=S.CONFIRMED
    )
    url = reg_url(reg.pk, "complete")
    assert api(personas.supervisor.user).post(url, {"passed": True}).status_code == 403
    bad = api(personas.admin).post(url, {"passed": True, "score": "150"}, format="json")
    assert bad.status_code == 400 and "score" in bad.json()["errors"]
    missing = api(personas.admin).post(url, {}, format="json")
    assert missing.status_code == 400 and "passed" in missing.json()["errors"]
    done = api(personas.admin).post(url, {"passed": True, "score": "87.5"}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == S.COMPLETED and done.json()["score"] == "87.50"
    assert Certificate.objects.filter(registration=reg).exists()


def test_the_schema_documents_the_endpoints(client):
    schema = yaml.safe_load(
        client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi").content
    )
    paths = schema["paths"]
    assert "post" in paths["/api/v1/training/sessions/{id}/registrations/"]
    for action in ("approve", "reject", "confirm", "cancel", "complete"):
        assert "post" in paths[f"/api/v1/registrations/{{id}}/{action}/"]
    assert "get" in paths["/api/v1/registrations/{id}/"]
