"""Reads of the regulation reference tables, shaped for the pure functions in rules.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from abdi.core.calendar import JAKARTA, add_working_days, end_of_day, national_holidays
from abdi.core.models import (
    CollectiveLeaveDay,
    EducationLevel,
    Rank,
    RankPromotionSchedule,
    RegulationParameter,
    RetirementAge,
)
from abdi.core.rules import in_force


@dataclass(frozen=True)
class ReferenceTables:
    retirement_ages: tuple[tuple[str, dt.date, int], ...]
    promotion_schedules: tuple[tuple[dt.date, tuple[int, ...]], ...]
    parameters: dict[str, tuple[tuple[dt.date, float], ...]]
    rank_orders: dict[int, tuple[str, int]]  # rank id -> (kind, order)
    max_rank_order: dict[str, int]  # kind -> highest order
    education_ceiling_order: dict[int, int]  # education level id -> ceiling rank order

    def parameter(self, key: str, on: dt.date, default: float) -> float:
        row = in_force(self.parameters.get(key, ()), on, start=lambda r: r[0])
        return default if row is None else row[1]


def reference_tables() -> ReferenceTables:
    """Load the (small) reference tables in five queries. Called once per request or task."""
    ranks = list(Rank.objects.values_list("id", "kind", "order"))
    max_order: dict[str, int] = {}
    for _id, kind, order in ranks:
        max_order[kind] = max(order, max_order.get(kind, 0))
    params: dict[str, list[tuple[dt.date, float]]] = {}
    for key, day, value in RegulationParameter.objects.values_list(
        "key", "effective_from", "value"
    ):
        params.setdefault(key, []).append((day, float(value)))
    return ReferenceTables(
        retirement_ages=tuple(
            RetirementAge.objects.values_list("position_kind", "effective_from", "age")
        ),
        promotion_schedules=tuple(
            (s.effective_from, s.month_numbers()) for s in RankPromotionSchedule.objects.all()
        ),
        parameters={k: tuple(v) for k, v in params.items()},
        rank_orders={rid: (kind, order) for rid, kind, order in ranks},
        max_rank_order=max_order,
        education_ceiling_order=dict(
            EducationLevel.objects.filter(highest_rank__isnull=False).values_list(
                "id", "highest_rank__order"
            )
        ),
    )


def non_working_days(years: Iterable[int]) -> set[dt.date]:
    """National public holidays plus the agency's collective leave days for the given years."""

    years = sorted(set(years))
    days = national_holidays(years)
    days |= set(
        CollectiveLeaveDay.objects.filter(date__year__in=years).values_list("date", flat=True)
    )
    return days


def working_day_deadline(received_at: dt.datetime, n: int) -> dt.datetime:
    """End of working day `n` after the (Jakarta) day of `received_at`."""

    received_on = received_at.astimezone(JAKARTA).date()
    # n working days never span more than a few weeks; load holidays for both years at a year end
    days = non_working_days([received_on.year, received_on.year + 1])
    return end_of_day(add_working_days(received_on, n, days))
