"""The anonymous engagement survey: one answer per employee and year, no link from an answer
to a person in the database, results withheld below 5 respondents (and where subtraction
would reveal a withheld group), and the result feeding the merit index's 25 %."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from abdi.insights import rules
from abdi.insights.models import (
    EngagementAnswer,
    EngagementParticipation,
    EngagementResponse,
    EngagementSurvey,
    MeritAssessment,
)
from abdi.insights.selectors.engagement import engagement_result
from abdi.insights.selectors.merit import merit_result
from abdi.insights.services import engagement as services
from abdi.insights.services.merit import merit_start
from abdi.testing import make_employee

YEAR = 2025


def test_engagement_share_by_hand():
    # Answers 4, 5, 3, 4 → mean 4 → (4 − 1) / 4 = 0.75
    assert rules.engagement_share(16, 4) == D("0.75")
    assert rules.engagement_share(5, 5) == D("0")  # all "strongly disagree"
    assert rules.engagement_share(25, 5) == D("1")
    assert rules.engagement_share(0, 0) is None


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ({"A": 10, "B": 8}, {"A", "B"}),
        # B alone is withheld: A would reveal it by subtraction from the total → A too
        ({"A": 10, "B": 2}, set()),
        # B and C withheld together have 7 ≥ 5: A may show
        ({"A": 10, "B": 3, "C": 4}, {"A"}),
        # C (3) withheld; B (7) is the smallest shown and goes too: B + C = 10 ≥ 5
        ({"A": 10, "B": 7, "C": 3}, {"A"}),
        ({"A": 4}, set()),
    ],
)
def test_shown_groups(counts, shown):
    assert rules.shown_groups(counts, 5) == shown


def test_no_column_links_a_response_to_a_person():
    """The anonymous tables hold no account, employee or time; the participation row holds
    no answer. No history table records the respondent beside the answers."""
    response_fields = {f.name for f in EngagementResponse._meta.get_fields()}
    answer_fields = {f.name for f in EngagementAnswer._meta.get_fields()}
    assert response_fields == {"id", "survey", "org_unit", "answers"}
    assert answer_fields == {"id", "response", "question", "value"}
    assert {f.name for f in EngagementParticipation._meta.get_fields()} == {
        "id",
        "survey",
        "employee",
    }
    assert not hasattr(EngagementResponse, "history")
    assert not hasattr(EngagementAnswer, "history")
    # Random keys: the order of responses does not follow the order of participations.
    assert EngagementResponse._meta.pk.get_internal_type() == "UUIDField"


def answer_all(survey, user, value):
    values = {q.pk: value for q in survey.questions.all()}
    services.engagement_answer(actor=user, survey=survey, values=values)


@pytest.fixture
def survey(personas):
    return services.engagement_open(actor=personas.admin, year=YEAR)


@pytest.mark.django_db
def test_one_answer_per_employee_and_nothing_half_written(personas, survey):
    p = personas
    answer_all(survey, p.employee.user, 4)
    with pytest.raises(ValidationError, match="sudah mengisi"):
        answer_all(survey, p.employee.user, 5)
    # An incomplete set of answers is refused whole.
    first = survey.questions.order_by("order").first()
    with pytest.raises(ValidationError):
        services.engagement_answer(actor=p.colleague.user, survey=survey, values={first.pk: 4})
    with pytest.raises(ValidationError):
        answer_all(survey, p.supervisor.user, 6)
    assert EngagementParticipation.objects.count() == 1
    assert EngagementResponse.objects.count() == 1
    assert EngagementAnswer.objects.count() == survey.questions.count()
    # The response counts for the respondent's OPD (unit_a), not their own sub-unit.
    assert EngagementResponse.objects.get().org_unit == p.unit_a
    with pytest.raises(PermissionDenied):
        answer_all(survey, p.nobody, 3)


@pytest.mark.django_db
def test_result_withheld_below_five_then_feeds_the_merit_index(personas, survey):
    p = personas
    for person, value in [(p.employee, 5), (p.colleague, 4), (p.supervisor, 4), (p.head_a, 3)]:
        answer_all(survey, person.user, value)
    result = engagement_result(survey)
    assert result.respondents == 4
    assert result.withheld and result.share is None and result.units == []
    extra = make_employee(name="Pegawai Lima", unit=p.unit_b, username="lima")
    answer_all(survey, extra.user, 4)
    result = engagement_result(survey)
    # Answers per person 5, 4, 4, 3, 4 (every statement alike) → mean 4 → 0.75
    assert result.share == D("0.75")
    # unit_a has 4 respondents, unit_b 1: both withheld (the agency total would reveal one).
    assert [(g.name, g.share) for g in result.units] == [
        (p.unit_a.name, None),
        (p.unit_b.name, None),
    ]
    assessment = merit_start(actor=p.admin, year=YEAR)
    assert assessment.engagement is None
    services.engagement_close(actor=p.admin, survey=survey)
    survey.refresh_from_db()
    assert (survey.result, survey.respondents) == (D("0.75"), 5)
    assessment.refresh_from_db()
    assert assessment.engagement == D("0.75")
    r = merit_result(assessment)
    assert r.index == (D("0.75") * r.maturity + D("0.25") * D("0.75")).quantize(D("0.0001"))
    with pytest.raises(ValidationError, match="ditutup"):
        answer_all(survey, p.outsider.user, 4)


@pytest.mark.django_db
def test_closing_with_too_few_keeps_the_engagement_empty(personas, survey):
    answer_all(survey, personas.employee.user, 5)
    services.engagement_close(actor=personas.admin, survey=survey)
    survey.refresh_from_db()
    assert survey.result is None and survey.respondents == 1
    assert merit_start(actor=personas.admin, year=YEAR).engagement is None


@pytest.mark.django_db
def test_only_bkpsdm_opens_and_closes(personas, survey):
    with pytest.raises(PermissionDenied):
        services.engagement_open(actor=personas.leader, year=YEAR - 1)
    with pytest.raises(PermissionDenied):
        services.engagement_close(actor=personas.leader, survey=survey)
    with pytest.raises(ValidationError, match="masih dibuka"):
        services.engagement_open(actor=personas.admin, year=YEAR - 1)
    assert EngagementSurvey.objects.count() == 1
    assert not MeritAssessment.objects.exists()


@pytest.mark.django_db
def test_pages(client, personas, survey):
    p = personas
    client.force_login(p.employee.user)
    page = client.get(reverse("insights:engagement"))
    assert survey.questions.first().text in page.content.decode()
    data = {f"q{q.pk}": "4" for q in survey.questions.all()}
    client.post(reverse("insights:engagement_answer"), data)
    page = client.get(reverse("insights:engagement")).content.decode()
    assert "sudah mengisi" in page
    assert EngagementParticipation.objects.filter(employee=p.employee).exists()
    client.force_login(p.leader)
    page = client.get(reverse("insights:engagement_result", args=[YEAR])).content.decode()
    assert "setelah survei ditutup" in page  # no result while answers still come in
    services.engagement_close(actor=p.admin, survey=survey)
    page = client.get(reverse("insights:engagement_result", args=[YEAR])).content.decode()
    assert "Hasil ditahan" in page
