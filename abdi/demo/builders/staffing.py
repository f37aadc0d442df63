"""Who holds which post in the demo province: the head posts left vacant, how many holders
each post gets, and the Plt (acting official) of some vacant head posts."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from abdi.demo.builders.bulk import bulk_create_with_history
from abdi.demo.builders.org import HISTORY_REASON, OrgPlan, allocate_staff
from abdi.employees.models import ActingAssignment

if TYPE_CHECKING:
    from abdi.demo.builders.employees import EmployeeFactory, Person


def choose_vacancies(
    plan: OrgPlan, rng: random.Random, n_employees: int, keep: set[str]
) -> set[str]:
    """Head positions left vacant (a few get a Plt): one Kepala OPD, some Kabid and Kasubbag/Kasi."""
    heads = [p for p in plan.positions if p.is_head and p.code not in keep and p.parent]
    jpt = sorted(
        (p for p in heads if p.kind == "jpt_pratama" and p.unit.kind in {"opd"}),
        key=lambda p: p.code,
    )
    lower = sorted(
        (p for p in heads if p.kind in {"administrator", "pengawas"}), key=lambda p: p.code
    )
    count = max(2, min(40, n_employees // 600))
    chosen = set()
    if jpt:
        chosen.add(rng.choice(jpt).code)
    for p in rng.sample(lower, min(count, len(lower))):
        chosen.add(p.code)
    return chosen


def fill_plan(
    plan: OrgPlan, n_employees: int, rng: random.Random, *, keep: set[str], must_staff: list[str]
) -> tuple[set[str], set[str]]:
    """Decide how many holders each position gets. Returns (vacant heads, heads given a Plt)."""

    plt_for = choose_vacancies(plan, rng, n_employees, keep)
    vacant = set(plt_for)
    heads = sorted(
        (p for p in plan.positions if p.is_head and p.code not in vacant),
        key=lambda p: (p.code not in keep, p.depth),
    )
    budget = n_employees - sum(2 for _ in must_staff)
    for p in heads:
        if budget <= 0:
            vacant.add(p.code)
            continue
        p.holders, budget = 1, budget - 1
    by_code = {p.code: p for p in plan.positions}
    for code in must_staff:
        by_code[code].holders += 2
    allocate_staff(plan, max(0, budget), rng)
    return vacant, plt_for


def write_acting(
    plan: OrgPlan, factory: EmployeeFactory, holders: dict[str, Person], plt_for: set[str]
) -> None:
    """A Plt for each chosen vacant head position: the OPD secretary, or the next head up."""
    rng, today = factory.rng, factory.today
    rows = []
    for p in plan.positions:
        if p.code not in plt_for or not p.parent:
            continue
        candidates = []
        if p.kind == "jpt_pratama":
            sek = next(
                (c.head for c in p.unit.children if c.code.endswith("-SEK") and c.head), None
            )
            if sek:
                candidates.append(sek.code)
        candidates.append(p.parent.code)
        acting = next((holders[c] for c in candidates if c in holders), None)
        if acting is None or p.holders:
            continue
        start = today - dt.timedelta(days=rng.randint(10, 80))
        rows.append(
            ActingAssignment(
                employee=acting.employee,
                position=p.obj,
                kind="plt",
                start_date=start,
                end_date=start + dt.timedelta(days=90),
                decree_number=f"800.1.3.3/{rng.randint(100, 999)}/BKD/{start.year}",
            )
        )
    if rows:
        bulk_create_with_history(rows, ActingAssignment, default_change_reason=HISTORY_REASON)
    factory.stats.acting = len(rows)
