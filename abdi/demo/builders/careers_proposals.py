"""Career proposals and mutations of the demo province (issue 10, items 6–8): KP, KGB,
retirement and Satyalancana proposals of the Dinas Kesehatan in every state (proposed,
verified, BKN approval recorded, decreed, refused), three transfer requests waiting for each
approver (home unit, receiving unit, BKPSDM) and a checked rotation plan in draft.

Everything goes through the careers services (the same steps, decrees and history rows as a
real user's), as `operator.dinkes` proposes and `admin` decides. The employees are the first
eligible ones of each due list in NIP order, so the result is the same for a given seed."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile

from abdi.accounts.models import User
from abdi.careers import services
from abdi.careers.models import CHECKLISTS, Proposal, ProposalKind, TransferKind
from abdi.careers.selectors.due import DueList
from abdi.core.audit import history_actor
from abdi.core.choices import PositionKind
from abdi.employees import services as employee_services
from abdi.employees.models import Employee
from abdi.employees.rules import add_years
from abdi.org.models import OrgUnit, Position

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OPD = "DINKES"
# The states each kind's proposals are taken to, in order (one employee each).
# The most telling states first, for an OPD with few employees due.
STATES = {
    ProposalKind.KP: ("proposed", "decreed", "refused", "approved", "verified", "proposed"),
    ProposalKind.KGB: ("proposed", "decreed", "refused", "verified"),
    ProposalKind.BUP: ("proposed", "approved", "refused", "verified", "decreed"),
    ProposalKind.SATYALANCANA: ("proposed", "decreed", "refused", "verified"),
}
REFUSAL: dict[str, str] = {
    ProposalKind.KP: "SKP tahun lalu belum ditandatangani pejabat penilai.",
    ProposalKind.KGB: "SK KGB terakhir tidak terbaca; unggah ulang.",
    ProposalKind.BUP: "Daftar susunan keluarga belum dilegalisasi.",
    ProposalKind.SATYALANCANA: "Masa kerja terputus karena cuti di luar tanggungan negara.",
}


def _period(kind: str, today: dt.date) -> tuple[dt.date, dt.date]:
    first = dt.date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    if kind == ProposalKind.BUP:
        return first, add_years(first, 2) - dt.timedelta(days=1)
    if kind == ProposalKind.SATYALANCANA:  # this year's and next year's anniversaries
        return dt.date(today.year, 1, 1), dt.date(today.year + 1, 12, 31)
    return first, add_years(first, 1) - dt.timedelta(days=1)


def _take(proposal: Proposal, state: str, *, admin: User, today: dt.date, kind: str) -> None:
    if state == "proposed":
        return
    if state == "refused":
        services.proposal_refuse(actor=admin, proposal=proposal, reason=REFUSAL[kind])
        return
    ticked = {key: True for key, _label in CHECKLISTS[kind]}
    services.proposal_verify(actor=admin, proposal=proposal, checklist=ticked)
    if state == "verified":
        return
    if ProposalKind.needs_technical_approval(kind):
        services.proposal_record_technical_approval(
            actor=admin,
            proposal=proposal,
            number=f"PERTEK-{proposal.pk:05d}/BKN/{today.year}",
            date=today,
        )
        if state == "approved":
            return
    services.proposal_record_decree(
        actor=admin,
        proposal=proposal,
        decree_number=f"800/{proposal.pk:04d}/BKPSDM/{today.year}",
        decree_date=today,
        effective_from=proposal.due_date if kind != ProposalKind.SATYALANCANA else today,
        basic_salary=3_500_000 + proposal.pk * 1_000 if kind == ProposalKind.KGB else None,
    )


def _seed_proposals(*, operator: User, admin: User, unit: OrgUnit, today: dt.date) -> Counter:
    counts: Counter = Counter()
    for kind, states in STATES.items():
        start, end = _period(kind, today)
        due = DueList(kind=kind, period_start=start, period_end=end, unit=unit, today=today)
        if kind == ProposalKind.SATYALANCANA:
            _give_previous_grades(due, admin)
        chosen = []
        for chunk_start in range(0, 2000, 200):
            page = list(due.queryset.order_by("nip")[chunk_start : chunk_start + 200])
            if not page:
                break
            chosen += [r.employee for r in due.rows(page) if r.eligible]
            if len(chosen) >= len(states):
                break
        chosen = chosen[: len(states)]
        if not chosen:
            continue
        batch = services.proposal_batch_create(
            actor=operator,
            kind=kind,
            period_start=start,
            period_end=end,
            org_unit=unit,
            employees=chosen,
            note="Usulan periode berikutnya.",
        )
        for proposal, state in zip(batch.proposals.order_by("employee__nip"), states, strict=False):
            _take(proposal, state, admin=admin, today=today, kind=kind)
            counts[f"{kind} {state}"] += 1
    return counts


def _give_previous_grades(due: DueList, admin: User) -> None:
    """The demo's award history lacks the lower Satyalancana grades: record them (on 17 August
    of the anniversary year) for those whom only that blocks, as the agency would have."""
    grades = sorted(due.grades, key=lambda g: g.years)
    for row in due.rows(due.queryset):
        grade = next((g for g in grades if g.name == row.detail), None)
        previous = [g for g in grades if grade and g.years < grade.years]
        if not previous or len(row.reasons) != 1 or not row.reasons[0].startswith("Belum menerima"):
            continue
        before = previous[-1]
        # An award is due only by the years since the CPNS TMT, so the employee has one.
        assert row.employee.tmt_cpns is not None
        year = row.employee.tmt_cpns.year + before.years
        employee_services.award_add(
            actor=admin,
            employee=row.employee,
            name=before.name,
            awarded_on=dt.date(year, 8, 17),
            issuer="Presiden Republik Indonesia",
            decree_number=f"Keppres {year}/TK",
        )


def _login_for(employee: Employee) -> User:
    if employee.user is not None:
        return employee.user
    first, _sep, last = employee.name.partition(" ")
    user = User.objects.create(
        username=f"nip{employee.nip}",
        password=make_password(None),
        first_name=first[:150],
        last_name=last[:150],
    )
    employee.user = user
    employee.save(update_fields=["user"])
    return user


def _seed_transfers(
    *, operator: User, admin: User, unit: OrgUnit, today: dt.date, rng: random.Random
) -> Counter:
    """Three requests to other OPDs: waiting for the home unit, the receiving unit, BKPSDM."""
    counts: Counter = Counter()
    settled = add_years(today, -3)
    movers = list(
        Employee.objects.filter(
            org_unit__path__startswith=unit.path,
            is_active=True,
            user__isnull=True,
            position__kind=PositionKind.PELAKSANA,
            position_effective_from__lte=settled,
            tmt_cpns__lte=add_years(today, -11),
        ).order_by("nip")[:3]
    )
    destinations = list(
        Position.objects.filter(kind=PositionKind.PELAKSANA, is_active=True)
        .exclude(org_unit__path__startswith=unit.path)
        .select_related("org_unit")
        .order_by("code")[:20]
    )
    if not destinations:
        return counts
    for stage, employee in enumerate(movers):
        target = rng.choice(destinations)
        request = services.transfer_request_submit(
            actor=_login_for(employee),
            kind=TransferKind.WITHIN_AGENCY,
            reason="Mengikuti pasangan yang bertugas di sana.",
            document=ContentFile(PDF, name="surat-permohonan.pdf"),
            destination_unit=target.org_unit,
            destination_position=target,
        )
        if stage >= 1:
            services.transfer_decide(actor=operator, request=request, approve=True)
        if stage >= 2:
            services.transfer_decide(actor=admin, request=request, approve=True)
        request.refresh_from_db()
        counts[request.get_status_display()] += 1
    return counts


def _seed_rotation(*, admin: User, unit: OrgUnit, today: dt.date) -> int:
    """A draft plan: three pelaksana of the OPD swap round (a chain, posts unchanged)."""
    candidates = list(
        Employee.objects.filter(
            org_unit__path__startswith=unit.path,
            is_active=True,
            position__kind=PositionKind.PELAKSANA,
            position_effective_from__lte=add_years(today, -2),
        )
        .select_related("position")
        .order_by("nip")
    )
    picked: list[tuple[Employee, Position]] = []
    seen: set[int] = set()
    for employee in candidates:
        position = employee.position  # never None: filtered on the position's kind
        if position is not None and position.pk not in seen:
            picked.append((employee, position))
            seen.add(position.pk)
        if len(picked) == 3:
            break
    if len(picked) < 2:
        return 0
    first_of_next = dt.date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    plan = services.rotation_plan_create(
        actor=admin, title="Rotasi pelaksana Dinas Kesehatan", effective_from=first_of_next
    )
    for i, (employee, _position) in enumerate(picked):
        _next_employee, target = picked[(i + 1) % len(picked)]
        services.rotation_move_add(
            actor=admin,
            plan=plan,
            employee=employee,
            target_position=target,
            decree_number=f"821.2/{i + 1:03d}/BKPSDM/{today.year}",
        )
    services.rotation_plan_check(actor=admin, plan=plan)
    return len(picked)


def seed_careers_proposals(*, seed: int, today: dt.date, users: dict[str, User]) -> dict:
    rng = random.Random(seed + 1010)
    unit = OrgUnit.objects.filter(code=OPD).first()
    if unit is None:
        return {}
    operator, admin = users["operator.dinkes"], users["admin"]
    with history_actor(admin):
        proposals = _seed_proposals(operator=operator, admin=admin, unit=unit, today=today)
        transfers = _seed_transfers(operator=operator, admin=admin, unit=unit, today=today, rng=rng)
        moves = _seed_rotation(admin=admin, unit=unit, today=today)
    return {"proposals": proposals, "transfers": transfers, "rotation moves": moves}


def summary(stats: dict) -> dict:
    if not stats:
        return {}
    return {
        "career proposals": ", ".join(f"{k}: {v}" for k, v in sorted(stats["proposals"].items())),
        "transfer requests": ", ".join(f"{k}: {v}" for k, v in stats["transfers"].items()),
        "rotation plan (draft) moves": stats["rotation moves"],
    }
