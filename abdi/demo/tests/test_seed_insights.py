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
