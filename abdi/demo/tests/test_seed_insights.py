"""seed_demo's insights data (issue 12): IP ASN for every active employee in two years and the
leadership dashboard snapshots of both years, so trends show."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from abdi.employees.models import Employee
from abdi.insights.models import DashboardSnapshot, IpAsnScore
from abdi.org.models import OrgUnit

TODAY = dt.date(2026, 8, 20)


@pytest.mark.django_db
def test_two_years_of_ip_asn_and_dashboard_snapshots():
    out = StringIO()
    call_command(
        "seed_demo", employees=120, seed=3, password="demo-pass-123", today=TODAY, stdout=out
    )
    assert "dashboard snapshots" in out.getvalue()
    active = Employee.objects.filter(is_active=True).count()
    for year in (2025, 2026):
        assert IpAsnScore.objects.filter(year=year).count() == active
    root = OrgUnit.objects.get(depth=1)
    assert set(DashboardSnapshot.objects.filter(unit=root).values_list("year", flat=True)) == {
        2025,
        2026,
    }
    snapshot = DashboardSnapshot.objects.get(unit=root, year=2026)
    assert snapshot.data["figures"]["headcount"] == active
    assert snapshot.data["figures"]["ip_n"] == active
    from abdi.insights.models import MeritAssessment

    assert dict(MeritAssessment.objects.values_list("year", "status")) == {
        2025: "verified",
        2026: "draft",
    }
    from abdi.insights.models import EngagementSurvey, Programme, Recommendation

    # Last year's engagement survey closed with its result in last year's merit assessment;
    # this year's open.
    survey = EngagementSurvey.objects.get(year=2025)
    assert survey.status == "closed" and survey.respondents >= 5
    assert MeritAssessment.objects.get(year=2025).engagement == survey.result
    assert EngagementSurvey.objects.get(year=2026).status == "open"
    # Three programmes: JP-bound (measured), IKM-bound and manual; recommendations in every
    # state, one overdue.
    assert Programme.objects.count() == 3
    measures = set(
        Programme.objects.values_list("indicators__measure", flat=True).exclude(
            indicators__isnull=True
        )
    )
    assert {"jp_category", "ikm", "manual"} <= measures
    assert set(Recommendation.objects.values_list("status", flat=True)) == {
        "open",
        "in_progress",
        "closed",
    }
    assert Recommendation.objects.filter(due_on__lt=TODAY).exclude(status="closed").exists()
