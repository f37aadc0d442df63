"""Every read of personnel data for a page or an endpoint. Each starts from the user's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from abdi.core.choices import EmployeeKind, Predikat
from abdi.core.models import RegulationParameter
from abdi.core.selectors import ReferenceTables, reference_tables
from abdi.employees import rules
from abdi.employees.choices import CorrectionStatus
from abdi.employees.models import Employee
from abdi.employees.permissions import (
    can_manage_employees,
    corrections_visible_to,
    employees_visible_to,
    own_employee,
)
from abdi.employees.selectors_org import is_supervisor, subordinate_position_ids, supervisor_of

LIST_RELATED = ("rank", "position", "org_unit")


def employee_list(*, user, on: dt.date | None = None) -> QuerySet[Employee]:
    """The employees a list page or endpoint may show, with what a row needs, in one query."""
    return (
        employees_visible_to(user, on=on)
        .select_related(*LIST_RELATED)
        .only(
            "id",
            "nip",
            "name",
            "front_title",
            "back_title",
            "status",
            "kind",
            "birth_date",
            "sex",
            "is_active",
            "rank__code",
            "rank__title",
            "position__name",
            "position__kind",
            "position__retirement_age_override",
            "org_unit__name",
            "org_unit__path",
        )
        .order_by("name", "nip")
    )


def employee_detail_queryset(*, user) -> QuerySet[Employee]:
    return employees_visible_to(user).select_related(
        "rank",
        "position",
        "position__reports_to",
        "org_unit",
        "education_level",
        "education_level__highest_rank",
        "user",
    )


@dataclass(frozen=True)
class EmployeeFacts:
    """What follows from an employee's data and the regulation tables, as of `today`."""

    age: int
    service_start: dt.date | None
    years_of_service: rules.Duration | None
    retirement_age: int
    retirement_date: dt.date
    promotion: rules.PromotionOutlook | None  # None for PPPK: no pangkat
    next_kgb_date: dt.date | None
    supervisor: Employee | None


def service_start(employee: Employee) -> dt.date | None:
    if employee.kind == EmployeeKind.PPPK:
        return employee.appointment_date
    return employee.tmt_cpns


def retirement_for(
    employee: Employee, tables: ReferenceTables, today: dt.date
) -> tuple[int, dt.date]:
    position = employee.position
    age = rules.retirement_age_for(
        position.kind if position else None,
        today,
        tables.retirement_ages,
        override=position.retirement_age_override if position else None,
    )
    return age, rules.retirement_date(employee.birth_date, age)


def employee_facts(
    employee: Employee,
    *,
    today: dt.date,
    tables: ReferenceTables | None = None,
    with_supervisor: bool = True,
) -> EmployeeFacts:
    tables = tables or reference_tables()
    start = service_start(employee)
    retirement_age, retires_on = retirement_for(employee, tables, today)
    promotion = None
    if employee.kind == EmployeeKind.PNS:
        rank_kind_order = tables.rank_orders.get(employee.rank_id) if employee.rank_id else None
        rank_order = rank_kind_order[1] if rank_kind_order else None
        sanction = (
            employee.discipline_records.filter(effective_from__lte=today)
            .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=today))
            .exists()
        )
        promotion = rules.regular_promotion_outlook(
            today=today,
            rank_effective_from=employee.rank_effective_from,
            rank_order=rank_order,
            next_rank_exists=rank_order is not None
            and rank_order < tables.max_rank_order.get(EmployeeKind.PNS, 0),
            ceiling_rank_order=tables.education_ceiling_order.get(employee.education_level_id),
            predikat_by_year=dict(employee.annual_predikats.values_list("year", "predikat")),
            sanction_in_force=sanction,
            min_years_in_rank=int(
                tables.parameter(RegulationParameter.Key.PROMOTION_MIN_YEARS_IN_RANK, today, 4)
            ),
            predikat_years=int(
                tables.parameter(RegulationParameter.Key.PROMOTION_PREDIKAT_YEARS, today, 2)
            ),
            good_predikats=Predikat.at_least_baik(),
            schedules=tables.promotion_schedules,
        )
    return EmployeeFacts(
        age=rules.age_on(employee.birth_date, today),
        service_start=start,
        years_of_service=rules.duration_between(start, today) if start else None,
        retirement_age=retirement_age,
        retirement_date=retires_on,
        promotion=promotion,
        next_kgb_date=rules.next_periodic_increase(
            today=today,
            service_start=start,
            last_increase=employee.last_kgb_date,
            interval_years=int(
                tables.parameter(RegulationParameter.Key.KGB_INTERVAL_YEARS, today, 2)
            ),
        ),
        supervisor=supervisor_of(employee, on=today) if with_supervisor else None,
    )


def home_summary(user, *, today: dt.date) -> dict:
    """The numbers on the home page, each only for those who may see it."""
    me = own_employee(user)
    summary: dict = {"me": me, "is_supervisor": is_supervisor(me, on=today)}
    if me is not None:
        summary["my_facts"] = employee_facts(me, today=today)
    if summary["is_supervisor"]:
        summary["team_size"] = Employee.objects.filter(
            position_id__in=subordinate_position_ids(me, on=today), is_active=True
        ).count()
    visible = employees_visible_to(user, on=today).filter(is_active=True)
    summary["visible_count"] = visible.count()
    if can_manage_employees(user):
        summary["pending_corrections"] = (
            corrections_visible_to(user).filter(status=CorrectionStatus.PENDING).count()
        )
    return summary
