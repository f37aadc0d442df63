"""Due lists: who is due for a rank promotion (KP), a periodic salary increase (KGB),
retirement (BUP) or the Satyalancana Karya Satya in a period, and what blocks those who are not.

The database narrows the employees by the inputs of the derived dates (TMT golongan, last KGB,
birth date per BUP age, TMT CPNS per grade) and pages them; the rules then judge only the rows
of one page, with their predikats, sanctions, awards and open proposals read in one query each.
So a page costs the same number of queries at 400 or 100,000 employees."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.careers import rules
from abdi.careers.models import Proposal, ProposalKind, ProposalStatus, ServiceAwardGrade
from abdi.careers.permissions.proposals import due_employees_visible_to
from abdi.core.choices import EmployeeKind, Predikat
from abdi.core.models import Rank, RegulationParameter
from abdi.core.selectors import ReferenceTables, reference_tables
from abdi.employees import rules as employee_rules
from abdi.employees.choices import DisciplineSeverity
from abdi.employees.models import AnnualPredikat, Award, DisciplineRecord, Employee
from abdi.employees.permissions import in_unit_subtrees
from abdi.employees.selectors import retirement_for, retiring_condition, service_start
from abdi.org.models import OrgUnit

ORDER = ("name", "nip")
ROW_RELATED = ("rank", "position", "org_unit", "education_level")


class CountedPaginator(Paginator):
    """A paginator whose count comes from another query of the same rows (cheaper to plan):
    the due list's page and API both count with `DueList.count_queryset`."""

    def __init__(
        self, object_list: QuerySet[Employee], per_page: int, *, counted: QuerySet, **kwargs: Any
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.counted = counted

    @cached_property
    def count(self) -> int:
        return self.counted.count()


@dataclass
class DueRow:
    employee: Employee
    kind: str
    due_date: dt.date | None
    reasons: tuple[str, ...] = ()
    detail: str = ""
    proposed_rank_id: int | None = None
    grade_id: int | None = None
    open_proposal: Proposal | None = None
    overdue: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def is_due(self) -> bool:
        return self.due_date is not None

    @property
    def eligible(self) -> bool:
        """Due, nothing blocking, and not already proposed."""
        return self.is_due and not self.reasons and self.open_proposal is None


@dataclass
class _Facts:
    predikats: dict[int, dict[int, str]]
    sanctions: dict[int, list[rules.Sanction]]
    received: dict[int, set[int]]
    open_proposals: dict[int, Proposal]


class DueList:
    """One due list: `queryset` (the employees the database finds in the window, in list
    order, for a paginator), `rows(page)` (the judged rows of a page) and `evaluate(employee)`
    (one employee, for the services that refuse a proposal of someone not due)."""

    def __init__(
        self,
        *,
        kind: str,
        period_start: dt.date,
        period_end: dt.date,
        user: User | None = None,
        unit: OrgUnit | None = None,
        today: dt.date | None = None,
        tables: ReferenceTables | None = None,
    ):
        if kind not in ProposalKind.values:
            raise ValueError(kind)
        self.kind = kind
        self.start, self.end = period_start, period_end
        self.today = today or timezone.localdate()
        self.tables = tables or reference_tables()
        self.user = user
        self.unit = unit
        self.min_years = int(
            self.tables.parameter(
                RegulationParameter.Key.PROMOTION_MIN_YEARS_IN_RANK, self.start, 4
            )
        )
        self.predikat_years = int(
            self.tables.parameter(RegulationParameter.Key.PROMOTION_PREDIKAT_YEARS, self.start, 2)
        )
        self.kgb_interval = int(
            self.tables.parameter(RegulationParameter.Key.KGB_INTERVAL_YEARS, self.start, 2)
        )
        self._grades: list[ServiceAwardGrade] | None = None
        self._rank_by_order = {
            (kind_, order): rid for rid, (kind_, order) in self.tables.rank_orders.items()
        }

    # --- the database window -----------------------------------------------------------

    @property
    def grades(self) -> list[ServiceAwardGrade]:
        if self._grades is None:
            latest: dict[int, ServiceAwardGrade] = {}
            for grade in ServiceAwardGrade.objects.filter(effective_from__lte=self.end).order_by(
                "years", "effective_from"
            ):
                latest[grade.years] = grade
            self._grades = list(latest.values())
        return self._grades

    def window(self) -> Q:
        """The condition on the employee's own columns that selects the candidates."""
        if self.kind == ProposalKind.KP:
            tmts = rules.promotion_dates_between(
                self.start, self.end, self.tables.promotion_schedules
            )
            if not tmts:
                return Q(pk__in=[])
            latest_rank_date = employee_rules.add_years(tmts[-1], -self.min_years)
            return Q(
                kind=EmployeeKind.PNS,
                rank__isnull=False,
                rank_effective_from__lte=latest_rank_date,
            )
        if self.kind == ProposalKind.KGB:
            # The base date: the last KGB, else the service start (TMT CPNS or appointment).
            return Q(kgb_base__lte=employee_rules.add_years(self.end, -self.kgb_interval))
        if self.kind == ProposalKind.BUP:
            since, before = rules.retirement_birthday_window(self.start, self.end)
            return retiring_condition(since, before, self.start)
        ranges = [
            Q(
                tmt_cpns__gte=employee_rules.add_years(rules.first_of_month(self.start), -g.years),
                tmt_cpns__lte=employee_rules.add_years(self.end, -g.years),
            )
            for g in self.grades
        ]
        if not ranges:
            return Q(pk__in=[])
        return Q(kind=EmployeeKind.PNS) & reduce(or_, ranges)

    def base_queryset(self, *, inline_units: bool = True) -> QuerySet[Employee]:
        """`inline_units`: the subtree's unit ids written into the query (the page walks the
        list's index with them), else read by PostgreSQL in the query itself (see
        `count_queryset`)."""
        qs = (
            due_employees_visible_to(self.user, inline_units=inline_units)
            if self.user is not None
            else Employee.objects.all()
        )
        if self.kind == ProposalKind.KGB:
            qs = qs.annotate(kgb_base=Coalesce("last_kgb_date", "tmt_cpns", "appointment_date"))
        if self.unit is not None:
            # The count joins the unit table on the path: a hash join over the subtree, where
            # `= ANY(ARRAY(SELECT …))` compares each row with ~1,000 ids one by one (0065).
            qs = qs.filter(
                in_unit_subtrees((self.unit.path,), inline=True)
                if inline_units
                else Q(org_unit__path__startswith=self.unit.path)
            )
        # Someone whose retirement decree is recorded leaves every due list at once, even
        # while the TMT is ahead and the record is still active.
        retiring = Proposal.objects.filter(
            employee_id=OuterRef("pk"), kind=ProposalKind.BUP, status=ProposalStatus.DECREED
        )
        return qs.filter(is_active=True).filter(self.window()).exclude(Exists(retiring))

    @property
    def queryset(self) -> QuerySet[Employee]:
        return self.base_queryset().select_related(*ROW_RELATED).order_by(*ORDER)

    @property
    def count_queryset(self) -> QuerySet[Employee]:
        """The same rows, for the paginator's count: a thousand unit ids written as literals
        cost PostgreSQL 10–25 ms of planning per query, and the count reads every row of the
        subtree anyway, so it reads the subtree inside the query: the user's scope as an
        InitPlan, the unit filter as a join on the unit path (docs/decisions/0065)."""
        return self.base_queryset(inline_units=False)

    def paginator(self, per_page: int) -> CountedPaginator:
        """The list in pages, counted with `count_queryset` (the page and the API alike)."""
        return CountedPaginator(self.queryset, per_page, counted=self.count_queryset)

    # --- judging rows --------------------------------------------------------------------

    def _facts(self, ids: list[int]) -> _Facts:
        predikats: dict[int, dict[int, str]] = defaultdict(dict)
        sanctions: dict[int, list] = defaultdict(list)
        received: dict[int, set[int]] = defaultdict(set)
        if self.kind in (ProposalKind.KP, ProposalKind.KGB):
            for emp, year, predikat in AnnualPredikat.objects.filter(
                employee_id__in=ids
            ).values_list("employee_id", "year", "predikat"):
                predikats[emp][year] = predikat
        if self.kind != ProposalKind.BUP:
            for emp, start, end, severity in DisciplineRecord.objects.filter(
                employee_id__in=ids
            ).values_list("employee_id", "effective_from", "effective_until", "severity"):
                sanctions[emp].append(rules.Sanction(severity, "", start, end))
        if self.kind == ProposalKind.SATYALANCANA:
            years_by_name = {g.name: g.years for g in self.grades}
            for emp, name in Award.objects.filter(
                employee_id__in=ids, name__in=list(years_by_name)
            ).values_list("employee_id", "name"):
                received[emp].add(years_by_name[name])
        open_proposals = {
            p.employee_id: p
            for p in Proposal.objects.filter(
                employee_id__in=ids, kind=self.kind, status__in=ProposalStatus.open()
            ).select_related("batch")
        }
        return _Facts(predikats, sanctions, received, open_proposals)

    def rows(self, employees: Iterable[Employee]) -> list[DueRow]:
        employees = list(employees)
        facts = self._facts([e.pk for e in employees])
        return [self._judge(e, facts) for e in employees]

    def evaluate(self, employee: Employee) -> DueRow:
        """One employee judged as in the list; not in the window → not due, with the reason."""
        in_window = self.base_queryset().filter(pk=employee.pk).exists()
        row = self._judge(employee, self._facts([employee.pk]))
        if not in_window and row.due_date is not None:
            row.due_date = None
            row.reasons = (*row.reasons, self._out_of_window_reason(employee))
        return row

    def _out_of_window_reason(self, employee: Employee) -> str:
        retirement = (
            Proposal.objects.filter(
                employee=employee, kind=ProposalKind.BUP, status=ProposalStatus.DECREED
            )
            .order_by("-decree_effective_from")
            .first()
        )
        if retirement is not None and retirement.decree_effective_from is not None:
            return _("SK pensiun sudah terbit (TMT %(date)s).") % {
                "date": retirement.decree_effective_from.strftime("%d-%m-%Y")
            }
        if not employee.is_active:
            return _("Pegawai sudah tidak aktif.")
        return self._not_due_reason(employee)

    def _not_due_reason(self, employee: Employee) -> str:
        reasons: dict[str, str] = {
            ProposalKind.KP: _("Belum %(years)d tahun dalam pangkat pada periode ini.")
            % {"years": self.min_years},
            ProposalKind.KGB: _("Kenaikan gaji berkala belum jatuh tempo pada periode ini."),
            ProposalKind.BUP: _("Tidak mencapai batas usia pensiun pada periode ini."),
            ProposalKind.SATYALANCANA: _(
                "Tidak genap 10, 20 atau 30 tahun masa kerja pada periode ini."
            ),
        }
        return reasons[self.kind]

    def _judge(self, employee: Employee, facts: _Facts) -> DueRow:
        judges: dict[str, Callable[[Employee, _Facts], DueRow]] = {
            ProposalKind.KP: self._judge_kp,
            ProposalKind.KGB: self._judge_kgb,
            ProposalKind.BUP: self._judge_bup,
            ProposalKind.SATYALANCANA: self._judge_award,
        }
        judge = judges[self.kind]
        row = judge(employee, facts)
        row.open_proposal = facts.open_proposals.get(employee.pk)
        if row.due_date is None and not row.reasons:
            row.reasons = (self._not_due_reason(employee),)
        return row

    def _judge_kp(self, employee: Employee, facts: _Facts) -> DueRow:
        if employee.kind != EmployeeKind.PNS:
            return DueRow(employee, self.kind, None, (_("PPPK tidak memiliki pangkat."),))
        kind_order = self.tables.rank_orders.get(employee.rank_id) if employee.rank_id else None
        order = kind_order[1] if kind_order else None
        due = None
        if employee.rank_effective_from is not None:
            due = rules.kp_due_date(
                rank_effective_from=employee.rank_effective_from,
                period_start=self.start,
                period_end=self.end,
                min_years_in_rank=self.min_years,
                schedules=self.tables.promotion_schedules,
            )
        outlook = employee_rules.regular_promotion_outlook(
            today=self.today,
            rank_effective_from=employee.rank_effective_from,
            rank_order=order,
            next_rank_exists=order is not None
            and order < self.tables.max_rank_order.get(EmployeeKind.PNS, 0),
            ceiling_rank_order=(
                self.tables.education_ceiling_order.get(employee.education_level_id)
                if employee.education_level_id is not None
                else None
            ),
            predikat_by_year=facts.predikats.get(employee.pk, {}),
            sanction_in_force=bool(
                rules.sanctions_in_force(facts.sanctions.get(employee.pk, []), due or self.start)
            ),
            min_years_in_rank=self.min_years,
            predikat_years=self.predikat_years,
            good_predikats=Predikat.at_least_baik(),
            schedules=self.tables.promotion_schedules,
        )
        next_rank = (
            self._rank_by_order.get((EmployeeKind.PNS, order + 1)) if order is not None else None
        )
        detail = ""
        if employee.rank is not None and next_rank is not None:
            detail = f"{employee.rank.code} → {self._rank_code(next_rank)}"
        reasons = outlook.reasons
        if due is None and outlook.due_date is not None:
            reasons = (self._not_due_reason(employee), *reasons)
        return DueRow(
            employee,
            self.kind,
            due if outlook.due_date is not None else None,
            reasons,
            detail,
            proposed_rank_id=next_rank,
        )

    def _rank_code(self, rank_id: int) -> str:
        if not hasattr(self, "_rank_codes"):
            self._rank_codes = dict(Rank.objects.values_list("id", "code"))
        return self._rank_codes.get(rank_id, "")

    def _judge_kgb(self, employee: Employee, facts: _Facts) -> DueRow:
        due = rules.kgb_due_date(
            last_increase=employee.last_kgb_date,
            service_start=service_start(employee),
            interval_years=self.kgb_interval,
            period_end=self.end,
        )
        reasons: tuple[str, ...] = ()
        if due is not None:
            reasons = rules.kgb_blocking_reasons(
                is_pppk=employee.kind == EmployeeKind.PPPK,
                due_date=due,
                predikat_by_year=facts.predikats.get(employee.pk, {}),
                predikat_years=self.predikat_years,
                good_predikats=Predikat.at_least_baik(),
                sanction_in_force=bool(
                    rules.sanctions_in_force(facts.sanctions.get(employee.pk, []), due)
                ),
            )
        base = employee.last_kgb_date
        detail = (
            _("KGB terakhir %(date)s") % {"date": base.strftime("%d-%m-%Y")}
            if base
            else _("KGB terakhir belum tercatat")
        )
        return DueRow(
            employee,
            self.kind,
            due,
            reasons,
            detail,
            overdue=due is not None and due < self.start,
        )

    def _judge_bup(self, employee: Employee, facts: _Facts) -> DueRow:
        age, _retires_on = retirement_for(employee, self.tables, self.start)
        due = rules.retirement_in_period(
            birth_date=employee.birth_date,
            retirement_age=age,
            period_start=self.start,
            period_end=self.end,
        )
        return DueRow(
            employee, self.kind, due, (), _("BUP %(age)d tahun") % {"age": age}, extra={"age": age}
        )

    def _judge_award(self, employee: Employee, facts: _Facts) -> DueRow:
        grades = [rules.Grade(g.years, g.name, g.requires_previous) for g in self.grades]
        ever = any(
            s.severity in (DisciplineSeverity.MODERATE, DisciplineSeverity.SEVERE)
            for s in facts.sanctions.get(employee.pk, [])
        )
        grade, completed, reasons = rules.service_award_due(
            tmt_cpns=employee.tmt_cpns,
            period_start=self.start,
            period_end=self.end,
            grades=grades,
            received_years=facts.received.get(employee.pk, set()),
            ever_moderate_or_heavy_sanction=ever,
        )
        if grade is None:
            return DueRow(employee, self.kind, None)
        grade_id = next(g.pk for g in self.grades if g.years == grade.years)
        return DueRow(employee, self.kind, completed, reasons, grade.name, grade_id=grade_id)
