"""The inputs of the IP ASN computation, read set-wise: one aggregated query per source for all
employees, never a query per employee (100,000 employees in a few seconds)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Q
from django.db.models.functions import Coalesce

from abdi.core.models import EducationLevel
from abdi.employees.models import AnnualPredikat, DisciplineRecord, EducationHistory, Employee
from abdi.insights import rules
from abdi.insights.models import IpAsnBand, IpAsnPoint
from abdi.learning.choices import ProgrammeCategory
from abdi.learning.models import JpEntry, JpYearTotal

LEADERSHIP_CATEGORIES = (ProgrammeCategory.PKN, ProgrammeCategory.PKA, ProgrammeCategory.PKP)


def points_table(year: int) -> rules.PointsTable:
    """The points and bands in force on 31 December of `year` (the latest row per criterion)."""
    end = dt.date(year, 12, 31)
    latest: dict[tuple[str, str], IpAsnPoint] = {}
    for row in IpAsnPoint.objects.filter(effective_from__lte=end).order_by("effective_from"):
        latest[(row.dimension, row.criterion)] = row
    by_dimension: dict[str, dict[str, Decimal]] = {
        "qualification": {},
        "competency": {},
        "performance": {},
        "discipline": {},
    }
    thresholds: dict[str, int] = {}
    for (dimension, criterion), row in latest.items():
        by_dimension.setdefault(dimension, {})[criterion] = row.points
        if row.threshold is not None:
            thresholds[criterion] = row.threshold
    bands: dict[str, Decimal | None] = {}
    for band in IpAsnBand.objects.filter(effective_from__lte=end).order_by("effective_from"):
        bands[band.category] = band.above
    ordered = sorted(bands.items(), key=lambda b: (b[1] is None, -(b[1] or 0)))
    return rules.PointsTable(
        qualification=by_dimension["qualification"],
        competency=by_dimension["competency"],
        performance=by_dimension["performance"],
        discipline=by_dimension["discipline"],
        bands=tuple((above, category) for category, above in ordered),
        thresholds=thresholds,
    )


@dataclass(frozen=True)
class EmployeeInput:
    employee_id: int
    org_unit_id: int
    facts: rules.EmployeeFacts


def employee_inputs(year: int, table: rules.PointsTable) -> Iterator[EmployeeInput]:
    """The facts of every active employee for `year`, from six set-wise queries:

    - education: the higher of the employee's recorded level and their education history;
    - JP: the yearly total of the JP ledger (`JpYearTotal`);
    - leadership / functional training (ever) and seminars (in the seminar window), from the
      ledger lines of catalogue sessions and e-learning courses by programme category;
    - predikat: the annual predikat of `year`, else of the year before;
    - sanction: the most severe discipline sanction in force at some time in `year`."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    code_by_order = dict(EducationLevel.objects.values_list("order", "code"))
    history_order = dict(
        EducationHistory.objects.order_by()
        .values("employee_id")
        .annotate(top=Max("level__order"))
        .values_list("employee_id", "top")
    )
    jp = dict(JpYearTotal.objects.filter(year=year).values_list("employee_id", "jp"))
    seminar_from = year - table.seminar_years() + 1
    categories: dict[int, set[str]] = {}
    seminar: set[int] = set()
    ledger = (
        JpEntry.objects.filter(year__lte=year)
        .annotate(
            category=Coalesce(
                "registration__session__programme__category",
                "enrolment__course__programme__category",
            )
        )
        .filter(
            category__in=[
                *LEADERSHIP_CATEGORIES,
                ProgrammeCategory.FUNCTIONAL,
                ProgrammeCategory.SEMINAR,
            ]
        )
        .order_by()
        .values("employee_id", "category")
        .annotate(last=Max("year"))
        .values_list("employee_id", "category", "last")
    )
    for employee_id, category, last in ledger:
        if category == ProgrammeCategory.SEMINAR:
            if last >= seminar_from:
                seminar.add(employee_id)
        else:
            categories.setdefault(employee_id, set()).add(category)
    predikat: dict[int, str] = {}
    for employee_id, value in (
        AnnualPredikat.objects.filter(year__in=(year - 1, year))
        .order_by("employee_id", "year")
        .values_list("employee_id", "predikat")
    ):
        predikat[employee_id] = value  # the later year overwrites the earlier
    sanctions: dict[int, list[str]] = {}
    for employee_id, severity in (
        DisciplineRecord.objects.filter(effective_from__lte=end)
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=start))
        .order_by()
        .values_list("employee_id", "severity")
    ):
        sanctions.setdefault(employee_id, []).append(severity)
    employees = (
        Employee.objects.filter(is_active=True)
        .order_by()
        .values_list("pk", "org_unit_id", "position__kind", "education_level__order")
    )
    for pk, unit_id, kind, own_order in employees.iterator(chunk_size=5000):
        order = max(own_order or 0, history_order.get(pk) or 0)
        cats = categories.get(pk, ())
        group = rules.position_group(kind)
        yield EmployeeInput(
            employee_id=pk,
            org_unit_id=unit_id,
            facts=rules.EmployeeFacts(
                position_group=group,
                education_code=code_by_order.get(order, ""),
                jp=jp.get(pk, 0),
                leadership_training=rules.leadership_matches(kind, cats),
                functional_training=ProgrammeCategory.FUNCTIONAL in cats,
                seminar=pk in seminar,
                predikat=predikat.get(pk, ""),
                sanction=rules.most_severe(sanctions.get(pk, ())),
            ),
        )
