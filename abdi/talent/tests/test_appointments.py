"""BKPSDM records against the plan an appointment made outside a selection (transfer, direct
decree): the appointee must hold the post in the personnel records; the successor leaves the
plan; the same decree is recorded once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from abdi.employees.services import position_change
from abdi.talent.models import SuccessionAppointment, Successor
from abdi.talent.services.succession import succession_appointment_note, successor_add
from abdi.talent.testing import compute

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(talent_world):
    compute(talent_world)
    p = talent_world.p
    successor_add(
        actor=p.admin, position=p.head_position_b, employee=p.supervisor, readiness="ready_now"
    )
    return talent_world


def _note(p, *, actor=None, decree="821/7/2026"):
    return succession_appointment_note(
        actor=actor or p.admin, position=p.head_position_b, employee=p.supervisor,
        decree_number=decree, effective_from=timezone.localdate(),
    )  # fmt: skip


def test_an_appointment_not_in_the_personnel_records_is_refused(planned):
    p = planned.p
    with pytest.raises(ValidationError) as exc:
        _note(p)
    assert "nip" in exc.value.message_dict
    assert not SuccessionAppointment.objects.exists()
    assert Successor.objects.get(employee=p.supervisor).is_active
    with pytest.raises(PermissionDenied):
        _note(p, actor=p.leader)


def test_a_recorded_appointment_ends_the_successor_once(planned, client):
    p = planned.p
    position_change(
        actor=p.admin, employee=p.supervisor, position=p.head_position_b,
        effective_from=timezone.localdate(), decree_number="821/7/2026", reason="Mutasi.",
    )  # fmt: skip
    record = _note(p)
    assert record.successor.employee == p.supervisor and record.readiness == "ready_now"
    assert not Successor.objects.get(employee=p.supervisor).is_active
    with pytest.raises(ValidationError):
        _note(p)
    assert SuccessionAppointment.objects.count() == 1
    client.force_login(p.admin)
    html = client.get(reverse("talent:critical_detail", args=[p.head_position_b.pk])).content
    assert b"821/7/2026" in html and b"appointment-form" in html


def test_the_form_records_through_the_page(planned, client):
    p = planned.p
    position_change(
        actor=p.admin, employee=p.supervisor, position=p.head_position_b,
        effective_from=timezone.localdate(), decree_number="821/8/2026", reason="Mutasi.",
    )  # fmt: skip
    client.force_login(p.admin)
    url = reverse("talent:appointment_new", args=[p.head_position_b.pk])
    client.post(url, {"nip": p.supervisor.nip, "decree_number": "", "effective_from": ""})
    assert not SuccessionAppointment.objects.exists()
    client.post(
        url,
        {
            "nip": p.supervisor.nip,
            "decree_number": "821/8/2026",
            "effective_from": timezone.localdate().isoformat(),
        },
    )
    assert SuccessionAppointment.objects.get().decree_number == "821/8/2026"
