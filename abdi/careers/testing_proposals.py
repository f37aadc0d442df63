"""Career records on top of the test personas, for the permission matrix and page tests: a KP
proposal of the persona 'employee' proposed by the Dinkes operator, the employee's transfer
request (waiting for the home unit), the colleague's approved one (waiting for the decree) and
a draft rotation plan with one move."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from abdi.accounts.models import RoleAssignment, User
from abdi.careers import services
from abdi.employees.models import AnnualPredikat
from abdi.employees.rules import add_years
from abdi.testing import make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class CareersWorld:
    batch: Any
    proposal: Any
    transfer: Any
    approved_transfer: Any
    plan: Any
    move: Any


def next_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    start = dt.date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    return start, start + dt.timedelta(days=180)


def make_kp_due(employee) -> None:
    """Put the employee 5 years in rank before the next period, with Baik in the last years."""

    start, _end = next_period()
    employee.rank_effective_from = add_years(start, -5)
    employee.save(update_fields=["rank_effective_from", "updated_at"])
    year = timezone.localdate().year
    for y in (year - 2, year - 1, year):
        AnnualPredikat.objects.update_or_create(
            employee=employee, year=y, defaults={"predikat": "baik"}
        )


def build_careers_world(p) -> CareersWorld:
    make_kp_due(p.employee)
    start, end = next_period()
    batch = services.proposal_batch_create(
        actor=p.operator,
        kind="kp",
        period_start=start,
        period_end=end,
        org_unit=p.unit_a,
        employees=[p.employee],
    )
    transfer = services.transfer_request_submit(
        actor=p.employee.user,
        kind="within",
        reason="Dekat rumah.",
        document=SimpleUploadedFile("surat.pdf", PDF, "application/pdf"),
        destination_unit=p.unit_b,
        destination_position=p.staff_position_b,
    )
    approved = services.transfer_request_submit(
        actor=p.colleague.user,
        kind="within",
        reason="Mengikuti suami.",
        document=SimpleUploadedFile("surat.pdf", PDF, "application/pdf"),
        destination_unit=p.unit_b,
        destination_position=p.staff_position_b,
    )
    for approver in (p.operator, receiving_operator(p), p.admin):
        services.transfer_decide(actor=approver, request=approved, approve=True)
    plan = services.rotation_plan_create(
        actor=p.admin, title="Rotasi uji", effective_from=timezone.localdate()
    )
    move = services.rotation_move_add(
        actor=p.admin,
        plan=plan,
        employee=p.outsider,
        target_position=p.staff_position,
        decree_number="SK-UJI-1",
    )
    return CareersWorld(batch, batch.proposals.get(), transfer, approved, plan, move)


def receiving_operator(p):
    """The operator of the persona's unit B (the receiving unit of a transfer)."""

    user = User.objects.filter(username="operator_unit_b").first()
    if user is None:
        user = make_user("operator_unit_b")
        RoleAssignment.objects.create(user=user, role="operator", org_unit=p.unit_b)
    return user
