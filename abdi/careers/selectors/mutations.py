"""Reads of transfer requests and rotation plans, each from the user's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.careers import rules
from abdi.careers.models import (
    RotationMove,
    RotationPlan,
    TransferRequest,
    TransferStatus,
    TransferStep,
)
from abdi.careers.permissions.mutations import rotation_plans_visible_to, transfers_visible_to
from abdi.competency import rules as competency_rules
from abdi.competency.selectors import StandardBook, jpm_bands, latest_levels
from abdi.core.choices import PositionKind
from abdi.employees.models import Employee
from abdi.org.models import Position

TRANSFER_RELATED = (
    "employee",
    "home_unit",
    "destination_unit",
    "destination_position",
)


def transfer_list(
    *, user: User, status: str = "", open_only: bool = False
) -> QuerySet[TransferRequest]:
    qs = transfers_visible_to(user).select_related(*TRANSFER_RELATED)
    if status:
        qs = qs.filter(status=status)
    if open_only:
        qs = qs.filter(status__in=TransferStatus.open())
    return qs.order_by("-created_at", "-pk")


def transfer_detail_queryset(*, user: User) -> QuerySet[TransferRequest]:
    return transfers_visible_to(user).select_related(*TRANSFER_RELATED, "created_by")


def transfer_steps(request: TransferRequest) -> QuerySet[TransferStep]:
    return request.steps.select_related("actor").order_by("at", "pk")


def rotation_plan_list(*, user: User) -> QuerySet[RotationPlan]:
    return (
        rotation_plans_visible_to(user)
        .select_related("created_by")
        .annotate(move_count=Count("moves"))
        .order_by("-created_at", "-pk")
    )


def rotation_plan_detail_queryset(*, user: User) -> QuerySet[RotationPlan]:
    return rotation_plans_visible_to(user).select_related("created_by")


def rotation_moves(plan: RotationPlan) -> QuerySet[RotationMove]:
    return plan.moves.select_related(
        "employee",
        "employee__position",
        "employee__org_unit",
        "from_position",
        "target_position",
        "target_position__org_unit",
    ).order_by("pk")


def vacancy_rows(plan: RotationPlan) -> list[tuple[Position, int]]:
    """The positions the plan leaves with free posts, from the last check."""
    vacancies = {int(k): v for k, v in (plan.check_report or {}).get("vacancies", {}).items()}
    positions = Position.objects.select_related("org_unit").in_bulk(
        [pid for pid, free in vacancies.items() if free > 0]
    )
    return sorted(
        ((positions[pid], vacancies[pid]) for pid in positions),
        key=lambda pair: (pair[0].org_unit_id, pair[0].name),
    )


def min_years_in_post() -> int:
    """Agency policy [M]: the years an employee stays in a post before a transfer or rotation
    (ABDI_MIN_YEARS_IN_POST, default 2)."""
    return int(settings.ABDI_MIN_YEARS_IN_POST)


@dataclass
class MoveReport:
    move_id: int
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    jpm: str | None = None


@dataclass
class PlanReport:
    moves: dict[int, MoveReport]
    vacancies: dict[int, int]  # position id -> free posts after the plan
    chains: list[list[int]]

    @property
    def ok(self) -> bool:
        return not any(m.errors for m in self.moves.values())

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "moves": {str(k): asdict(v) for k, v in self.moves.items()},
            "vacancies": {str(k): v for k, v in self.vacancies.items()},
            "chains": self.chains,
        }


def rotation_plan_report(plan: RotationPlan, *, today: dt.date | None = None) -> PlanReport:
    """Check every move of the plan (a fixed number of queries for any number of moves):
    capacity after the whole plan, two moves into one post, a JPT post (filled by open
    selection), the position kind, the mover's JPM for the target post, the time in post."""

    today = today or timezone.localdate()
    moves = list(
        plan.moves.select_related("employee", "employee__position", "target_position").order_by(
            "pk"
        )
    )
    # The mover's position now (the record may have changed since the move was drafted).
    position_ids = {m.target_position_id for m in moves} | {
        m.employee.position_id for m in moves if m.employee.position_id
    }
    positions = Position.objects.in_bulk(position_ids)
    holders = dict.fromkeys(position_ids, 0)
    for pid, count in (
        Employee.objects.filter(position_id__in=position_ids, is_active=True)
        .values("position_id")
        .annotate(n=Count("pk"))
        .values_list("position_id", "n")
    ):
        holders[pid] = count
    check = rules.check_plan(
        [
            rules.PlannedMove(m.pk, m.employee_id, m.employee.position_id, m.target_position_id)
            for m in moves
        ],
        posts={pid: p.posts for pid, p in positions.items()},
        holders=holders,
        position_names={pid: p.name for pid, p in positions.items()},
    )
    book = StandardBook([m.target_position_id for m in moves], on=today)
    levels = latest_levels([m.employee_id for m in moves])
    bands = jpm_bands(today)
    lowest = min(bands, key=lambda b: b[1])[0] if bands else None
    min_post_years = min_years_in_post()
    report = PlanReport({}, check.vacancies, [list(c) for c in check.chains])
    for move in moves:
        entry = MoveReport(move.pk, list(check.errors.get(move.pk, ())))
        employee, target = move.employee, move.target_position
        current = employee.position
        if not employee.is_active:
            entry.errors.append(_("Pegawai ini tidak aktif."))
        if not target.is_active:
            entry.errors.append(_("Jabatan tujuan sudah tidak aktif."))
        if target.kind in (
            PositionKind.JPT_UTAMA,
            PositionKind.JPT_MADYA,
            PositionKind.JPT_PRATAMA,
        ):
            entry.errors.append(_("Jabatan pimpinan tinggi diisi melalui seleksi terbuka."))
        if current is not None and current.kind != target.kind:
            entry.warnings.append(
                _("Bukan rotasi setingkat: %(from)s → %(to)s.")
                % {"from": current.get_kind_display(), "to": target.get_kind_display()}
            )
        required = book.required(target.pk, target.kind)
        value = competency_rules.jpm(levels.get(employee.pk, {}), required)
        if value is None or not levels.get(employee.pk):
            entry.warnings.append(_("Belum ada hasil penilaian kompetensi untuk jabatan tujuan."))
        else:
            band = competency_rules.band(value, bands)
            entry.jpm = f"{value} ({band})" if band else str(value)
            if band == lowest:
                entry.warnings.append(
                    _("JPM untuk jabatan tujuan %(jpm)s (%(band)s).") % {"jpm": value, "band": band}
                )
        if employee.position_effective_from and (
            rules.years_of_service_complete(employee.position_effective_from, plan.effective_from)
            < min_post_years
        ):
            entry.warnings.append(
                _("Belum %(years)d tahun pada jabatan sekarang (sejak %(date)s).")
                % {
                    "years": min_post_years,
                    "date": employee.position_effective_from.strftime("%d-%m-%Y"),
                }
            )
        if (
            employee.position_effective_from
            and plan.effective_from <= employee.position_effective_from
        ):
            entry.errors.append(_("TMT rencana harus sesudah TMT jabatan sekarang pegawai."))
        report.moves[move.pk] = entry
    return report
