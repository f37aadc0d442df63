"""Workforce needs per unit and position: posts, holders, acting holders, vacancies now and the
vacancies retirements open in each of the next five years — the basis of the yearly needs
proposal (formasi). A page of positions costs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from abdi.accounts.models import User
from abdi.careers import rules
from abdi.careers.permissions.workforce import workforce_positions_visible_to
from abdi.careers.spreadsheets import xlsx_bytes
from abdi.employees.models import ActingAssignment, Employee
from abdi.employees.permissions import in_unit_subtrees
from abdi.employees.selectors import retiring_condition
from abdi.org.models import OrgUnit, Position

YEARS_AHEAD = 5


@dataclass
class WorkforceRow:
    position: Position
    holders: int = 0
    acting: int = 0
    retiring: list[int] = field(default_factory=list)  # per year, YEARS_AHEAD entries

    @property
    def vacant(self) -> int:
        return max(self.position.posts - self.holders, 0)

    @property
    def over(self) -> int:
        return max(self.holders - self.position.posts, 0)

    def vacancies_by_year(self) -> list[int]:
        """Free posts at the end of each year if nobody is appointed meanwhile."""
        result, retired = [], 0
        for count in self.retiring:
            retired += count
            result.append(max(self.position.posts - self.holders + retired, 0))
        return result


def workforce_years(today: dt.date) -> list[int]:
    return [today.year + i for i in range(1, YEARS_AHEAD + 1)]


def workforce_positions(*, user: User, unit: OrgUnit | None = None) -> QuerySet[Position]:
    qs = workforce_positions_visible_to(user).filter(is_active=True)
    if unit is not None:
        qs = qs.filter(in_unit_subtrees((unit.path,), inline=True))
    return qs.select_related("org_unit").order_by("org_unit__path", "-is_unit_head", "name", "pk")


def workforce_rows(positions: Iterable[Position], *, today: dt.date) -> list[WorkforceRow]:
    positions = list(positions)
    ids = [p.pk for p in positions]
    years = workforce_years(today)
    counts = {
        f"y{year}": Count(
            "pk",
            filter=retiring_condition(
                *rules.retirement_birthday_window(dt.date(year, 1, 1), dt.date(year, 12, 31)),
                today,
            ),
        )
        for year in years
    }
    per_position = {
        row["position_id"]: row
        for row in Employee.objects.filter(position_id__in=ids, is_active=True)
        .values("position_id")
        .annotate(holders=Count("pk"), **counts)
        .order_by()
    }
    acting = dict(
        ActingAssignment.objects.filter(
            position_id__in=ids, start_date__lte=today, end_date__gte=today
        )
        .values("position_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("position_id", "n")
    )
    rows = []
    for position in positions:
        data = per_position.get(position.pk, {})
        rows.append(
            WorkforceRow(
                position,
                holders=data.get("holders", 0),
                acting=acting.get(position.pk, 0),
                retiring=[data.get(f"y{year}", 0) for year in years],
            )
        )
    return rows


def workforce_totals(rows: list[WorkforceRow]) -> dict:
    return {
        "posts": sum(r.position.posts for r in rows),
        "holders": sum(r.holders for r in rows),
        "acting": sum(r.acting for r in rows),
        "vacant": sum(r.vacant for r in rows),
        "retiring": [sum(col) for col in zip(*(r.retiring for r in rows), strict=False)]
        if rows
        else [0] * YEARS_AHEAD,
    }


def workforce_xlsx(positions: QuerySet[Position], *, today: dt.date) -> bytes:
    years = workforce_years(today)
    headers = [
        "Unit kerja",
        "Jabatan",
        "Jenis jabatan",
        "Formasi",
        "Pemegang",
        "Plt/Plh",
        "Lowong sekarang",
        *[f"Pensiun {y}" for y in years],
        *[f"Lowong akhir {y}" for y in years],
    ]
    data = []
    batch: list[Position] = []

    def flush() -> None:
        for row in workforce_rows(batch, today=today):
            p = row.position
            data.append(
                [
                    p.org_unit.name,
                    p.name,
                    p.get_kind_display(),
                    p.posts,
                    row.holders,
                    row.acting,
                    row.vacant,
                    *row.retiring,
                    *row.vacancies_by_year(),
                ]
            )
        batch.clear()

    for position in positions.iterator(chunk_size=500):
        batch.append(position)
        if len(batch) >= 500:
            flush()
    flush()
    return xlsx_bytes([("Kebutuhan pegawai", headers, data)])


__all__ = [
    "WorkforceRow",
    "workforce_positions",
    "workforce_rows",
    "workforce_totals",
    "workforce_xlsx",
    "workforce_years",
]
