"""Reads for certificates, public verification, the JP ledger and its dashboard, external
certificates and the completions awaiting a supervisor's confirmation.

The JP dashboard counts in SQL: each employee's JP of the year is read from JpYearTotal (kept by
the credit services in the same transaction as the ledger) through one LEFT JOIN, the target is
a CASE over the employee's kind, and the per-unit figures are one GROUP BY over the employees
per unit, added up per child unit in Python (one step per unit, not per employee) — no
aggregate over the ledger on a page, no Python loop over the staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from abdi.accounts.models import User
from abdi.core.cache_versions import bump_version, current_version
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
from abdi.learning.permissions.credit import (
    AWAITING_CONFIRMATION,
    certificates_visible_to,
    dashboard_employees,
    dashboard_paths,
    team_enrolments,
    team_registrations,
)
from abdi.org.models import OrgUnit, Position

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


def with_jp(qs: QuerySet[Employee], year: int) -> QuerySet[Employee]:
    """Employees annotated with jp_total (their JP of the year, 0 when they have none: a LEFT
    JOIN on JpYearTotal restricted to the year) and jp_target (the target of their kind)."""
    return qs.annotate(
        jp_year=FilteredRelation("jp_year_totals", condition=Q(jp_year_totals__year=year))
    ).annotate(
        jp_total=Coalesce(F("jp_year__jp"), Value(0), output_field=IntegerField()),
        jp_target=target_expression(targets_for(year)),
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


def my_certificates(user: User) -> QuerySet[Certificate]:
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


def my_externals(user: User) -> QuerySet[ExternalCertificate]:
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


def dashboard_units(user: User) -> QuerySet[OrgUnit]:
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


def default_dashboard_unit(user: User) -> OrgUnit | None:
    """Where the dashboard starts: the shortest path in scope (the agency root for admins)."""
    return dashboard_units(user).order_by("depth", "path").first()


def dashboard_population(user: User, unit: OrgUnit | None) -> QuerySet[Employee]:
    """The staff the dashboard counts under `unit`: `org_unit_id IN (SELECT id … path LIKE)`,
    a semi-join that PostgreSQL estimates well (an `= ANY(ARRAY(subquery))` was estimated at
    500 rows for 60,000 and sorted on disk; a join to the unit table costs more)."""
    qs = dashboard_employees(user)
    if unit is not None:
        subtree = OrgUnit.objects.filter(path__startswith=unit.path).order_by().values("pk")
        qs = qs.filter(org_unit_id__in=subtree)
    return qs


def unit_summary(user: User, year: int, unit: OrgUnit | None) -> tuple[list[UnitRow], UnitRow]:
    """Per child unit of `unit` (its own staff in a row of their own): staff, JP and how many
    are below target; and the total. Three queries whatever the number of staff: one GROUP BY
    over the employees per unit id (JP from JpYearTotal, no join to the unit table), the
    subtree's unit paths, and the child units for their names; the per-unit groups (one per
    unit, not per employee) are then added up under the child whose path they start with."""
    step = OrgUnit.steplen
    base = unit.path if unit is not None else ""
    child_len = len(base) + step
    counted = (
        with_jp(dashboard_population(user, unit), year)
        .order_by()
        .values("org_unit_id")
        .annotate(
            staff=Count("pk"),
            jp_sum=Sum("jp_total"),
            below=Count("pk", filter=Q(jp_total__lt=F("jp_target"))),
        )
        .values_list("org_unit_id", "staff", "jp_sum", "below")
    )
    paths = dict(OrgUnit.objects.filter(path__startswith=base).order_by().values_list("pk", "path"))
    children = {
        u.path: u
        for u in OrgUnit.objects.filter(
            path__startswith=base, depth=(unit.depth + 1 if unit else 1)
        ).only("pk", "name", "code", "path", "depth")
    }
    by_bucket: dict[str, UnitRow] = {}
    total = UnitRow(unit=unit, label="")
    for unit_id, staff, jp_sum, below in counted:
        bucket = paths.get(unit_id, "")[:child_len]
        row = by_bucket.get(bucket)
        if row is None:
            if unit is not None and bucket == unit.path:
                row = UnitRow(unit=unit, label=unit.name)
            else:
                child = children.get(bucket)
                row = UnitRow(unit=child, label=child.name if child else bucket)
            by_bucket[bucket] = row
        for target in (row, total):
            target.staff += staff
            target.jp_sum += jp_sum or 0
            target.below += below
    own = by_bucket.pop(unit.path, None) if unit is not None else None
    rows = sorted(by_bucket.values(), key=lambda r: r.label)
    if own is not None and own.staff:
        rows.insert(0, own)
    return rows, total


# The per-unit figures pass over every employee of the subtree (60,000 for the agency), so they
# are cached per (year, unit, scope). The key carries a version that jp_totals_refresh bumps
# once its transaction commits, so a JP line written or removed shows at once; what the credit
# services do not see (a transfer, a new JpTarget row) shows at the latest after
# ABDI_JP_DASHBOARD_CACHE_SECONDS. The below-target list itself is never cached.
JP_VERSION_KEY = "learning:jp:version"


def jp_version() -> int:
    return current_version(JP_VERSION_KEY)


def jp_totals_changed() -> None:
    """Invalidate every cached JP dashboard (the credit services call it on commit)."""
    bump_version(JP_VERSION_KEY)


def dashboard_cache_seconds() -> int:
    return max(settings.ABDI_JP_DASHBOARD_CACHE_SECONDS, 0)


def cached_unit_summary(
    user: User, year: int, unit: OrgUnit | None
) -> tuple[list[UnitRow], UnitRow, dt.datetime]:
    """unit_summary(...) and when it was computed, from the cache when fresh. Users who see the
    whole agency share an entry; anyone narrower has their own (their scope is their own)."""
    seconds = dashboard_cache_seconds()
    if seconds == 0:
        return (*unit_summary(user, year, unit), timezone.now())
    scope = "all" if dashboard_paths(user) is None else f"user-{user.pk}"
    key = (
        f"learning:jp-dashboard:{year}:{unit.pk if unit else 0}:"
        f"{unit.path if unit else ''}:{scope}:{jp_version()}"
    )
    cached = cache.get(key)
    if cached is None:
        cached = (*unit_summary(user, year, unit), timezone.now())
        cache.set(key, cached, timeout=seconds)
    return cached


def below_target(user: User, year: int, unit: OrgUnit | None) -> QuerySet[Employee]:
    """Who is below the year's target, lowest JP first, then by name; NIP and pk make the order
    total, so that pages neither repeat nor skip anyone. The database filters, sorts and cuts
    the page (LIMIT/OFFSET) over the JpYearTotal join: a deep page costs one sorted scan. The
    unit and position names are prefetched for the page's rows only (two small queries) rather
    than joined to every candidate before the sort."""
    return (
        with_jp(dashboard_population(user, unit), year)
        # jp_total and jp_target are with_jp's annotations, which the django-stubs plugin
        # does not follow through a function's return.
        .filter(jp_total__lt=F("jp_target"))  # type: ignore[misc]
        .annotate(missing_jp=F("jp_target") - F("jp_total"))
        .only("pk", "nip", "name", "front_title", "back_title", "kind", "org_unit", "position")
        .prefetch_related(
            Prefetch("org_unit", queryset=OrgUnit.objects.only("pk", "name")),
            Prefetch("position", queryset=Position.objects.only("pk", "name")),
        )
        .order_by("jp_total", "name", "nip", "pk")
    )


# --- completions awaiting confirmation --------------------------------------------------------


def _states_a_level(programme_ref: str) -> Exists:
    return Exists(
        ProgrammeCompetency.objects.filter(
            programme_id=OuterRef(programme_ref), target_level__isnull=False
        )
    )


def awaiting_registrations(user: User) -> QuerySet[Registration]:
    """Completed registrations of the team whose programme states a competency level and that
    the supervisor has not confirmed yet."""
    return (
        team_registrations(user)
        .filter(AWAITING_CONFIRMATION)
        .filter(_states_a_level("session__programme_id"))
        .select_related("employee", "session__programme__provider")
        .order_by("completed_at", "pk")
    )


def awaiting_enrolments(user: User) -> QuerySet[Enrolment]:
    return (
        team_enrolments(user)
        .filter(completed_at__isnull=False, completion_confirmed_at__isnull=True)
        .filter(_states_a_level("course__programme_id"))
        .select_related("employee", "course__programme__provider")
        .order_by("completed_at", "pk")
    )


def _confirmed_at(row: Registration | Enrolment) -> dt.datetime:
    assert row.completion_confirmed_at is not None  # only confirmed rows are read
    return row.completion_confirmed_at


def recently_confirmed(user: User, limit: int = 10) -> list[Registration | Enrolment]:
    regs: list[Registration | Enrolment] = list(
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
    both = sorted([*regs, *enrs], key=_confirmed_at, reverse=True)
    return both[:limit]
