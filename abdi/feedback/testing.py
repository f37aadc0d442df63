"""Personas of the public-voice tests, on top of abdi.testing.build_personas():

Dinas Kesehatan (unit_a)
  Puskesmas Kenali Besar (puskesmas) — service "Pelayanan Poli Umum"; head: kapus
coordinator        complaint coordinator (agency-wide)
liaison            complaint liaison for unit_a (and so for the puskesmas)
liaison_b          complaint liaison for unit_b
service_admin      service admin for unit_a
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group

from abdi.accounts.models import RoleAssignment
from abdi.feedback.models import PublicService
from abdi.org.models import OrgUnit, Position
from abdi.testing import make_employee, make_user


@dataclass
class FeedbackPersonas:
    puskesmas: Any
    service: Any
    service_b: Any
    kapus: Any  # Employee heading the puskesmas (with .user)
    coordinator: Any
    liaison: Any
    liaison_b: Any
    service_admin: Any


def assign_role(user, role, unit=None):
    RoleAssignment.objects.create(user=user, role=role, org_unit=unit)
    user.groups.add(Group.objects.get(name=role))


def build_feedback_personas(personas) -> FeedbackPersonas:
    unit_a = OrgUnit.objects.get(pk=personas.unit_a.pk)
    puskesmas = OrgUnit.objects.add_child(
        unit_a,
        {
            "agency": personas.agency,
            "code": "PKM-KENALI",
            "name": "Puskesmas Kenali Besar",
            "kind": "puskesmas",
            "parent": unit_a,
        },
    )
    head_pos = Position.objects.create(
        code="PKM-KENALI-KAPUS",
        name="Kepala Puskesmas Kenali Besar",
        kind="administrator",
        class_grade=9,
        org_unit=puskesmas,
        reports_to=personas.head_position_a,
        is_unit_head=True,
    )
    kapus = make_employee(
        name="Maya Kapus",
        unit=puskesmas,
        position=head_pos,
        rank_code="III/c",
        sex="f",
        username="kapus",
        birth_date=dt.date(1982, 6, 1),
        tmt_cpns=dt.date(2008, 1, 1),
    )
    kapus.user.email = "kapus@example.test"
    kapus.user.save(update_fields=["email"])
    service = PublicService.objects.create(
        org_unit=puskesmas,
        name="Pelayanan Poli Umum",
        description="Pemeriksaan kesehatan umum",
        standard_days=1,
    )
    service_b = PublicService.objects.create(
        org_unit=personas.unit_b, name="Legalisir Ijazah", standard_days=3
    )
    coordinator = make_user("koordinator", first_name="Koordinator", last_name="Pengaduan")
    assign_role(coordinator, "complaint_coordinator")
    liaison = make_user("penghubung_dinkes", first_name="Penghubung", last_name="Dinkes")
    assign_role(liaison, "complaint_liaison", personas.unit_a)
    liaison_b = make_user("penghubung_disdik", first_name="Penghubung", last_name="Disdik")
    assign_role(liaison_b, "complaint_liaison", personas.unit_b)
    service_admin = make_user("admin_layanan_dinkes", first_name="Admin", last_name="Layanan")
    assign_role(service_admin, "service_admin", personas.unit_a)
    return FeedbackPersonas(
        puskesmas=puskesmas,
        service=service,
        service_b=service_b,
        kapus=kapus,
        coordinator=coordinator,
        liaison=liaison,
        liaison_b=liaison_b,
        service_admin=service_admin,
    )
