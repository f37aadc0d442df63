"""Shared reads of the SKP cycle for pages and the API. Every query starts from the scoping
functions of permissions.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from abdi.employees.models import Employee
from abdi.employees.permissions import own_employee
from abdi.org.models import OrgUnit
from abdi.performance import rules
from abdi.performance.choices import (
    EvaluationStatus,
    ObjectionStatus,
    PeriodKind,
    SKPStatus,
)
from abdi.performance.models.evaluation import Evaluation, Objection
from abdi.performance.models.execution import Activity, Realisation
from abdi.performance.models.planning import SKP, BehaviourExpectation, Indicator, WorkResult
from abdi.performance.models.reference import BehaviourValue
from abdi.performance.models.years import PerformancePeriod
from abdi.performance.permissions import evaluations_visible_to, skps_visible_to


def period_by_code(code: str) -> PerformancePeriod | None:
    """The period of a code ("2026-Q1", "2026-03", "2026-S1", "2026"), or None."""
    try:
        rules.parse_period_code(code)
    except ValueError:
        return None
    return PerformancePeriod.objects.select_related("performance_year").filter(code=code).first()


def skp_detail_queryset(user) -> QuerySet[SKP]:
    """SKPs the user may open, with everything the detail page and the PDF show."""
    return (
        skps_visible_to(user)
        .select_related(
            "employee__rank",
            "employee__org_unit",
            "position",
            "org_unit",
            "appraiser__position",
            "appraiser__rank",
            "appraiser_superior__position",
            "appraiser_superior__rank",
            "performance_year",
            "approved_by",
            "previous_version",
        )
        .prefetch_related(
            Prefetch(
                "work_results",
                queryset=WorkResult.objects.select_related("supports__skp__employee")
                .prefetch_related(
                    Prefetch("indicators", queryset=Indicator.objects.order_by("aspect", "pk"))
                )
                .order_by("kind", "order", "pk"),
            ),
            "behaviour_expectations__behaviour_value",
            "events__actor",
        )
    )


def skp_list(user, filters: dict[str, Any] | None = None) -> QuerySet[SKP]:
    """Visible SKPs filtered by year, status, org_unit (id, its subtree), appraiser ("me" or an
    employee id), q (name or NIP); the newest version first."""
    filters = filters or {}
    qs = skps_visible_to(user).select_related(
        "employee", "appraiser", "org_unit", "performance_year", "position"
    )
    if filters.get("year"):
        qs = qs.filter(performance_year__year=filters["year"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    else:
        qs = qs.exclude(status=SKPStatus.SUPERSEDED) if filters.get("current") else qs
    unit = filters.get("org_unit")
    if unit:
        unit_obj = unit if isinstance(unit, OrgUnit) else OrgUnit.objects.filter(pk=unit).first()
        qs = qs.filter(org_unit__path__startswith=unit_obj.path) if unit_obj else qs.none()
    appraiser = filters.get("appraiser")
    if appraiser == "me":
        me = own_employee(user)
        qs = qs.filter(appraiser=me) if me else qs.none()
    elif appraiser:
        qs = qs.filter(appraiser_id=appraiser)
    if filters.get("q"):
        term = str(filters["q"]).strip()
        qs = qs.filter(Q(employee__name__icontains=term) | Q(employee__nip__startswith=term))
    return qs.order_by("-performance_year__year", "employee__name", "-version")


def skp_versions(skp: SKP) -> QuerySet[SKP]:
    """Every version of the employee's SKP of that year, newest first."""
    return SKP.objects.filter(
        employee_id=skp.employee_id, performance_year_id=skp.performance_year_id
    ).order_by("-version")


def current_skp(employee: Employee, year: int) -> SKP | None:
    """The version in force: the approved one, else the one in preparation."""
    versions = SKP.objects.filter(employee=employee, performance_year__year=year)
    return (
        versions.filter(status=SKPStatus.APPROVED).first()
        or versions.exclude(status=SKPStatus.SUPERSEDED).order_by("-version").first()
    )


def evaluation_periods_due(on: dt.date | None = None) -> list[PerformancePeriod]:
    """Per open year: the latest periodic period that has ended, and the year once it has ended."""
    on = on or timezone.localdate()
    periods = list(
        PerformancePeriod.objects.filter(performance_year__is_open=True, end__lt=on)
        .select_related("performance_year")
        .order_by("performance_year__year", "end")
    )
    latest: dict[int, PerformancePeriod] = {}
    annual: list[PerformancePeriod] = []
    for period in periods:
        if period.kind == PeriodKind.YEAR:
            annual.append(period)
        else:
            latest[period.performance_year_id] = period
    return [*latest.values(), *annual]


def ratings_due(
    skps: QuerySet[SKP], *, on: dt.date | None = None
) -> list[tuple[SKP, PerformancePeriod]]:
    """The ratings still missing among these SKPs: for each approved SKP, every period of its
    (open) year that has ended without an evaluation of the employee. The one source of "ratings
    due" — the inbox lists them, the team monitor flags those past their evaluation deadline
    (issue 13: the two counted differently). Three queries whatever the number of SKPs."""
    on = on or timezone.localdate()
    periods = list(
        PerformancePeriod.objects.filter(performance_year__is_open=True, end__lt=on)
        .select_related("performance_year")
        .order_by("end", "kind")
    )
    if not periods:
        return []
    year_ids = {p.performance_year_id for p in periods}
    approved = list(
        skps.filter(status=SKPStatus.APPROVED, performance_year_id__in=year_ids)
        .select_related("employee", "performance_year", "org_unit")
        .order_by("employee__name", "pk")
    )
    if not approved:
        return []
    rated = set(
        Evaluation.objects.filter(
            skp__employee_id__in={s.employee_id for s in approved},
            period_id__in=[p.pk for p in periods],
        ).values_list("skp__employee_id", "period_id")
    )
    return [
        (skp, period)
        for period in periods
        for skp in approved
        if period.performance_year_id == skp.performance_year_id
        and (skp.employee_id, period.pk) not in rated
    ]


@dataclass
class Inbox:
    to_decide: list[SKP] = field(default_factory=list)  # submitted to me
    to_write_expectations: list[SKP] = field(default_factory=list)  # my staff's drafts lacking them
    to_evaluate: list[tuple[SKP, PerformancePeriod]] = field(default_factory=list)
    objections: list[Objection] = field(default_factory=list)  # for me to decide
    returned_to_me: list[SKP] = field(default_factory=list)  # my own SKPs sent back

    @property
    def total(self) -> int:
        return (
            len(self.to_decide)
            + len(self.to_write_expectations)
            + len(self.to_evaluate)
            + len(self.objections)
            + len(self.returned_to_me)
        )


def inbox_for(user, *, on: dt.date | None = None) -> Inbox:
    """What waits for the user's action: SKPs submitted to them, expectations to write,
    evaluations to give for the period just ended, objections to decide, own returned SKPs."""
    inbox = Inbox()
    if not getattr(user, "is_authenticated", False):
        return inbox
    me = own_employee(user)
    related = ("employee", "performance_year", "org_unit")
    inbox.returned_to_me = list(
        SKP.objects.filter(employee__user_id=user.pk, status=SKPStatus.RETURNED).select_related(
            *related
        )
    )
    if me is None:
        return inbox
    mine = SKP.objects.filter(appraiser=me).exclude(employee=me)
    inbox.to_decide = list(
        mine.filter(status=SKPStatus.SUBMITTED).select_related(*related).order_by("submitted_at")
    )
    inbox.to_write_expectations = list(
        mine.filter(status__in=(SKPStatus.DRAFT, SKPStatus.RETURNED))
        .annotate(n=Count("behaviour_expectations"))
        .filter(n__lt=7)
        .select_related(*related)
    )
    inbox.to_evaluate = ratings_due(mine, on=on)
    inbox.objections = list(
        Objection.objects.filter(
            status=ObjectionStatus.FILED, evaluation__skp__appraiser_superior=me
        ).select_related("evaluation__skp__employee", "evaluation__period")
    )
    return inbox


def evaluations_for(user) -> QuerySet[Evaluation]:
    return evaluations_visible_to(user).select_related(
        "skp__employee", "skp__performance_year", "period", "evaluator"
    )


def released_statuses() -> tuple[str, str]:
    return (EvaluationStatus.RELEASED, EvaluationStatus.ACKNOWLEDGED)


# ---------------------------------------------------------------- planning and execution reads
# (the SKP pages and the API share them; the SKP itself comes from skps_visible_to)


def cascade_work_results(skp: SKP) -> QuerySet[WorkResult]:
    """The RHK a main RHK of this SKP may support: those of the appraiser's approved SKP of the
    same year (the cascade)."""
    if skp.appraiser_id is None:
        return WorkResult.objects.none()
    return WorkResult.objects.filter(
        skp__employee_id=skp.appraiser_id,
        skp__performance_year_id=skp.performance_year_id,
        skp__status=SKPStatus.APPROVED,
    ).order_by("kind", "order", "pk")


def behaviour_values() -> QuerySet[BehaviourValue]:
    """The seven BerAKHLAK core values, in their order."""
    return BehaviourValue.objects.order_by("order")


def skp_expectations(skp: SKP) -> QuerySet[BehaviourExpectation]:
    """The appraiser's specific expectations of an SKP, in BerAKHLAK order."""
    return (
        BehaviourExpectation.objects.filter(skp=skp)
        .select_related("behaviour_value")
        .order_by("behaviour_value__order")
    )


def skp_activities(skp: SKP) -> QuerySet[Activity]:
    """The activities logged on an SKP, newest first."""
    return skp.activities.select_related("work_result").order_by("-date", "-pk")


def skp_realisations(skp: SKP, period: PerformancePeriod | None = None) -> QuerySet[Realisation]:
    """The realisations of an SKP's indicators, for one period or all of them."""
    qs = Realisation.objects.filter(indicator__work_result__skp=skp).select_related(
        "indicator", "period"
    )
    if period is not None:
        qs = qs.filter(period=period)
    return qs.order_by("period__start", "indicator__work_result__order", "indicator_id")
