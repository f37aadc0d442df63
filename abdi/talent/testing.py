"""A talent world on top of the test personas: predikat of the two completed years and
assessments, chosen so that each persona lands in a box worked out by hand (default tables:
points SB 5, B 4, BP 3; performance Di Bawah < 3.5 ≤ Sesuai < 4.5 ≤ Di Atas; potential
= ½ score + ½ min(JPM, 100), Rendah < 75 ≤ Menengah < 90 ≤ Tinggi).

persona     predikat   score  levels (required)  JPM   potential  box
employee    SB, SB     90     5 (pelaksana 1)    100   95 Tinggi  9 (Di Atas × Tinggi)
supervisor  B, B       80     3 (admin. 3)       100   90 Tinggi  8 (Sesuai × Tinggi)
outsider    SB, SB     50     1 (pelaksana 1)    100   75 Menengah 7 (Di Atas × Menengah)
colleague   B, B       60     1 (pelaksana 1)    100   80 Menengah 5 (Sesuai × Menengah)
head_a      B (one)    —      —                  —     —          not mappable: predikat
head_b      B, B       none   —                  —     —          not mappable: potential
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from abdi.competency.models import Competency
from abdi.competency.services import assessment_record
from abdi.employees.models import AnnualPredikat
from abdi.talent.services import projects as services
from abdi.talent.services.placement import placements_compute
from abdi.talent.services.review import review_create
from abdi.talent.services.succession import successor_add


@dataclass
class TalentWorld:
    p: Any
    year: int


def _levels(level: int) -> dict:
    return dict.fromkeys(
        Competency.objects.filter(is_active=True, kind__in=["managerial", "socio_cultural"]),
        level,
    )


def build_talent_world(p) -> TalentWorld:
    year = timezone.localdate().year
    previous, latest = year - 2, year - 1
    predikats = {
        p.employee: ("sangat_baik", "sangat_baik"),
        p.supervisor: ("baik", "baik"),
        p.outsider: ("sangat_baik", "sangat_baik"),
        p.colleague: ("baik", "baik"),
        p.head_b: ("baik", "baik"),
    }
    for employee, (first, second) in predikats.items():
        AnnualPredikat.objects.create(employee=employee, year=previous, predikat=first)
        AnnualPredikat.objects.create(employee=employee, year=latest, predikat=second)
    AnnualPredikat.objects.create(employee=p.head_a, year=latest, predikat="baik")
    assessed = dt.date(latest, 6, 1)
    for employee, score, level in (
        (p.employee, 90, 5),
        (p.supervisor, 80, 3),
        (p.outsider, 50, 1),
        (p.colleague, 60, 1),
    ):
        assessment_record(
            actor=p.admin,
            employee=employee,
            date=assessed,
            method="cact",
            assessor="UPT Asesmen",
            levels=_levels(level),
            potential_score=Decimal(score),
        )
    return TalentWorld(p, year)


def compute(world: TalentWorld, year: int | None = None):
    return placements_compute(year=year or world.year)


@pytest.fixture
def talent_world(personas) -> TalentWorld:
    return build_talent_world(personas)


def matrix_objects(p) -> dict:
    """URL parameters for the permission matrix (tests/test_permission_matrix.py)."""

    world = build_talent_world(p)
    compute(world)
    review = review_create(
        actor=p.admin,
        year=world.year,
        title="Rapat matriks",
        held_on=dt.date(world.year, 1, 15),
        members=[p.head_a],
    )
    successor = successor_add(
        actor=p.admin, position=p.head_position_a, employee=p.supervisor, readiness="ready_now"
    )
    project, milestone, published = build_projects(p, evidence=True)
    return {
        "talent_project": {"pk": project.pk},
        "talent_milestone": {"pk": milestone.pk},
        "talent_published": {"pk": published.pk},
        "talent_review": {"pk": review.pk},
        "talent_position": {"pk": p.head_position_a.pk},
        "talent_successor": {"pk": successor.pk},
        "talent_employee": {"nip": p.employee.nip},
        "talent_outsider": {"nip": p.outsider.nip},
    }


def build_projects(p, *, evidence: bool = False):
    """An active project of 'employee' (mentor: 'supervisor') with a milestone, and a completed,
    published one."""

    project = services.project_register(
        actor=p.employee.user, training="pkp", title="Antrean daring", summary="Ringkas.",
        coach="Dr. Coach",
    )  # fmt: skip
    milestone = services.milestone_add(
        actor=p.employee.user, project=project, term="short", title="Uji coba",
        due_date=dt.date(2026, 3, 1),
    )  # fmt: skip
    if evidence:
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        services.milestone_report(
            actor=p.employee.user,
            milestone=milestone,
            evidence=SimpleUploadedFile("bukti.pdf", pdf, content_type="application/pdf"),
        )
    done = services.project_register(
        actor=p.employee.user, training="pkp", title="Layanan satu pintu", summary="Ringkas.",
        coach="Dr. Coach",
    )  # fmt: skip
    first = services.milestone_add(
        actor=p.employee.user, project=done, term="short", title="Rancang",
        due_date=dt.date(2026, 2, 1),
    )  # fmt: skip
    services.milestone_report(actor=p.employee.user, milestone=first, note="Selesai.")
    services.milestone_confirm(actor=p.supervisor.user, milestone=first)
    services.project_close(actor=p.admin, project=done, completed=True)
    services.project_publish(actor=p.admin, project=done, publish=True, public_summary="Inovasi.")
    return project, milestone, done
