"""Test data of merit selection on top of the personas (abdi.testing), reached by calling
the services: a vacant JPT Pratama post, an open selection for it, a five-member panel.

The persona 'supervisor' (Administrator since 2021, born 1978, S1) is eligible once her last
two annual predikat are recorded; 'employee' (Pelaksana) is not (no Administrator years)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from abdi.careers.models import Selection
from abdi.careers.services import selection as services
from abdi.careers.services.selection import PanelInput
from abdi.employees.models import AnnualPredikat
from abdi.org.models import Position
from abdi.testing import make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOCUMENTS = ["Surat lamaran", "SKP dua tahun terakhir"]


def pdf(name: str = "dokumen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def documents() -> dict:
    return {name: pdf(f"{i}.pdf") for i, name in enumerate(DOCUMENTS)}


def good_predikats(employee, years=3) -> None:
    this_year = timezone.localdate().year
    for year in range(this_year - years, this_year):
        AnnualPredikat.objects.update_or_create(
            employee=employee, year=year, defaults={"predikat": "baik"}
        )


@dataclass
class SelectionWorld:
    p: Any
    position: Any
    selection: Any
    panel_users: list = field(default_factory=list)
    members: list = field(default_factory=list)
    application: Any = None  # the supervisor's


def vacant_jpt_post(p):
    return Position.objects.create(
        code="BKD-KABAN",
        name="Kepala Badan Kepegawaian Daerah",
        kind="jpt_pratama",
        class_grade=14,
        org_unit=p.region,
        is_unit_head=True,
    )


def open_selection(p, *, position=None, **extra):
    today = timezone.localdate()
    selection = services.selection_create(
        actor=p.admin,
        title=extra.pop("title", "Seleksi Terbuka JPT Pratama Kepala BKD"),
        kind=extra.pop("kind", "open_jpt"),
        positions=[position or vacant_jpt_post(p)],
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=10),
        announcement="Dibuka seleksi terbuka.",
        objection_days=3,
        required_documents=DOCUMENTS,
        **extra,
    )
    return services.selection_announce(actor=p.admin, selection=selection)


def panel_inputs(p, n: int = 5, internal: int = 2):
    users = [make_user(f"pansel{i}", first_name=f"Pansel {i}") for i in range(1, n + 1)]
    return users, [
        PanelInput(
            user=u,
            name=u.first_name,
            is_internal=i < internal,
            institution="Pemprov Uji" if i < internal else "Universitas Uji",
            role="chair" if i == 0 else "member",
        )
        for i, u in enumerate(users)
    ]


def close_registration(selection) -> None:
    """Move the closing date to yesterday (as if time had passed), then close."""

    Selection.objects.filter(pk=selection.pk).update(
        closes_on=timezone.localdate() - dt.timedelta(days=1),
        opens_on=timezone.localdate() - dt.timedelta(days=20),
    )
    selection.refresh_from_db()


def build_selection_world(p, *, scoring: bool = False) -> SelectionWorld:
    """An open JPT selection with its panel and the supervisor's application; with
    `scoring`, registration closed, the supervisor passed administration and scoring started."""

    position = vacant_jpt_post(p)
    selection = open_selection(p, position=position)
    users, inputs = panel_inputs(p)
    members = services.panel_set(actor=p.admin, selection=selection, members=inputs)
    good_predikats(p.supervisor)
    application = services.application_submit(
        actor=p.supervisor.user, selection=selection, documents=documents()
    )
    world = SelectionWorld(p, position, selection, users, members, application)
    if scoring:
        close_registration(selection)
        services.selection_close(actor=p.admin, selection=selection)
        services.administrative_result(actor=p.admin, application=application, passed=True)
        services.selection_start_scoring(actor=p.admin, selection=selection)
        selection.refresh_from_db()
        application.refresh_from_db()
    return world
