"""The leadership dashboard's figures, counted set-wise per unit kerja (one grouped query per
source, whatever the number of employees) and rolled up per subtree in Python.

`unit_counters(year)` returns {unit id: Counter}; `roll_up` sums the counters of a subtree and of
each of its children. Keys of a counter (all integers or sums):

    headcount · status:<code> · rank:<I|II|III|IV|PPPK|-> · education:<code|-> ·
    age:<band>:<m|f> · retire:<year> · skp_approved · predikat:<code> · jp_met · jp_counted ·
    jpm:<band name|none> · complaints · complaints_on_time · complaints_counted ·
    ip_n · ip_sum · ip:<category>
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from abdi.accounts.models import RoleAssignment, User
from abdi.accounts.permissions import RoleScope
from abdi.accounts.roles import Role
from abdi.competency import rules as competency_rules
from abdi.competency.models import CurrentLevel
from abdi.competency.selectors import StandardBook, jpm_bands
from abdi.core.models import RetirementAge
from abdi.core.services import today as core_today
from abdi.employees import rules as employee_rules
from abdi.employees.models import AnnualPredikat, Employee
from abdi.feedback.models import Complaint
from abdi.feedback.rules import complaints as rules_complaints
from abdi.feedback.selectors.surveys import ikm_by_unit
from abdi.insights.models import IpAsnScore
from abdi.learning.models import JpTarget, JpYearTotal
from abdi.org.models import OrgUnit
from abdi.performance.choices import SKPStatus
from abdi.performance.models import SKP
from abdi.talent.choices import Readiness
from abdi.talent.models import Successor
from abdi.talent.selectors.succession import critical_positions, talent_pool

AGE_BANDS = (
    (0, 25),
    (25, 30),
    (30, 35),
    (35, 40),
    (40, 45),
    (45, 50),
    (50, 55),
    (55, 60),
    (60, 200),
)
RETIREMENT_YEARS = 5


def age_band(age: int) -> str:
    for low, high in AGE_BANDS:
        if low <= age < high:
            return f"{low}-{high - 1}" if high < 200 else f"{low}+"
    return "?"


def rank_group(code: str | None) -> str:
    if not code:
        return "-"
    if code.startswith("PPPK"):
        return "PPPK"
    return code.split("/", 1)[0]


def reference_day(year: int) -> dt.date:
    today = core_today()
    return today if year >= today.year else dt.date(year, 12, 31)


def _employee_counters(year: int, out: dict[int, Counter], positions: dict) -> None:
    """Demographics, retirements (next five years) and JPM bands of the active employees."""
    on = reference_day(year)
    bup_table = tuple(RetirementAge.objects.values_list("position_kind", "effective_from", "age"))
    rows = (
        Employee.objects.filter(is_active=True)
        .order_by()
        .values_list(
            "pk",
            "org_unit_id",
            "status",
            "rank__code",
            "education_level__code",
            "birth_date",
            "sex",
            "position_id",
            "position__kind",
            "position__retirement_age_override",
        )
    )
    horizon = range(on.year, on.year + RETIREMENT_YEARS)
    for (
        pk,
        unit_id,
        status,
        rank,
        education,
        birth,
        sex,
        position_id,
        kind,
        override,
    ) in rows.iterator(chunk_size=5000):
        c = out[unit_id]
        c["headcount"] += 1
        c[f"status:{status}"] += 1
        c[f"rank:{rank_group(rank)}"] += 1
        c[f"education:{education or '-'}"] += 1
        c[f"age:{age_band(employee_rules.age_on(birth, on))}:{sex}"] += 1
        bup = employee_rules.retirement_age_for(kind, on, bup_table, override=override)
        retires = employee_rules.retirement_date(birth, bup)
        if retires >= on and retires.year in horizon:
            c[f"retire:{retires.year}"] += 1
        positions[pk] = (unit_id, position_id, kind)


def _jpm_counters(out: dict[int, Counter], positions: dict) -> None:
    """Each assessed employee's JPM band against their position's standard."""
    bands = jpm_bands()
    book = StandardBook({p for _u, p, _k in positions.values() if p})
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    for emp, competency, level in (
        CurrentLevel.objects.order_by()
        .values_list("employee_id", "competency_id", "level")
        .iterator(chunk_size=10000)
    ):
        levels[emp][competency] = level
    for emp, actual in levels.items():
        if emp not in positions:
            continue
        unit_id, position_id, kind = positions[emp]
        value = competency_rules.jpm(actual, book.required(position_id, kind))
        band = competency_rules.band(value, bands) if value is not None else None
        out[unit_id][f"jpm:{band or 'none'}"] += 1


def _grouped(
    out: dict[int, Counter[str]], rows: Iterable[tuple[Any, ...]], key: Callable[[Any], str]
) -> None:
    for row in rows:
        out[row[0]][key(row)] += row[-1]


def system_reader() -> User:
    """An agency-wide reader for the feedback selectors that take a user: the worker computes
    every unit's figures, and the pages show each viewer only the snapshots of their scope.
    Never saved; only used inside the snapshot computation."""
    reader = User(username="abdi-insights-snapshot", is_active=True)
    reader._abdi_role_scope = RoleScope(frozenset({Role.BKPSDM_ADMIN, Role.LEADER}), {})
    return reader


@dataclass
class UnitIkm:
    unit_id: int
    ikm: float
    grade: str
    period: str


def ikm_latest() -> dict[int, UnitIkm]:
    out = {}
    for unit_id, unit_ikm in ikm_by_unit(user=system_reader(), units=None).items():
        latest = unit_ikm.latest
        if latest is not None and latest.ikm_100 is not None:
            out[unit_id] = UnitIkm(
                unit_id, float(latest.ikm_100), latest.grade or "", f"{latest.period_start:%m/%Y}"
            )
    return out


def _talent_counters(year: int, out: dict[int, Counter]) -> None:
    """Talent pool members (boxes 7–9 of the year's placements, by their unit), critical
    positions and those with a successor ready now (by the position's unit). Three queries."""

    _grouped(
        out,
        talent_pool(year=year)
        .order_by()
        .values("employee__org_unit_id")
        .annotate(n=Count("pk"))
        .values_list("employee__org_unit_id", "n"),
        lambda r: "pool",
    )
    critical = critical_positions()
    _grouped(
        out,
        critical.order_by()
        .values("org_unit_id")
        .annotate(n=Count("pk"))
        .values_list("org_unit_id", "n"),
        lambda r: "critical",
    )
    _grouped(
        out,
        Successor.objects.filter(
            is_active=True, readiness=Readiness.READY_NOW, position__in=critical
        )
        .order_by()
        .values("position__org_unit_id")
        .annotate(n=Count("position_id", distinct=True))
        .values_list("position__org_unit_id", "n"),
        lambda r: "critical_ready",
    )


def unit_counters(year: int) -> dict[int, Counter]:
    out: dict[int, Counter] = defaultdict(Counter)
    positions: dict[int, tuple] = {}
    _employee_counters(year, out, positions)
    _jpm_counters(out, positions)
    _talent_counters(year, out)
    active = Q(employee__is_active=True)
    _grouped(
        out,
        SKP.objects.filter(active, performance_year__year=year, status=SKPStatus.APPROVED)
        .order_by()
        .values("employee__org_unit_id")
        .annotate(n=Count("employee_id", distinct=True))
        .values_list("employee__org_unit_id", "n"),
        lambda r: "skp_approved",
    )
    _grouped(
        out,
        AnnualPredikat.objects.filter(active, year=year)
        .order_by()
        .values("employee__org_unit_id", "predikat")
        .annotate(n=Count("pk"))
        .values_list("employee__org_unit_id", "predikat", "n"),
        lambda r: f"predikat:{r[1]}",
    )
    targets: dict[str, int] = {}
    for kind, target in (
        JpTarget.objects.filter(effective_from__lte=dt.date(year, 12, 31))
        .order_by("effective_from")
        .values_list("employee_kind", "target_jp")
    ):
        targets[kind] = target
    met = Q(pk__in=[])
    for kind, target in targets.items():
        met |= Q(employee__kind=kind, jp__gte=target)
    _grouped(
        out,
        JpYearTotal.objects.filter(active, met, year=year)
        .order_by()
        .values("employee__org_unit_id")
        .annotate(n=Count("pk"))
        .values_list("employee__org_unit_id", "n"),
        lambda r: "jp_met",
    )
    now = timezone.now()
    per_unit: dict[int, list] = defaultdict(list)
    for unit_id, due, done in (
        Complaint.objects.filter(received_at__year=year)
        .order_by()
        .values_list("org_unit_id", "follow_up_due", "followed_up_at")
        .iterator(chunk_size=5000)
    ):
        out[unit_id]["complaints"] += 1
        if due is not None:
            per_unit[unit_id].append((done, due))
    for unit_id, pairs in per_unit.items():
        on_time, counted, _share = rules_complaints.on_time_share(pairs, now)
        out[unit_id]["complaints_on_time"] += on_time
        out[unit_id]["complaints_counted"] += counted
    for unit_id, category, n, total in (
        IpAsnScore.objects.filter(year=year)
        .order_by()
        .values("org_unit_id", "category")
        .annotate(n=Count("pk"), s=Sum("total"))
        .values_list("org_unit_id", "category", "n", "s")
    ):
        c = out[unit_id]
        c[f"ip:{category}"] += n
        c["ip_n"] += n
        c["ip_sum"] += float(total)  # type: ignore[assignment]  # a Counter holds any number; typeshed says int
    return out


def roll_up(counters: dict[int, Counter], units: list[tuple[int, str]], path: str) -> Counter:
    """The sum of the counters of the units whose path starts with `path`."""
    total: Counter = Counter()
    for unit_id, unit_path in units:
        if unit_path.startswith(path) and unit_id in counters:
            total.update(counters[unit_id])
    return total


def snapshot_units() -> list[OrgUnit]:
    """The subtrees that get a snapshot: the agency root, the OPDs (depth 2) and any unit a
    leader's role is scoped to."""

    scoped = RoleAssignment.objects.filter(role=Role.LEADER, org_unit__isnull=False).values(
        "org_unit_id"
    )
    return list(OrgUnit.objects.filter(Q(depth__lte=2) | Q(pk__in=scoped)).order_by("path"))
