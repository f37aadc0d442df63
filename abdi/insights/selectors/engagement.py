"""Reads of the anonymous engagement survey. A result is shown only for a group of at least
the survey's minimum of respondents (and never in a way that lets a withheld group be worked
out by subtraction: `rules.shown_groups`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from abdi.accounts.models import User
from abdi.employees.permissions import own_employee
from abdi.insights import rules
from abdi.insights.choices import EngagementStatus
from abdi.insights.models import (
    EngagementAnswer,
    EngagementParticipation,
    EngagementQuestion,
    EngagementSurvey,
)
from abdi.insights.models.engagement import MIN_GROUP
from abdi.org.models import OrgUnit


def open_survey() -> EngagementSurvey | None:
    return EngagementSurvey.objects.filter(status=EngagementStatus.OPEN).order_by("-year").first()


def has_answered(user: User, survey: EngagementSurvey) -> bool:
    employee = own_employee(user)
    return (
        employee is not None
        and EngagementParticipation.objects.filter(survey=survey, employee=employee).exists()
    )


def survey_questions(survey: EngagementSurvey) -> list[EngagementQuestion]:
    return list(survey.questions.order_by("order", "code"))


@dataclass
class GroupResult:
    name: str
    respondents: int
    share: Decimal | None  # None: withheld (too few respondents)


@dataclass
class EngagementResult:
    survey: EngagementSurvey
    participants: int
    respondents: int
    share: Decimal | None
    withheld: bool
    questions: list[tuple[EngagementQuestion, Decimal | None]] = field(default_factory=list)
    units: list[GroupResult] = field(default_factory=list)


def engagement_result(
    survey: EngagementSurvey, *, unit_ids: set[int] | None = None
) -> EngagementResult:
    """The survey's result. `unit_ids`: the OPDs the viewer may see per unit (None: all).
    Four queries."""
    minimum = max(survey.min_group, MIN_GROUP)
    respondents = survey.responses.count()
    participants = survey.participations.count()
    answers = EngagementAnswer.objects.filter(response__survey=survey)
    total = answers.aggregate(s=Sum("value"), n=Count("pk"))
    withheld = respondents < minimum
    share = None if withheld else rules.engagement_share(total["s"] or 0, total["n"] or 0)
    result = EngagementResult(survey, participants, respondents, share, withheld)
    if withheld:
        return result
    per_question = {
        q: rules.engagement_share(s or 0, n)
        for q, s, n in answers.order_by()
        .values("question_id")
        .annotate(s=Sum("value"), n=Count("pk"))
        .values_list("question_id", "s", "n")
    }
    result.questions = [(q, per_question.get(q.pk)) for q in survey_questions(survey)]
    per_unit: dict[str, tuple[int, int, int]] = {}
    names: dict[str, str] = {}
    for unit_id, name, people, s, n in (
        answers.order_by()
        .values("response__org_unit_id", "response__org_unit__name")
        .annotate(p=Count("response_id", distinct=True), s=Sum("value"), n=Count("pk"))
        .values_list("response__org_unit_id", "response__org_unit__name", "p", "s", "n")
    ):
        key = str(unit_id)
        per_unit[key] = (people, s or 0, n)
        names[key] = name or "—"
    shown = rules.shown_groups({k: v[0] for k, v in per_unit.items()}, minimum)
    for key, (people, s, n) in sorted(per_unit.items(), key=lambda kv: names[kv[0]]):
        if unit_ids is not None and (key == "None" or int(key) not in unit_ids):
            continue
        share_of = rules.engagement_share(s, n) if key in shown else None
        result.units.append(GroupResult(names[key], people if key in shown else 0, share_of))
    return result


def opd_of(unit: OrgUnit | None) -> OrgUnit | None:
    """The OPD (depth 2) a unit belongs to; the agency root stands for itself."""
    if unit is None:
        return None
    if unit.depth <= 2:
        return unit
    return OrgUnit.objects.filter(path=unit.path[: 2 * OrgUnit.steplen]).first()
