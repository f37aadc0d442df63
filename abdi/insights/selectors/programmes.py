"""Reads of policy monitoring and evaluation: who sees which programme, what an Abdi-bound
indicator measures in a period, and a programme's status (achievement per indicator and
period, budget absorption, recommendations)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin
from abdi.core.services import fail
from abdi.core.services import today as core_today
from abdi.employees.models import Employee
from abdi.feedback.selectors.surveys import ikm_by_unit
from abdi.insights.choices import IndicatorMeasure, RecommendationStatus
from abdi.insights.models import (
    DashboardSnapshot,
    IndicatorTarget,
    IndicatorValue,
    Programme,
    ProgrammeBudget,
    ProgrammeIndicator,
    Recommendation,
)
from abdi.insights.permissions import insight_paths
from abdi.insights.selectors.dashboard_inputs import jpm_bands, system_reader
from abdi.learning.choices import ProgrammeCategory
from abdi.learning.models import JpEntry
from abdi.learning.selectors.tna import training_needs
from abdi.org.models import OrgUnit

TWO = Decimal("0.01")


def can_manage_programmes(user: User) -> bool:
    """BKPSDM records programmes, indicators, budgets and the evaluation."""
    return is_bkpsdm_admin(user)


def programmes_visible_to(user: User) -> QuerySet[Programme]:
    """BKPSDM admins and auditors: all; a leader: the programmes of units in their scope; an
    owner of a recommendation: that programme."""
    if not getattr(user, "is_authenticated", False):
        return Programme.objects.none()
    if is_bkpsdm_admin(user) or is_auditor(user):
        return Programme.objects.all()
    condition = Q(recommendations__owner=user)
    paths = insight_paths(user)
    if paths is None:
        return Programme.objects.all()
    for p in paths:
        condition |= Q(org_unit__path__startswith=p)
    return Programme.objects.filter(pk__in=Programme.objects.filter(condition).values("pk"))


def can_view_programmes(user: User) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    paths = insight_paths(user)
    return (
        is_bkpsdm_admin(user)
        or is_auditor(user)
        or paths is None
        or bool(paths)
        or Recommendation.objects.filter(owner=user).exists()
    )


def recommendations_of(user: User) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(owner=user).exclude(status=RecommendationStatus.CLOSED)


def overdue_recommendations(today: dt.date) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(due_on__lt=today).exclude(
        status=RecommendationStatus.CLOSED
    )


# --- measures -------------------------------------------------------------------------------


def jpm_band_names() -> list[str]:
    return [name for name, _min in jpm_bands()]


def validate_measure(measure: str, param: str) -> None:
    """Refuse an indicator bound to a measure (or a parameter) that does not exist."""
    if measure not in IndicatorMeasure.values:
        fail(_("Ukuran ini tidak dikenal Abdi."), field="measure")
    if measure == IndicatorMeasure.JP_CATEGORY and param not in ProgrammeCategory.values:
        raise ValidationError({"measure_param": _("Pilih kategori pelatihan yang ada.")})
    if measure == IndicatorMeasure.IKM and not (
        param.isdigit() and OrgUnit.objects.filter(pk=int(param)).exists()
    ):
        fail(_("Unit layanan untuk IKM tidak ditemukan."), field="measure_param")
    if measure == IndicatorMeasure.JPM_BAND and param not in jpm_band_names():
        fail(_("Kategori JPM ini tidak ada."), field="measure_param")


def measure_subject(indicator: ProgrammeIndicator) -> str:
    """The bound measure's parameter in people's words: the training category's name, the
    service unit's name, or the JPM band's name."""
    kind, param = indicator.measure, indicator.measure_param
    if kind == IndicatorMeasure.JP_CATEGORY and param in ProgrammeCategory.values:
        return str(ProgrammeCategory(param).label)
    if kind == IndicatorMeasure.IKM and param.isdigit():
        name = OrgUnit.objects.filter(pk=int(param)).values_list("name", flat=True).first()
        return name or ""
    return param


def _agency_snapshot(year: int) -> DashboardSnapshot | None:
    return DashboardSnapshot.objects.filter(year=year, unit__depth=1).order_by("unit__path").first()


def measure_indicator(indicator: ProgrammeIndicator, year: int) -> tuple[Decimal | None, str]:
    """(value, evidence in words) of an Abdi-bound indicator for a year over the agency."""
    kind, param = indicator.measure, indicator.measure_param
    if kind == IndicatorMeasure.JP_CATEGORY:
        staff = Employee.objects.filter(is_active=True).count()
        jp = (
            JpEntry.objects.filter(year=year, employee__is_active=True)
            .annotate(
                category=Coalesce(
                    "registration__session__programme__category",
                    "enrolment__course__programme__category",
                )
            )
            .filter(category=param)
            .aggregate(s=Sum("jp"))["s"]
            or 0
        )
        if not staff:
            return None, ""
        value = (Decimal(jp) / staff).quantize(TWO)
        return value, _(
            "%(jp)s JP kategori %(c)s pada %(y)s untuk %(n)s pegawai aktif: %(v)s JP per pegawai."
        ) % {"jp": jp, "c": ProgrammeCategory(param).label, "y": year, "n": staff, "v": value}
    if kind in (IndicatorMeasure.JP_TARGET, IndicatorMeasure.JPM_BAND):
        snapshot = _agency_snapshot(year)
        if snapshot is None:
            return None, _("Belum ada snapshot dasbor tahun %(y)s.") % {"y": year}
        f = snapshot.data.get("figures", {})
        head = f.get("headcount", 0)
        if kind == IndicatorMeasure.JP_TARGET:
            n = f.get("jp_met", 0)
            what = _("memenuhi target JP")
        else:
            names = jpm_band_names()
            wanted = names[: names.index(param) + 1] if param in names else []
            n = sum(f.get(f"jpm:{b}", 0) for b in wanted)
            what = _("berada pada kategori JPM %(b)s atau lebih tinggi") % {"b": param}
        if not head:
            return None, ""
        value = (Decimal(100) * n / head).quantize(TWO)
        return value, _("%(n)s dari %(m)s pegawai %(what)s (%(v)s %%), snapshot %(at)s.") % {
            "n": n,
            "m": head,
            "what": what,
            "v": value,
            "at": timezone.localtime(snapshot.computed_at).strftime("%d-%m-%Y %H:%M"),
        }
    if kind == IndicatorMeasure.IKM:
        unit = OrgUnit.objects.filter(pk=int(param)).first() if param.isdigit() else None
        if unit is None:
            return None, ""
        trend = ikm_by_unit(user=system_reader(), units=[unit], periods=12).get(unit.pk)
        in_year = [
            (p, p.ikm_100)
            for p in (trend.trend if trend else [])
            if p.period_start.year == year and p.ikm_100 is not None
        ]
        if not in_year:
            return None, _("Belum ada IKM %(u)s pada %(y)s.") % {"u": unit.name, "y": year}
        latest, ikm = in_year[-1]
        value = Decimal(ikm).quantize(TWO)
        return value, _("IKM %(u)s periode %(p)s: %(v)s (%(r)s responden).") % {
            "u": unit.name,
            "p": f"{latest.period_start:%m/%Y}",
            "v": value,
            "r": latest.respondents,
        }
    return None, ""


# --- status ---------------------------------------------------------------------------------


@dataclass
class PeriodRow:
    year: int
    target: Decimal | None
    value: Decimal | None
    achievement: Decimal | None  # % of the target reached
    evidence: str = ""
    measured: bool = False
    has_document: bool = False
    value_id: int | None = None


@dataclass
class IndicatorStatus:
    indicator: ProgrammeIndicator
    periods: list[PeriodRow] = field(default_factory=list)
    # What the bound measure is about, in words (the stored parameter is a code or a key).
    subject: str = ""


@dataclass
class BudgetRow:
    year: int
    planned: Decimal
    spent: Decimal
    absorption: Decimal | None
    # The priced training-needs analysis of the agency for the year (programmes bound to
    # learning, this year and later): its cost, the programmes without a price, and
    # the planned budget left after it (negative: the plan costs more than the budget).
    plan_cost: int | None = None
    plan_unpriced: int = 0

    @property
    def plan_balance(self) -> Decimal | None:
        return None if self.plan_cost is None else self.planned - self.plan_cost

    @property
    def plan_share(self) -> Decimal | None:
        """The plan's cost as a share of the planned budget, in %."""
        if self.plan_cost is None or not self.planned:
            return None
        return (Decimal(100) * self.plan_cost / self.planned).quantize(TWO)


@dataclass
class ProgrammeStatusView:
    programme: Programme
    indicators: list[IndicatorStatus]
    budgets: list[BudgetRow]
    planned_total: Decimal
    spent_total: Decimal
    recommendations: dict[str, int]
    overdue: int
    learning_bound: bool = False


def achievement(
    baseline: Decimal | None, target: Decimal | None, value: Decimal | None, higher: bool
) -> Decimal | None:
    """The share of the target reached, in %: value ÷ target (higher is better) or target ÷
    value (lower is better)."""
    if target is None or value is None:
        return None
    if higher:
        return (Decimal(100) * value / target).quantize(TWO) if target else None
    return (Decimal(100) * target / value).quantize(TWO) if value else None


def programme_status(programme: Programme, *, today: dt.date | None = None) -> ProgrammeStatusView:
    today = today or core_today()
    indicators = list(
        programme.indicators.prefetch_related(
            Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year")),
            Prefetch("values", queryset=IndicatorValue.objects.order_by("year")),
        )
    )
    statuses = []
    for ind in indicators:
        targets = {t.year: t.target for t in ind.targets.all()}
        values = {v.year: v for v in ind.values.all()}
        rows = []
        for year in sorted(set(targets) | set(values)):
            v = values.get(year)
            rows.append(
                PeriodRow(
                    year=year,
                    target=targets.get(year),
                    value=v.value if v else None,
                    achievement=achievement(
                        ind.baseline,
                        targets.get(year),
                        v.value if v else None,
                        ind.higher_is_better,
                    ),
                    evidence=v.evidence if v else "",
                    measured=bool(v and v.measured),
                    has_document=bool(v and v.document),
                    value_id=v.pk if v else None,
                )
            )
        statuses.append(IndicatorStatus(ind, rows, measure_subject(ind)))
    budgets = [
        BudgetRow(
            b.year,
            b.planned,
            b.spent,
            (Decimal(100) * b.spent / b.planned).quantize(TWO) if b.planned else None,
        )
        for b in ProgrammeBudget.objects.filter(programme=programme).order_by("year")
    ]
    learning_bound = any(ind.measure in LEARNING_MEASURES for ind in indicators)
    if learning_bound and any(row.year >= today.year for row in budgets):
        # Bound indicators are measured over the agency (0025), so is the plan priced.
        agency = OrgUnit.objects.get_root(programme.org_unit)
        for row in budgets:
            if row.year >= today.year:
                row.plan_cost, row.plan_unpriced = learning_plan_cost(agency, row.year)
    counts = dict(
        programme.recommendations.order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    overdue = (
        programme.recommendations.filter(due_on__lt=today)
        .exclude(status=RecommendationStatus.CLOSED)
        .count()
    )
    return ProgrammeStatusView(
        programme,
        statuses,
        budgets,
        sum((b.planned for b in budgets), Decimal(0)),
        sum((b.spent for b in budgets), Decimal(0)),
        counts,
        overdue,
        learning_bound,
    )


# A programme is bound to learning when one of its indicators is measured on the JP ledger.
LEARNING_MEASURES = (IndicatorMeasure.JP_CATEGORY, IndicatorMeasure.JP_TARGET)


def learning_plan_cost(unit: OrgUnit, year: int) -> tuple[int, int]:
    """What the yearly learning plan of `unit` (and its subtree) costs: learning's priced training-needs analysis
    (seats from competency gaps and development plans, sessions and catalogue prices).
    Returns (cost in rupiah of the priced programmes, number of unpriced programmes)."""

    data = training_needs(unit, year)
    return int(data["cost_total"]), len(data["unpriced"])


def programme_list(user: User) -> QuerySet[Programme]:
    return (
        programmes_visible_to(user)
        .select_related("org_unit")
        .annotate(
            indicator_count=Count("indicators", distinct=True),
            open_recommendations=Count(
                "recommendations",
                filter=~Q(recommendations__status=RecommendationStatus.CLOSED),
                distinct=True,
            ),
        )
        .order_by("-start_year", "name")
    )
