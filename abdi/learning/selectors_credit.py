"""Reads for certificates, public verification, the JP ledger and its dashboard, external
certificates and the completions awaiting a supervisor's confirmation.

The JP dashboard counts in SQL: each employee's JP of the year is one correlated aggregate over
the ledger (index `year, employee`), the target a CASE over the employee's kind, and the
per-unit figures one GROUP BY over the employees — no Python loop over the staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from abdi.core.choices import EmployeeKind
from abdi.employees.models import Employee
from abdi.learning.models import (
    Certificate,
    Enrolment,
    ExternalCertificate,
    JpEntry,
    JpTarget,
    ProgrammeCompetency,
    Registration,
)
from abdi.learning.permissions_credit import (
    AWAITING_CONFIRMATION,
    certificates_visible_to,
    dashboard_employees,
    dashboard_paths,
    team_enrolments,
    team_registrations,
)
from abdi.org.models import OrgUnit

# --- targets --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    target: int
    maximum: int | None = None


def targets_for(year: int) -> dict[str, Target]:
    """{employee kind: Target} in force for the year: the latest row whose effective_from is on
    or before the year's last day (a right published during the year applies to that year)."""
    last_day = dt.date(year, 12, 31)
    found: dict[str, Target] = {}
    rows = JpTarget.objects.filter(effective_from__lte=last_day).order_by(
        "employee_kind", "-effective_from"
    )
    for row in rows.values_list("employee_kind", "target_jp", "maximum_jp"):
        found.setdefault(row[0], Target(row[1], row[2]))
    return found


def target_expression(targets: dict[str, Target]) -> Case:
    whens = [When(kind=kind, then=Value(t.target)) for kind, t in targets.items()]
    default = targets.get(EmployeeKind.PNS, Target(20)).target
    return Case(*whens, default=Value(default), output_field=IntegerField())


def jp_total_expression(year: int, ref: str = "pk"):
    """The employee's JP of the year (0 when none), as one correlated aggregate."""
    per_employee = (
        JpEntry.objects.filter(employee_id=OuterRef(ref), year=year)
        .order_by()
        .values("employee_id")
        .annotate(total=Sum("jp"))
        .values("total")
    )
    return Coalesce(Subquery(per_employee, output_field=IntegerField()), Value(0))


def with_jp(qs: QuerySet[Employee], year: int) -> QuerySet[Employee]:
    return qs.annotate(
        jp_total=jp_total_expression(year), jp_target=target_expression(targets_for(year))
    )


# --- one employee's ledger ------------------------------------------------------------------


@dataclass
class LedgerLine:
    date: dt.date
    jp: int
    source: str
    source_label: str
    title: str
    certificate: Certificate | None
    external: ExternalCertificate | None


@dataclass
class JpSummary:
    employee: Employee
    year: int
    total: int
    target: int
    maximum: int | None
    entries: list[LedgerLine] = field(default_factory=list)
    years: list[int] = field(default_factory=list)

    @property
    def below(self) -> bool:
        return self.total < self.target

    @property
    def missing(self) -> int:
        return max(0, self.target - self.total)

    @property
    def percent(self) -> int:
        if not self.target:
            return 100
        return min(100, round(self.total * 100 / self.target))

    @property
    def over_maximum(self) -> bool:
        return self.maximum is not None and self.total > self.maximum


def _certificate_of(entry: JpEntry) -> Certificate | None:
    for source in (entry.registration, entry.enrolment):
        if source is not None:
            try:
                return source.certificate
            except Certificate.DoesNotExist:
                return None
    return None


def jp_entries(employee: Employee, year: int) -> list[LedgerLine]:
    rows = (
        JpEntry.objects.filter(employee=employee, year=year)
        .select_related("registration__certificate", "enrolment__certificate", "external")
        .order_by("-date", "-pk")
    )
    return [
        LedgerLine(
            date=e.date,
            jp=e.jp,
            source=e.source,
            source_label=e.get_source_display(),
            title=e.title,
            certificate=_certificate_of(e),
            external=e.external,
        )
        for e in rows
    ]


def ledger_years(employee: Employee, year: int) -> list[int]:
    years = set(JpEntry.objects.filter(employee=employee).values_list("year", flat=True).distinct())
    years |= {timezone.localdate().year, year}
    return sorted(years, reverse=True)


def jp_summary(employee: Employee, year: int) -> JpSummary:
    entries = jp_entries(employee, year)
    targets = targets_for(year)
    target = targets.get(employee.kind) or targets.get(EmployeeKind.PNS) or Target(20)
    return JpSummary(
        employee=employee,
        year=year,
        total=sum(e.jp for e in entries),
        target=target.target,
        maximum=target.maximum,
        entries=entries,
        years=ledger_years(employee, year),
    )


# --- certificates ---------------------------------------------------------------------------


def my_certificates(user) -> QuerySet[Certificate]:
    return (
        certificates_visible_to(user)
        .filter(employee__user=user)
        .select_related("programme__provider")
        .order_by("-issued_on", "-pk")
    )


def mask_nip(nip: str) -> str:
    """The NIP is personal data: show its first 4 and last 4 digits only."""
    nip = nip or ""
    if len(nip) <= 8:
        return "*" * len(nip)
    return nip[:4] + "*" * (len(nip) - 8) + nip[-4:]


def certificate_by_code(code: str) -> Certificate | None:
    code = (code or "").strip().upper().replace("-", "").replace(" ", "")
    if not code or len(code) > 16:
        return None
    return (
        Certificate.objects.select_related("employee", "programme__provider")
        .filter(code=code)
        .first()
    )


def verification_payload(certificate: Certificate) -> dict:
    """What the public may know about a certificate: nothing beyond what is printed on it, with
    the NIP partly masked."""
    return {
        "code": certificate.code,
        "number": certificate.number,
        "status": "valid" if certificate.is_valid else "revoked",
        "valid": certificate.is_valid,
        "name": certificate.employee_name,
        "nip": mask_nip(certificate.employee.nip),
        "programme": certificate.programme_title,
        "provider": certificate.programme.provider.name,
        "completed_on": certificate.completed_on,
        "issued_on": certificate.issued_on,
        "jp": certificate.jp,
        "revoked_on": timezone.localdate(certificate.revoked_at)
        if certificate.revoked_at
        else None,
        "revoke_reason": certificate.revoke_reason if certificate.revoked_at else "",
    }


# --- external certificates ------------------------------------------------------------------


def my_externals(user) -> QuerySet[ExternalCertificate]:
    return ExternalCertificate.objects.filter(employee__user=user).order_by("-created_at", "-pk")


def external_queue(status: str = "submitted") -> QuerySet[ExternalCertificate]:
    qs = ExternalCertificate.objects.select_related("employee__org_unit")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("created_at", "pk")


# --- the JP dashboard -----------------------------------------------------------------------


@dataclass
class UnitRow:
    unit: OrgUnit | None
    label: str
    staff: int = 0
    jp_sum: int = 0
    below: int = 0

    @property
    def average(self) -> float:
        return round(self.jp_sum / self.staff, 1) if self.staff else 0.0

    @property
    def reached(self) -> int:
        return self.staff - self.below

    @property
    def below_percent(self) -> int:
        return round(self.below * 100 / self.staff) if self.staff else 0


def dashboard_units(user) -> QuerySet[OrgUnit]:
    """The units the user may choose on the dashboard."""
    paths = dashboard_paths(user)
    qs = OrgUnit.objects.filter(is_active=True)
    if paths is None:
        return qs.order_by("path")
    if not paths:
        return qs.none()
    condition = Q(pk__in=[])
    for p in paths:
        condition |= Q(path__startswith=p)
    return qs.filter(condition).order_by("path")


def default_dashboard_unit(user) -> OrgUnit | None:
    """Where the dashboard starts: the shortest path in scope (the agency root for admins)."""
    return dashboard_units(user).order_by("depth", "path").first()


def dashboard_population(user, unit: OrgUnit | None) -> QuerySet[Employee]:
    qs = dashboard_employees(user)
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    return qs


def reached_employee_ids(year: int) -> QuerySet:
    """The ids of the employees whose JP of the year reach their target: one uncorrelated
    GROUP BY over the year's ledger lines (HAVING the sum ≥ the kind's target), computed once
    by the database however many employees it is tested against."""
    targets = targets_for(year)
    whens = [When(employee__kind=kind, then=Value(t.target)) for kind, t in targets.items()]
    default = targets.get(EmployeeKind.PNS, Target(20)).target
    return (
        JpEntry.objects.filter(year=year)
        .order_by()
        .values("employee_id", "employee__kind")
        .annotate(total=Sum("jp"))
        .filter(total__gte=Case(*whens, default=Value(default), output_field=IntegerField()))
        .values("employee_id")
    )


def unit_summary(user, year: int, unit: OrgUnit | None) -> tuple[list[UnitRow], UnitRow]:
    """Per child unit of `unit` (its own staff in a row of their own): staff, average JP and how
    many are below target; and the total. Three aggregate queries whatever the number of staff:
    staff and those reaching the target per unit (over the employees), JP per unit (over the
    ledger), and the child units."""
    population = dashboard_population(user, unit)
    counted = (
        population.order_by()
        .values("org_unit__path")
        .annotate(
            staff=Count("pk"),
            reached=Count("pk", filter=Q(pk__in=reached_employee_ids(year))),
        )
    )
    jp_sums = dict(
        JpEntry.objects.filter(year=year, employee_id__in=population.order_by().values("pk"))
        .order_by()
        .values("employee__org_unit__path")
        .annotate(total=Sum("jp"))
        .values_list("employee__org_unit__path", "total")
    )
    step = OrgUnit.steplen
    base = unit.path if unit is not None else ""
    child_len = len(base) + step
    children = {
        u.path: u
        for u in OrgUnit.objects.filter(
            path__startswith=base, depth=(unit.depth + 1 if unit else 1)
        )
        .only("pk", "name", "code", "path", "depth")
        .order_by("name")
    }
    rows: dict[str, UnitRow] = {}
    own = UnitRow(unit=unit, label=unit.name if unit else "")
    total = UnitRow(unit=unit, label="")
    for g in counted:
        path = g["org_unit__path"]
        key = path[:child_len]
        if unit is not None and path == unit.path:
            row = own
        else:
            row = rows.get(key)
            if row is None:
                child = children.get(key)
                row = rows[key] = UnitRow(unit=child, label=child.name if child else key)
        for target in (row, total):
            target.staff += g["staff"]
            target.jp_sum += jp_sums.get(path) or 0
            target.below += g["staff"] - g["reached"]
    ordered = sorted(rows.values(), key=lambda r: r.label)
    if own.staff:
        ordered.insert(0, own)
    return ordered, total


def below_target(user, year: int, unit: OrgUnit | None) -> QuerySet[Employee]:
    """Who is below the year's target, lowest JP first. Those reaching it are excluded first
    (one uncorrelated subquery), so the JP total is computed only for the rest."""
    return (
        with_jp(dashboard_population(user, unit).exclude(pk__in=reached_employee_ids(year)), year)
        .annotate(missing_jp=F("jp_target") - F("jp_total"))
        .select_related("org_unit", "position")
        .only(
            "pk",
            "nip",
            "name",
            "front_title",
            "back_title",
            "kind",
            "org_unit__name",
            "position__name",
        )
        .order_by("jp_total", "name", "nip")
    )


# --- completions awaiting confirmation --------------------------------------------------------


def _states_a_level(programme_ref: str):
    return Exists(
        ProgrammeCompetency.objects.filter(
            programme_id=OuterRef(programme_ref), target_level__isnull=False
        )
    )


def awaiting_registrations(user) -> QuerySet[Registration]:
    """Completed registrations of the team whose programme states a competency level and that
    the supervisor has not confirmed yet."""
    return (
        team_registrations(user)
        .filter(AWAITING_CONFIRMATION)
        .filter(_states_a_level("session__programme_id"))
        .select_related("employee", "session__programme__provider")
        .order_by("completed_at", "pk")
    )


def awaiting_enrolments(user) -> QuerySet[Enrolment]:
    return (
        team_enrolments(user)
        .filter(completed_at__isnull=False, completion_confirmed_at__isnull=True)
        .filter(_states_a_level("course__programme_id"))
        .select_related("employee", "course__programme__provider")
        .order_by("completed_at", "pk")
    )


def recently_confirmed(user, limit: int = 10) -> list:
    regs = list(
        team_registrations(user)
        .filter(completion_confirmed_at__isnull=False)
        .select_related("employee", "session__programme")
        .order_by("-completion_confirmed_at")[:limit]
    )
    enrs = list(
        team_enrolments(user)
        .filter(completion_confirmed_at__isnull=False)
        .select_related("employee", "course__programme")
        .order_by("-completion_confirmed_at")[:limit]
    )
    both = sorted(regs + enrs, key=lambda r: r.completion_confirmed_at, reverse=True)
    return both[:limit]
