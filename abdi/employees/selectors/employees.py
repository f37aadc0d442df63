"""Every read of personnel data for a page or an endpoint. Each starts from the user's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, Required, TypedDict

from django.core.paginator import Page, Paginator
from django.db.models import Field, Manager, Model, Q, QuerySet
from django.db.models.options import Options
from django.utils import formats
from django.utils.translation import gettext

from abdi.accounts.models import User
from abdi.accounts.permissions import is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.core.choices import EmployeeKind, PositionKind, Predikat
from abdi.core.models import RegulationParameter, RetirementAge
from abdi.core.selectors import ReferenceTables, reference_tables
from abdi.employees import models as personnel_models
from abdi.employees import rules
from abdi.employees.choices import CorrectionStatus
from abdi.employees.models import Employee
from abdi.employees.permissions import (
    can_manage_employees,
    corrections_visible_to,
    employees_visible_to,
    own_employee,
)
from abdi.employees.positions import is_supervisor, subordinate_position_ids, supervisor_of
from abdi.org.models import OrgUnit, Position

LIST_RELATED = ("rank", "position", "org_unit")


LIST_FIELDS = (
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
LIST_ORDER = ("name", "nip")  # served by the (name, nip, id) index (migration 0002)


def _list_rows(qs: QuerySet[Employee]) -> QuerySet[Employee]:
    return qs.select_related(*LIST_RELATED).only(*LIST_FIELDS).order_by(*LIST_ORDER)


def employee_list(*, user: User, on: dt.date | None = None) -> QuerySet[Employee]:
    """The employees a list page or endpoint may show, with what a row needs, in one query.
    Paginate it with EmployeePaginator."""
    return _list_rows(employees_visible_to(user, on=on, inline_units=True))


class EmployeePaginator(Paginator[Employee]):
    """Pages of `employee_list` (after its filters) in two steps inside one query: the page's
    ids in list order — `LIMIT/OFFSET` over the (name, nip, id) index, without reading rows or
    joining — and then only those rows with their rank, position and unit. A deep page
    (offset 50,000) no longer joins and discards 50,000 rows. The count is the usual one.
    Queries: one count, one page, whatever the page size."""

    object_list: QuerySet[Employee]  # `employee_list` after its filters, not any sequence

    def page(self, number: int | str) -> Page[Employee]:
        valid = self.validate_number(number)
        bottom = (valid - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.order_by(*LIST_ORDER).values("pk")[bottom:top]
        rows = _list_rows(Employee.objects.filter(pk__in=ids))
        # What Paginator._get_page (a hook this class does not override) returns.
        return Page(rows, valid, self)


def employee_detail_queryset(*, user: User) -> QuerySet[Employee]:
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
            ceiling_rank_order=(
                tables.education_ceiling_order.get(employee.education_level_id)
                if employee.education_level_id is not None
                else None
            ),
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


def retiring_condition(birthday_from: dt.date, birthday_before: dt.date, on: dt.date) -> Q:
    """Employees whose BUP birthday (birth date + retirement age) falls in
    [birthday_from, birthday_before): they retire (1st of the following month) between the 1st
    of the month after `birthday_from` and the 1st of the month of `birthday_before`. BUP depends
    on the position kind (and a position's override), so the condition ORs one birth-date range
    per BUP age; it filters on the employee's own columns (the birth-date index), no join but
    the position. Two small queries (the BUP table and the overrides in use)."""
    table = tuple(RetirementAge.objects.values_list("position_kind", "effective_from", "age"))
    ages = {age for _k, _d, age in table}
    # The overrides of the positions (a small table), not of the employees: reading them
    # through 100,000 employees cost ~100 ms; an age nobody has adds an empty condition.
    ages |= {
        age
        for age in Position.objects.filter(retirement_age_override__isnull=False)
        .order_by()
        .values_list("retirement_age_override", flat=True)
        .distinct()
        if age is not None  # filtered out above; the column is nullable
    }
    ages.add(58)
    condition = Q(pk__in=[])
    for age in sorted(ages):
        born_before = rules.add_years(birthday_before, -age)
        born_after = rules.add_years(birthday_from, -age)
        kinds = [k for k in PositionKind.values if rules.retirement_age_for(k, on, table) == age]
        by_kind = Q(position__kind__in=kinds) & Q(position__retirement_age_override__isnull=True)
        if age == 58:
            by_kind |= Q(position__isnull=True)
        condition |= (by_kind | Q(position__retirement_age_override=age)) & Q(
            birth_date__lt=born_before, birth_date__gte=born_after
        )
    return condition


class HomeSummary(TypedDict, total=False):
    """The numbers on the home page; a number the user may not see is left out."""

    me: Required[Employee | None]
    is_supervisor: Required[bool]
    my_facts: EmployeeFacts
    team_size: int
    visible_count: int
    pending_corrections: int


def home_summary(user: User, *, today: dt.date) -> HomeSummary:
    """The numbers on the home page, each only for those who may see it."""
    me = own_employee(user)
    summary: HomeSummary = {"me": me, "is_supervisor": is_supervisor(me, on=today)}
    if me is not None:
        summary["my_facts"] = employee_facts(me, today=today)
    if me is not None and summary["is_supervisor"]:  # nobody supervises without a record
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


# --- Forms: which units and positions a user may choose ---------------------------------------


def units_manageable_by(user: User) -> QuerySet[OrgUnit]:
    """Open units the user may put employees into (see permissions.can_manage_unit)."""

    units = OrgUnit.objects.filter(is_active=True).order_by("path")
    if is_bkpsdm_admin(user):
        return units
    paths = role_scope(user).paths_for(Role.OPERATOR)
    if paths is None:
        return units
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return units.filter(condition)


def positions_in_unit(unit_id: int | None) -> QuerySet[Position]:
    if not unit_id:
        return Position.objects.none()
    return Position.objects.filter(org_unit_id=unit_id, is_active=True).order_by(
        "-is_unit_head", "name"
    )


# --- History: who changed what, when ------------------------------------------------------------

PERSONAL_FIELDS = frozenset({"nik", "address", "phone", "email"})
# retirement_date is derived from the birth date and the position, which the history shows.
HISTORY_SKIP_FIELDS = frozenset({"id", "created_at", "updated_at", "retirement_date"})


class TrailedModel(Protocol):
    """A personnel model with a simple-history trail. The package ships no types: `history` is
    its manager of the model's historical rows."""

    _meta: ClassVar[Options[Any]]
    history: Any


class _Change(Protocol):
    field: str
    old: object
    new: object


class _Delta(Protocol):
    changes: list[_Change]


class HistoricalRow(Protocol):
    """A row of a trail: the model's fields as they were, and who changed them when. The
    package builds these models at run time, so this is the part the history pages read; `prev`
    (the version before it, or None) is set by the selectors below."""

    objects: ClassVar[Manager[Any]]
    id: int
    employee_id: int  # a history row's employee (the employee's own rows have `id`)
    history_id: int
    history_date: dt.datetime
    history_user: User | None
    history_type: str  # "+", "~", "-"
    history_change_reason: str | None
    instance_type: type[Model]
    prev: HistoricalRow | None

    def diff_against(self, old_history: HistoricalRow) -> _Delta: ...


def history_models() -> dict[str, type[TrailedModel]]:
    """The personnel models that keep a trail, by a short key (also the audit filter's values)."""

    return {
        "employee": personnel_models.Employee,
        "rank": personnel_models.RankHistory,
        "position": personnel_models.PositionHistory,
        "education": personnel_models.EducationHistory,
        "acting": personnel_models.ActingAssignment,
        "discipline": personnel_models.DisciplineRecord,
        "award": personnel_models.Award,
        "salary_step": personnel_models.SalaryStepHistory,
        "predikat": personnel_models.AnnualPredikat,
    }


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    record: HistoricalRow
    model_label: str
    when: dt.datetime
    who: User | None
    change_type: str  # "+", "~", "-"
    reason: str
    changes: list[FieldChange]
    employee_id: int | None = None
    employee: Employee | None = None


def employee_history_records(employee: Employee) -> list[HistoricalRow]:
    """Every historical row of the employee and of their history rows, newest first, each with
    `prev` (the version before it, or None). One query per model."""
    records: list[HistoricalRow] = []
    for key, model in history_models().items():
        qs = model.history.select_related("history_user")
        qs = qs.filter(id=employee.pk) if key == "employee" else qs.filter(employee_id=employee.pk)
        rows: list[HistoricalRow] = list(qs.order_by("id", "history_date", "history_id"))
        previous: dict[int, HistoricalRow] = {}
        for row in rows:
            row.prev = previous.get(row.id)
            previous[row.id] = row
        records.extend(rows)
    records.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)
    return records


def attach_previous(records: list[HistoricalRow]) -> None:
    """Set `prev` on historical rows of one model (one query for the whole page)."""
    if not records:
        return
    model = type(records[0])
    ids = {r.id for r in records}
    latest = max(r.history_date for r in records)
    by_id: dict[int, list[HistoricalRow]] = {}
    for row in model.objects.filter(id__in=ids, history_date__lte=latest).order_by(
        "id", "history_date", "history_id"
    ):
        by_id.setdefault(row.id, []).append(row)
    for record in records:
        earlier = [
            r
            for r in by_id.get(record.id, [])
            if (r.history_date, r.history_id) < (record.history_date, record.history_id)
        ]
        record.prev = earlier[-1] if earlier else None


def _display(
    field: Field[Any, Any], value: object, related: dict[tuple[object, object], Model]
) -> str:

    if value is None or value == "":
        return "—"
    if field.is_relation:
        return str(related.get((field.related_model, value), value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("Ya") if value else gettext("Tidak")
    if isinstance(value, (dt.date, dt.datetime)):
        return formats.date_format(value, "j M Y")
    return str(value)


def describe_history(records: list[HistoricalRow], *, show_personal: bool) -> list[HistoryEntry]:
    """Turn historical rows (each with `prev`) into entries listing field: old → new, with the
    models' verbose field names. Related objects are fetched once per related model."""

    raw: list[tuple[HistoricalRow, list[tuple[Field[Any, Any], object, object]]]] = []
    wanted: dict[type[Model], set[object]] = {}
    for record in records:
        model = record.instance_type
        fields: list[tuple[Field[Any, Any], object, object]] = []
        prev = getattr(record, "prev", None)
        if record.history_type == "~" and prev is not None:
            delta = record.diff_against(prev)
            for change in delta.changes:
                if change.field in HISTORY_SKIP_FIELDS:
                    continue
                field = model._meta.get_field(change.field)
                assert isinstance(field, Field)  # a diff compares the model's concrete fields
                fields.append((field, change.old, change.new))
        elif record.history_type in "+~":
            for field in model._meta.concrete_fields:
                if field.name in HISTORY_SKIP_FIELDS or field.name == "employee":
                    continue
                value = getattr(record, field.attname, None)
                if value in (None, ""):
                    continue
                fields.append((field, None, value))
        for field, old, new in fields:
            # A relation of a loaded model has its model class (never the lazy "self").
            if field.is_relation and isinstance(field.related_model, type):
                wanted.setdefault(field.related_model, set()).update(
                    v for v in (old, new) if v is not None
                )
        raw.append((record, fields))
    related: dict[tuple[object, object], Model] = {}
    for model, ids in wanted.items():
        for obj in model._default_manager.filter(pk__in=ids):
            related[(model, obj.pk)] = obj
    hidden = gettext("disembunyikan")
    entries = []
    for record, fields in raw:
        changes = []
        for field, old, new in fields:
            if field.name in PERSONAL_FIELDS and not show_personal:
                old_text = hidden if old not in (None, "") else "—"
                new_text = hidden if new not in (None, "") else "—"
            else:
                old_text = _display(field, old, related)
                new_text = _display(field, new, related)
            changes.append(FieldChange(str(field.verbose_name), old_text, new_text))
        model = record.instance_type
        entries.append(
            HistoryEntry(
                record=record,
                model_label=str(model._meta.verbose_name),
                when=record.history_date,
                who=record.history_user,
                change_type=record.history_type,
                reason=record.history_change_reason or "",
                changes=changes,
                employee_id=record.id if model is Employee else record.employee_id,
            )
        )
    return entries


def audit_records(
    *,
    model_key: str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    username: str = "",
) -> QuerySet[Any]:
    """Historical rows (HistoricalRow) of one personnel model, newest first, for the audit log.
    QuerySet[Any]: the historical model is built at run time."""
    model = history_models()[model_key]
    qs = model.history.select_related("history_user").order_by("-history_date", "-history_id")
    if date_from:
        qs = qs.filter(history_date__date__gte=date_from)
    if date_to:
        qs = qs.filter(history_date__date__lte=date_to)
    if username:
        qs = qs.filter(history_user__username__iexact=username.strip())
    return qs


def attach_employees(entries: list[HistoryEntry]) -> None:
    ids = {e.employee_id for e in entries if e.employee_id}
    people = {
        e.pk: e
        for e in Employee.objects.filter(pk__in=ids).only(
            "id", "nip", "name", "front_title", "back_title"
        )
    }
    for entry in entries:
        entry.employee = people.get(entry.employee_id) if entry.employee_id is not None else None
