"""BKPSDM records against the plan an appointment made outside a selection (transfer, direct
decree): the appointee must hold the post in the personnel records; the successor leaves the
plan; the same decree is recorded once. The outgoing incumbent's move is recorded first: a
critical post still held by them in the records takes no new appointee."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from abdi.employees.services import position_change
from abdi.org.models import Position
from abdi.talent.models import SuccessionAppointment, Successor
from abdi.talent.services.succession import (
    critical_post_vacancy_check,
    succession_appointment_note,
    succession_appointment_record,
    successor_add,
)
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


def _incumbent_moves_out(p):
    """The Disdik head leaves for a new post by decree, a week before the successor's TMT."""
    elsewhere = Position.objects.create(
        code="STAF-AHLI", name="Staf Ahli Bupati", kind="jpt_pratama", class_grade=14,
        org_unit=p.region,
    )  # fmt: skip
    position_change(
        actor=p.admin, employee=p.head_b, position=elsewhere,
        effective_from=timezone.localdate() - dt.timedelta(days=7),
        decree_number="821/6/2026", reason="Mutasi.",
    )  # fmt: skip


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
    _incumbent_moves_out(p)
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
    _incumbent_moves_out(p)
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


def test_a_critical_post_still_held_by_the_incumbent_names_them(planned):
    p = planned.p
    with pytest.raises(ValidationError) as exc:
        critical_post_vacancy_check(position=p.head_position_b, employee=p.supervisor)
    message = exc.value.message_dict["position"][0]
    assert p.head_b.name in message and p.head_b.nip in message
    assert "Catat dulu perpindahan, pemberhentian, atau pensiun pejabat lama" in message
    _incumbent_moves_out(p)
    critical_post_vacancy_check(position=p.head_position_b, employee=p.supervisor)  # no error


def test_the_same_decree_is_recorded_once_whichever_path_records_it(planned):
    p = planned.p
    _incumbent_moves_out(p)
    position_change(
        actor=p.admin, employee=p.supervisor, position=p.head_position_b,
        effective_from=timezone.localdate(), decree_number="821/9/2026", reason="Mutasi.",
    )  # fmt: skip
    _note(p, decree="821/9/2026")
    with pytest.raises(ValidationError) as exc:  # a selection recording the same decree
        succession_appointment_record(
            actor=p.admin, position=p.head_position_b, employee=p.supervisor,
            decree_number="821/9/2026 ", effective_from=timezone.localdate(),
        )  # fmt: skip
    assert "sudah dicatat" in str(exc.value)
    assert SuccessionAppointment.objects.count() == 1
    first = SuccessionAppointment.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():  # the database's backstop
        SuccessionAppointment.objects.create(
            position=first.position, employee=first.employee,
            decree_number=first.decree_number, effective_from=first.effective_from,
        )  # fmt: skip
