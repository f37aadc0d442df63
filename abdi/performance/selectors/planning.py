"""Shared reads of the SKP cycle for pages and the API. Every query starts from the scoping
functions of permissions.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from abdi.accounts.models import User
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
from abdi.performance.models.execution import Activity, Feedback, Realisation
from abdi.performance.models.planning import SKP, BehaviourExpectation, Indicator, WorkResult
from abdi.performance.models.reference import BehaviourValue
from abdi.performance.models.years import OrgUnitPredikat, PerformancePeriod, PerformanceYear
from abdi.performance.permissions import evaluations_visible_to, skps_visible_to


def period_by_code(code: str) -> PerformancePeriod | None:
    """The period of a code ("2026-Q1", "2026-03", "2026-S1", "2026"), or None."""
    try:
        rules.parse_period_code(code)
    except ValueError:
        return None
    return PerformancePeriod.objects.select_related("performance_year").filter(code=code).first()


def skp_detail_queryset(user: User) -> QuerySet[SKP]:
    """SKPs the user may open, with everything the detail page and the PDF show."""
    return with_detail(skps_visible_to(user))


def with_detail(skps: QuerySet[SKP]) -> QuerySet[SKP]:
    """The SKPs with everything the detail page and the PDF show."""
    return skps.select_related(
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
    ).prefetch_related(
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


PERSON = ("rank", "position", "org_unit")


def skp_api_queryset(user: User) -> QuerySet[SKP]:
    """SKPs the user may open, with what the API's SKP shows (people, work results,
    indicators)."""
    return (
        skps_visible_to(user)
        .select_related(
            "performance_year",
            "position",
            "org_unit",
            *(f"employee__{f}" for f in PERSON),
            "employee",
            *(f"appraiser__{f}" for f in PERSON),
            *(f"appraiser_superior__{f}" for f in PERSON),
        )
        .prefetch_related(
            Prefetch(
                "work_results",
                queryset=WorkResult.objects.order_by("kind", "order", "pk").prefetch_related(
                    "indicators"
                ),
            )
        )
    )


def skp_document_queryset() -> QuerySet[SKP]:
    """Every SKP, with the people, posts and units the SKP and evaluation documents print (the
    caller has checked access)."""
    return SKP.objects.select_related(
        "employee__rank",
        "employee__position",
        "employee__org_unit__agency",
        "position",
        "org_unit__agency",
        "appraiser__rank",
        "appraiser__position",
        "appraiser__org_unit",
        "appraiser_superior__rank",
        "appraiser_superior__position",
        "appraiser_superior__org_unit",
        "performance_year",
    )


def skp_list(user: User, filters: dict[str, Any] | None = None) -> QuerySet[SKP]:
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


def inbox_for(user: User, *, on: dt.date | None = None) -> Inbox:
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


def evaluations_for(user: User) -> QuerySet[Evaluation]:
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


def realisations_by_indicator(
    indicators: Iterable[Indicator] | QuerySet[Indicator], period: PerformancePeriod
) -> dict[int, Realisation]:
    """A period's realisation of each of the indicators, by indicator id."""
    return {
        r.indicator_id: r
        for r in Realisation.objects.filter(indicator__in=indicators, period=period)
    }


def activities_visible_to(user: User) -> QuerySet[Activity]:
    """The activities of the SKPs the user may see (their evidence is a download)."""
    return Activity.objects.filter(skp__in=skps_visible_to(user))


def realisations_visible_to(user: User) -> QuerySet[Realisation]:
    """The realisations of the SKPs the user may see (their evidence is a download)."""
    return Realisation.objects.filter(indicator__work_result__skp__in=skps_visible_to(user))


def evaluation_of(skp: SKP, period: PerformancePeriod) -> Evaluation | None:
    """The SKP's evaluation for the period, if it was rated."""
    return Evaluation.objects.filter(skp=skp, period=period).first()


def objection_of(evaluation: Evaluation) -> Objection | None:
    """The objection filed against an evaluation (one at most), with who decided it."""
    return Objection.objects.filter(evaluation=evaluation).select_related("decided_by").first()


def unit_predikat(unit_id: int, period: PerformancePeriod) -> OrgUnitPredikat | None:
    """The organisational predikat recorded for the unit itself in the period."""
    return OrgUnitPredikat.objects.filter(org_unit_id=unit_id, period=period).first()


def skp_indicator(skp: SKP, pk: int) -> Indicator | None:
    """One indicator of the SKP (None if the id names another SKP's)."""
    return (
        Indicator.objects.filter(work_result__skp=skp, pk=pk)
        .select_related("work_result__skp__performance_year")
        .first()
    )


def performance_year(year: int) -> PerformanceYear | None:
    return PerformanceYear.objects.filter(year=year).first()


def has_open_version(skp: SKP) -> bool:
    """Whether a version of the employee's SKP for that year is still open (draft, submitted,
    returned): a new version waits until it is decided."""
    return SKP.objects.filter(
        employee_id=skp.employee_id,
        performance_year_id=skp.performance_year_id,
        status__in=(SKPStatus.DRAFT, SKPStatus.SUBMITTED, SKPStatus.RETURNED),
    ).exists()


def detail_work_results(skp: SKP) -> list[WorkResult]:
    """The SKP page's work results with what they support, their indicators and feedback."""
    return list(
        skp.work_results.select_related("supports", "supports__skp__employee").prefetch_related(
            "indicators",
            Prefetch(
                "feedback",
                queryset=Feedback.objects.select_related("author").order_by("created_at"),
            ),
        )
    )


def expectations_by_value(skp: SKP) -> dict[int, BehaviourExpectation]:
    """The SKP's behaviour expectations by BerAKHLAK value id, with who wrote them."""
    return {
        e.behaviour_value_id: e
        for e in BehaviourExpectation.objects.filter(skp=skp).select_related("written_by")
    }


def expectation_texts(skp: SKP) -> dict[int, str]:
    """The SKP's expectation text per BerAKHLAK value id (the expectations form)."""
    return dict(
        BehaviourExpectation.objects.filter(skp=skp).values_list(
            "behaviour_value_id", "expectation"
        )
    )


def behaviour_feedback(skp: SKP) -> dict[int, list[Feedback]]:
    """The feedback on the SKP's behaviour, per BerAKHLAK value id, oldest first."""
    found: dict[int, list[Feedback]] = {}
    for fb in (
        Feedback.objects.filter(skp=skp, behaviour_value__isnull=False)
        .select_related("author")
        .order_by("created_at")
    ):
        if fb.behaviour_value_id is not None:  # filtered above; for the type checker
            found.setdefault(fb.behaviour_value_id, []).append(fb)
    return found


def work_results_visible_to(user: User) -> QuerySet[WorkResult]:
    return WorkResult.objects.select_related("skp").filter(skp__in=skps_visible_to(user))


def work_result_with_skp(pk: int) -> WorkResult | None:
    return WorkResult.objects.filter(pk=pk).select_related("skp").first()


def work_result_with_indicators(pk: int) -> WorkResult:
    return WorkResult.objects.prefetch_related("indicators").get(pk=pk)


def indicator(pk: int) -> Indicator:
    return Indicator.objects.get(pk=pk)


def evaluation_with_evaluator(pk: int) -> Evaluation:
    return Evaluation.objects.select_related("period", *(f"evaluator__{f}" for f in PERSON)).get(
        pk=pk
    )


def indicators_visible_to(user: User) -> QuerySet[Indicator]:
    return Indicator.objects.select_related("work_result").filter(
        work_result__skp__in=skps_visible_to(user)
    )


# ---------------------------------------------------------------- the dashboard and the inbox


def my_skps(employee: Employee) -> QuerySet[SKP]:
    """The employee's SKPs that still count (not superseded), newest year and version first."""
    return (
        SKP.objects.filter(employee=employee)
        .exclude(status=SKPStatus.SUPERSEDED)
        .select_related("performance_year", "appraiser")
        .order_by("-performance_year__year", "-version")
    )


def open_years() -> list[PerformanceYear]:
    return list(PerformanceYear.objects.filter(is_open=True).order_by("-year"))


def team_counts(appraiser: Employee) -> dict[str, int] | None:
    """What waits for an appraiser: SKPs submitted to them, SKPs they appraise, objections filed
    against their appraisees' evaluations (as the appraiser's superior). None when all are 0."""
    submitted = SKP.objects.filter(appraiser=appraiser, status=SKPStatus.SUBMITTED).count()
    appraised = SKP.objects.filter(appraiser=appraiser).exclude(status=SKPStatus.SUPERSEDED).count()
    objections = Objection.objects.filter(
        evaluation__skp__appraiser_superior=appraiser, status=ObjectionStatus.FILED
    ).count()
    if not (submitted or appraised or objections):
        return None
    return {"submitted": submitted, "appraised": appraised, "objections": objections}


def releases_due(evaluator: Employee) -> list[Evaluation]:
    """The evaluator's evaluations not yet released (draft or final), by period and name."""
    return list(
        Evaluation.objects.filter(
            evaluator=evaluator, status__in=(EvaluationStatus.DRAFT, EvaluationStatus.FINAL)
        )
        .select_related("period", "skp__employee")
        .order_by("period__start", "skp__employee__name")
    )
