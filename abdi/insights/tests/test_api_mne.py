"""The merit-assessment and programme APIs: the same figures and scope as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from abdi.insights.services import programmes as ps
from abdi.insights.services.merit import merit_start

pytestmark = pytest.mark.django_db


def test_merit_assessments(client, personas):
    p = personas
    assessment = merit_start(actor=p.admin, year=2025)
    client.force_login(p.auditor)
    rows = client.get(reverse("api-merit-list")).json()
    assert [r["year"] for r in rows] == [2025]
    assert rows[0]["status"] == "draft" and len(rows[0]["aspects"]) == 8
    detail = client.get(reverse("api-merit-detail", args=[2025])).json()
    assert len(detail["answers"]) == assessment.answers.count()
    codes = [a["code"] for a in detail["answers"]]
    assert codes[0] == "A1.1" and all(
        a["evidence"] or a["measure"] == "manual" for a in detail["answers"]
    )
    assert client.get(reverse("api-merit-detail", args=[2019])).status_code == 404
    client.force_login(p.employee.user)
    assert client.get(reverse("api-merit-list")).status_code == 403


def test_programmes(client, personas, django_assert_max_num_queries):
    p = personas
    for n in range(3):
        programme = ps.programme_save(
            actor=p.admin, name=f"Program {n}", org_unit=p.unit_a, start_year=2025, end_year=2026
        )
        ind = ps.indicator_add(
            actor=p.admin, programme=programme, name="Modul", targets={2025: D(4), 2026: D(8)}
        )
        ps.value_record(actor=p.admin, indicator=ind, year=2025, value=D(3), evidence="SK")
        ps.budget_set(actor=p.admin, programme=programme, year=2025, planned=D(100), spent=D(40))
        rec = ps.recommendation_add(
            actor=p.admin,
            programme=programme,
            text="R",
            owner=p.head_a.user,
            due_on=dt.date(2025, 6, 1),
        )
        ps.recommendation_follow_up(
            actor=p.head_a.user, recommendation=rec, note="Mulai", status="in_progress"
        )
    client.force_login(p.leader)
    with django_assert_max_num_queries(15):
        data = client.get(reverse("api-programme-list")).json()
    assert data["count"] == 3
    first = data["results"][0]
    assert [t["target"] for t in first["indicators"][0]["targets"]] == ["4.00", "8.00"]
    assert first["indicators"][0]["values"][0]["value"] == "3.00"
    assert first["budgets"] == [{"year": 2025, "planned": "100.00", "spent": "40.00"}]
    assert first["recommendations"][0]["status"] == "in_progress"
    assert first["recommendations"][0]["follow_ups"][0]["note"] == "Mulai"
    client.force_login(p.employee.user)
    assert client.get(reverse("api-programme-list")).status_code == 403
    assert client.get(reverse("api-programme-detail", args=[first["id"]])).status_code == 404
