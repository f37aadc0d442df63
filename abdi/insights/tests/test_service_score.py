"""The unit service composite: worked by hand from the agency's weights (data), computed from a
unit's complaints and its employees' predikats, recorded with the unit's organisational
predikat, offered in the calibration, and its API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from abdi.employees.models import AnnualPredikat
from abdi.feedback.models import Complaint
from abdi.insights import rules
from abdi.insights.models import ServiceScoreRecord, ServiceScoreWeight
from abdi.insights.selectors.service_score import service_score, service_weights

YEAR = 2025
WEIGHTS = {
    "on_time": D("0.25"),
    "rating": D("0.15"),
    "not_reopened": D("0.10"),
    "ikm": D("0.30"),
    "ikm_trend": D("0.05"),
    "skp": D("0.15"),
}
_codes = count(1)


def test_composite_by_hand():
    # No IKM yet: the four known components, their weights (0.65) scaled to 1:
    # (0.25×75 + 0.15×75 + 0.10×75 + 0.15×50) / 0.65 = 45 / 0.65 = 69.23
    components = {
        "on_time": D(75),
        "rating": D(75),
        "not_reopened": D(75),
        "ikm": None,
        "ikm_trend": None,
        "skp": D(50),
    }
    assert rules.service_composite(components, WEIGHTS) == D("69.23")
    # With an IKM of 85 that rose from 83 (trend 50 + 5×2 = 60):
    # (18.75 + 11.25 + 7.5 + 0.30×85 + 0.05×60 + 7.5) / 1 = 73.5
    assert rules.ikm_trend_component(D(85), D(83)) == D(60)
    components.update(ikm=D(85), ikm_trend=D(60))
    assert rules.service_composite(components, WEIGHTS) == D("73.50")
    # Fewer than two known components: no score.
    assert rules.service_composite({"on_time": D(90)}, WEIGHTS) is None


def test_component_scales():
    assert rules.rating_component(D(1)) == 0 and rules.rating_component(D(5)) == 100
    assert rules.reopened_component(1, 4) == D(75)
    assert rules.ikm_trend_component(D(70), D(90)) == 0  # capped at 0
    assert rules.ikm_trend_component(D(99), D(80)) == 100  # capped at 100


def complaint(unit, *, on_time: bool, rating=None, reopened=0):
    received = timezone.make_aware(dt.datetime(YEAR, 3, 1, 9))
    due = received + dt.timedelta(days=5)
    n = next(_codes)
    return Complaint.objects.create(
        tracking_code=f"UJI-{n:05d}",
        kind="complaint",
        org_unit=unit,
        title=f"Pengaduan {n}",
        description="Uraian",
        received_at=received,
        verification_due=received + dt.timedelta(days=3),
        follow_up_due=due,
        followed_up_at=due - dt.timedelta(days=1) if on_time else due + dt.timedelta(days=2),
        rating=rating,
        reopen_count=reopened,
    )


@pytest.fixture
def unit_data(personas):
    p = personas
    # unit_a and its sub-unit: 3 of 4 followed up on time, ratings 5 and 3, 1 reopened.
    complaint(p.unit_a, on_time=True, rating=5)
    complaint(p.subunit_a, on_time=True, rating=3)
    complaint(p.unit_a, on_time=True, reopened=1)
    complaint(p.unit_a, on_time=False)
    complaint(p.unit_b, on_time=False, rating=1)  # another unit: not counted
    AnnualPredikat.objects.create(employee=p.employee, year=YEAR, predikat="baik")
    AnnualPredikat.objects.create(employee=p.colleague, year=YEAR, predikat="kurang")
    return p


@pytest.mark.django_db
def test_weights_are_data_with_their_source():
    rows = ServiceScoreWeight.objects.all()
    assert {r.component: r.weight for r in rows} == WEIGHTS
    assert all(r.source and r.confidence == "m" for r in rows)
    assert service_weights(dt.date(YEAR, 12, 31)) == WEIGHTS


@pytest.mark.django_db
def test_score_of_a_unit(unit_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        result = service_score(unit_data.unit_a, YEAR)
    values = {c.code: c.value for c in result.components}
    assert values == {
        "on_time": D("75.00"),
        "rating": D("75.00"),
        "not_reopened": D("75.00"),
        "ikm": None,
        "ikm_trend": None,
        "skp": D("50.00"),
    }
    assert result.score == D("69.23")


@pytest.mark.django_db
def test_recorded_with_the_org_predikat_and_offered_in_calibration(unit_data, client):
    from abdi.performance import services as perf_services
    from abdi.performance.testing import open_year

    p = unit_data
    perf_year = open_year(p.admin, year=YEAR, cadence="semester")
    period = perf_year.periods.get(kind="year")
    row = perf_services.org_predikat_record(
        actor=p.admin, org_unit=p.unit_a, period=period, predikat="baik", basis="LHE 2025"
    )
    record = ServiceScoreRecord.objects.get(org_predikat=row)
    assert record.year == YEAR and record.score == D("69.23")
    assert record.components["on_time"]["value"] == "75.00"
    client.force_login(p.admin)
    page = client.get(reverse("performance:calibration_unit", args=[p.unit_a.pk, period.code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Skor layanan unit" in html and "69,23" in html


@pytest.mark.django_db
def test_api_and_page_scope(unit_data, client):
    p = unit_data
    url = reverse("api-org-unit-service-score", args=[p.unit_a.pk])
    client.force_login(p.leader)
    data = client.get(url, {"year": YEAR}).json()
    assert data["score"] == "69.23" and data["unit"] == p.unit_a.pk
    assert {c["code"]: c["value"] for c in data["components"]}["skp"] == "50.00"
    assert client.get(url, {"year": "abc"}).status_code == 400
    client.force_login(p.employee.user)
    assert client.get(url).status_code == 403
    page = reverse("insights:service_score", args=[p.unit_a.pk])
    client.force_login(p.admin)
    assert "69,23" in client.get(page, {"year": YEAR}).content.decode().replace(".", ",")


@pytest.mark.django_db
def test_shown_on_the_unit_page_to_viewers_in_scope(unit_data, client):
    p = unit_data
    url = reverse("org:unit_detail", args=[p.unit_a.pk])
    client.force_login(p.leader)
    html = client.get(url).content.decode()
    assert "Skor layanan unit" in html
    assert reverse("insights:service_score", args=[p.unit_a.pk]) in html
    client.force_login(p.employee.user)
    assert "Skor layanan unit" not in client.get(url).content.decode()
