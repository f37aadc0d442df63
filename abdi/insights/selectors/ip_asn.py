"""Reads of the IP ASN snapshot for pages and the API: a unit subtree's mean, distribution,
sub-units and trend in a handful of grouped queries, and one employee's breakdown."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, overload

from django.db.models import Avg, Count, Max, QuerySet, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from abdi.core.choices import Predikat
from abdi.employees.choices import DisciplineSeverity
from abdi.employees.models import Employee
from abdi.employees.permissions import in_unit_subtrees
from abdi.insights import rules
from abdi.insights.choices import IpAsnCategory
from abdi.insights.models import DashboardSnapshot, IpAsnScore
from abdi.insights.selectors.ip_asn_inputs import points_table
from abdi.org.models import OrgUnit

LOWEST = 20
TWO = Decimal("0.01")


def facts_of(score: IpAsnScore) -> rules.EmployeeFacts:
    return rules.EmployeeFacts(
        position_group=score.position_group,
        education_code=score.education_code,
        jp=score.jp,
        leadership_training=score.leadership_training,
        functional_training=score.functional_training,
        seminar=score.seminar,
        predikat=score.predikat,
        sanction=score.sanction,
    )


def suggestion_text(s: rules.Suggestion) -> str:
    gain = "+" + number_format(
        s.gain.to_integral() if s.gain == s.gain.to_integral() else s.gain.normalize()
    )
    criterion = s.criterion.split(".", 1)[1]
    if s.criterion == "education.record":
        return _("Lengkapi data pendidikan pegawai")
    if s.criterion == "performance.record":
        return _("Predikat kinerja tahunan belum tercatat")
    if s.criterion.startswith("education."):
        return _("Pendidikan %(level)s: %(gain)s") % {"level": criterion, "gain": gain}
    if criterion == rules.TECHNICAL:
        return _("%(jp)s JP lagi tahun ini: %(gain)s") % {"jp": s.jp_missing, "gain": gain}
    if criterion == rules.SEMINAR:
        return _("Seminar/lokakarya/kursus: %(gain)s") % {"gain": gain}
    if criterion == rules.LEADERSHIP:
        return _("Pelatihan kepemimpinan sesuai jabatan: %(gain)s") % {"gain": gain}
    return _("Pelatihan fungsional jabatannya: %(gain)s") % {"gain": gain}


def suggestions_for(score: IpAsnScore, table: rules.PointsTable) -> list[str]:
    facts = facts_of(score)
    result = rules.ip_asn_score(facts, table)
    return [suggestion_text(s) for s in rules.raise_suggestions(facts, result, table)]


def years_with_scores() -> list[int]:
    return list(IpAsnScore.objects.order_by("-year").values_list("year", flat=True).distinct())


def subtree_scores(scores: QuerySet[IpAsnScore], unit: OrgUnit) -> QuerySet[IpAsnScore]:
    """The scores of the unit's subtree, by unit id (no join to the unit table)."""
    return scores.filter(in_unit_subtrees((unit.path,)))


@dataclass
class UnitIpAsn:
    unit: OrgUnit
    year: int
    count: int
    mean: Decimal | None
    distribution: list[tuple[str, str, int]]  # (category, label, count), best first
    children: list[dict]  # {"unit": OrgUnit, "count", "mean"}
    trend: list[tuple[int, Decimal]]  # (year, mean)
    lowest: list[tuple[IpAsnScore, list[str]]]
    computed_at: object


def unit_ip_asn(scores: QuerySet[IpAsnScore], unit: OrgUnit, year: int) -> UnitIpAsn:
    """`scores`: the scores the viewer may see (a permissions queryset). The counts, means,
    sub-units and trend come from the dashboard snapshots of the unit when they exist (one
    row per year, computed by the worker after the IP ASN); otherwise they are counted now.
    The lowest employees are read through the (year, total) index."""
    snapshots = {
        y: data
        for y, data in DashboardSnapshot.objects.filter(unit=unit).values_list("year", "data")
        if data.get("figures", {}).get("ip_n")
    }
    if year in snapshots:
        counted = _from_snapshot(snapshots[year], unit)
        trend = [
            (y, _round(Decimal(str(d["figures"]["ip_sum"])) / d["figures"]["ip_n"]))
            for y, d in sorted(snapshots.items())
        ]
    else:
        counted = _count_now(subtree_scores(scores, unit).filter(year=year), unit)
        trend = [
            (y, _round(m))
            for y, m in subtree_scores(scores, unit)
            .order_by("year")
            .values("year")
            .annotate(mean=Avg("total"))
            .values_list("year", "mean")
        ]
    count, total, by_category, children, latest = counted
    this_year = (scores if unit.is_root() else subtree_scores(scores, unit)).filter(year=year)
    lowest_rows = list(
        this_year.select_related("employee", "org_unit").order_by("total", "employee_id")[:LOWEST]
    )
    if latest is None and lowest_rows:
        latest = lowest_rows[0].computed_at
    table = points_table(year)
    return UnitIpAsn(
        unit=unit,
        year=year,
        count=count,
        mean=_round(total / count) if count else None,
        distribution=[(c.value, str(c.label), by_category.get(c.value, 0)) for c in IpAsnCategory],
        children=children,
        trend=trend,
        lowest=[(s, suggestions_for(s, table)) for s in lowest_rows],
        computed_at=latest,
    )


def _from_snapshot(data: dict[str, Any], unit: OrgUnit) -> _Figures:
    f = data["figures"]
    by_category = {k.split(":", 1)[1]: v for k, v in f.items() if k.startswith("ip:")}
    rows = [c for c in data.get("children", []) if c["figures"].get("ip_n")]
    units = OrgUnit.objects.in_bulk([c["id"] for c in rows])
    children = [
        {
            "unit": units[c["id"]],
            "count": c["figures"]["ip_n"],
            "mean": _round(Decimal(str(c["figures"]["ip_sum"])) / c["figures"]["ip_n"]),
        }
        for c in rows
        if c["id"] in units
    ]
    children.sort(key=lambda c: c["unit"].name)
    direct = f["ip_n"] - sum(c["count"] for c in children)
    if direct and children:
        direct_sum = Decimal(str(f["ip_sum"])) - sum(
            Decimal(str(c["figures"]["ip_sum"])) for c in rows
        )
        children.insert(
            0, {"unit": unit, "count": direct, "mean": _round(direct_sum / direct), "direct": True}
        )
    return f["ip_n"], Decimal(str(f["ip_sum"])), by_category, children, None


def _count_now(this_year: QuerySet[IpAsnScore], unit: OrgUnit) -> _Figures:
    """Grouped by unit id and category in one query (no join), rolled up in Python."""
    rows = list(
        this_year.order_by()
        .values("org_unit_id", "category")
        .annotate(n=Count("pk"), s=Sum("total"), at=Max("computed_at"))
        .values_list("org_unit_id", "category", "n", "s", "at")
    )
    paths = dict(OrgUnit.objects.filter(pk__in={r[0] for r in rows}).values_list("pk", "path"))
    prefix_length = len(unit.path) + OrgUnit.steplen
    by_category: dict[str, int] = {}
    branches: dict[str, list] = {}
    count, total, latest = 0, Decimal(0), None
    for unit_id, category, n, s, at in rows:
        by_category[category] = by_category.get(category, 0) + n
        count, total = count + n, total + s
        latest = at if latest is None or at > latest else latest
        acc = branches.setdefault(paths[unit_id][:prefix_length], [0, Decimal(0)])
        acc[0], acc[1] = acc[0] + n, acc[1] + s
    units = {
        u.path: u
        for u in OrgUnit.objects.filter(path__in=[b for b in branches if len(b) == prefix_length])
    }
    children = sorted(
        (
            {"unit": units[b], "count": n, "mean": _round(s / n)}
            for b, (n, s) in branches.items()
            if b in units
        ),
        key=lambda c: c["unit"].name,
    )
    direct = branches.get(unit.path)
    if direct and children:
        n, s = direct
        children.insert(0, {"unit": unit, "count": n, "mean": _round(s / n), "direct": True})
    return count, total, by_category, children, latest


# (count, total, count by category, the children's rows, computed at)
_Figures = tuple[int, Decimal, dict[str, int], list[dict[str, Any]], Any]


@overload
def _round(value: None) -> None: ...
@overload
def _round(value: Decimal | float) -> Decimal: ...
def _round(value: Decimal | float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(TWO)


@dataclass
class EmployeeIpAsn:
    employee: Employee
    score: IpAsnScore | None
    history: list[IpAsnScore]
    lines: list[tuple[str, str, Decimal, Decimal]]  # (dimension, what, points, max)
    suggestions: list[str]


def employee_ip_asn(employee: Employee, year: int | None) -> EmployeeIpAsn:
    history = list(IpAsnScore.objects.filter(employee=employee).order_by("-year"))
    score = next((s for s in history if s.year == year), None) if year else None
    if score is None and year is None and history:
        score = history[0]
    if score is None:
        return EmployeeIpAsn(employee, None, history, [], [])
    table = points_table(score.year)
    return EmployeeIpAsn(
        employee=employee,
        score=score,
        history=history,
        lines=breakdown(score, table),
        suggestions=suggestions_for(score, table),
    )


def breakdown(
    score: IpAsnScore, table: rules.PointsTable
) -> list[tuple[str, str, Decimal, Decimal]]:
    """One line per dimension: what the data says, the points earned and the maximum."""
    group = score.position_group
    comp_max = sum(
        (p for k, p in table.competency.items() if k.startswith(f"{group}.")), Decimal(0)
    )
    earned = []
    if group == rules.STRUCTURAL and score.leadership_training:
        earned.append(_("pelatihan kepemimpinan sesuai jabatan"))
    if group == rules.FUNCTIONAL and score.functional_training:
        earned.append(_("pelatihan fungsional"))
    earned.append(_("%(jp)s JP tahun %(year)s") % {"jp": score.jp, "year": score.year})
    if score.seminar:
        earned.append(
            _("seminar/lokakarya dalam %(n)s tahun terakhir") % {"n": table.seminar_years()}
        )
    predikat = str(Predikat(score.predikat).label) if score.predikat else _("belum ada")
    sanction = str(DisciplineSeverity(score.sanction).label) if score.sanction else _("tidak ada")
    return [
        (
            "qualification",
            _("Pendidikan: %(e)s") % {"e": score.education_code or _("belum tercatat")},
            score.qualification,
            max(table.qualification.values(), default=Decimal(0)),
        ),
        ("competency", ", ".join(earned), score.competency, comp_max),
        (
            "performance",
            _("Predikat kinerja tahunan: %(p)s") % {"p": predikat},
            score.performance,
            max(table.performance.values(), default=Decimal(0)),
        ),
        (
            "discipline",
            _("Hukuman disiplin: %(s)s") % {"s": sanction},
            score.discipline,
            max(table.discipline.values(), default=Decimal(0)),
        ),
    ]
