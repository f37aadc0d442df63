"""IP ASN pages and API: figures, scope, bounded queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from abdi.accounts.models import RoleAssignment
from abdi.employees.models import AnnualPredikat
from abdi.insights import services
from abdi.insights.tests.factories import training

YEAR = 2025
pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(personas):
    p = personas
    training(p.employee, category="technical", year=YEAR, jp=24)
    AnnualPredikat.objects.create(employee=p.employee, year=YEAR, predikat="baik")
    services.ip_asn_compute(year=YEAR - 1)
    services.ip_asn_compute(year=YEAR)
    return p


def test_unit_page_for_the_leader(scored, login):
    response = login(scored.leader).get(reverse("insights:ip_asn"))
    assert response.status_code == 200
    data = response.context["data"]
    assert data.unit == scored.region
    assert data.year == YEAR
    assert data.count == 6
    # employee: 15 + 22.5 + 25 + 5 = 67.5; the other five: 15 + 5 = 20 → mean 26.25
    assert str(data.mean) == "27.92"  # (67.5 + 5 × 20) / 6 = 27.9166…
    assert [c["unit"].name for c in data.children] == ["Dinas Kesehatan", "Dinas Pendidikan"]
    assert [y for y, _m in data.trend] == [YEAR - 1, YEAR]
    lowest, tips = data.lowest[-1]
    assert lowest.employee == scored.employee
    assert "Seminar/lokakarya/kursus: +17,5" in tips
    content = response.content.decode()
    assert "Nilai terendah" in content


def test_suggestion_says_how_many_jp(scored, login):
    response = login(scored.leader).get(reverse("insights:ip_asn"), {"unit": scored.unit_b.pk})
    lowest = response.context["data"].lowest
    by_name = {s.employee.name: tips for s, tips in lowest}
    # Dedi (JPT Pratama, no JP): leadership +15, 20 JP +15; Lia (Pelaksana): 20 JP +22,5
    assert by_name["Dedi Kepala"][:2] == [
        "Pelatihan kepemimpinan sesuai jabatan: +15",
        "20 JP lagi tahun ini: +15",
    ]
    assert by_name["Lia Luar"][0] == "20 JP lagi tahun ini: +22,5"


def test_a_leader_of_one_opd_sees_only_it(scored, login):
    RoleAssignment.objects.filter(user=scored.leader).update(org_unit=scored.unit_a)
    client = login(scored.leader)
    response = client.get(reverse("insights:ip_asn"))
    assert response.context["data"].unit == scored.unit_a
    assert response.context["data"].count == 4
    assert client.get(reverse("insights:ip_asn"), {"unit": scored.unit_b.pk}).status_code == 404


def test_unit_page_queries_are_bounded(scored, login, django_assert_max_num_queries):
    client = login(scored.admin)
    with django_assert_max_num_queries(25):
        client.get(reverse("insights:ip_asn"))


def test_employee_sees_own_breakdown(scored, login):
    client = login(scored.employee.user)
    response = client.get(reverse("insights:my_ip_asn"), follow=True)
    data = response.context["data"]
    assert data.score.total == 67.5
    assert [line[2] for line in data.lines] == [15, 22.5, 25, 5]
    assert "24 JP tahun 2025" in data.lines[1][1]
    assert (
        client.get(reverse("insights:employee_ip_asn", args=[scored.outsider.nip])).status_code
        == 404
    )


def test_api_employee_ip_asn(scored, login):
    response = login(scored.employee.user).get(
        reverse("api-employee-ip-asn", args=[scored.employee.nip])
    )
    assert response.status_code == 200
    body = response.json()
    assert [r["year"] for r in body] == [YEAR, YEAR - 1]
    assert body[0]["total"] == "67.50"
    assert "Seminar/lokakarya/kursus: +17,5" in body[0]["suggestions"]


def test_api_list_is_scoped_paginated_and_bounded(scored, login, django_assert_max_num_queries):
    client = login(scored.employee.user)
    response = client.get(reverse("api-ip-asn-list"))
    assert [r["nip"] for r in response.json()["results"]] == [scored.employee.nip]
    client = login(scored.admin)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("api-ip-asn-list"), {"year": YEAR, "unit": scored.unit_a.pk})
    assert response.json()["count"] == 4
    assert client.get(reverse("api-ip-asn-list"), {"year": "x"}).status_code == 400


def test_recompute_button(scored, login, django_capture_on_commit_callbacks):
    client = login(scored.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("insights:ip_asn_recompute"), {"year": YEAR})
    assert response.status_code == 302
    response = client.post(reverse("insights:ip_asn_recompute"), {"year": "1999"}, follow=True)
    assert "Tahun harus antara" in response.content.decode()


def test_unit_figures_from_snapshots_agree_with_counting(scored):
    from abdi.insights.models import IpAsnScore
    from abdi.insights.selectors.ip_asn import unit_ip_asn
    from abdi.insights.services.dashboard import dashboard_refresh

    live = unit_ip_asn(IpAsnScore.objects.all(), scored.unit_a, YEAR)
    dashboard_refresh(year=YEAR - 1)
    dashboard_refresh(year=YEAR)
    snap = unit_ip_asn(IpAsnScore.objects.all(), scored.unit_a, YEAR)
    assert (snap.count, snap.mean, snap.distribution) == (live.count, live.mean, live.distribution)
    assert [(c["unit"], c["count"], c["mean"]) for c in snap.children] == [
        (c["unit"], c["count"], c["mean"]) for c in live.children
    ]
    assert snap.trend == live.trend
    assert [s.pk for s, _t in snap.lowest] == [s.pk for s, _t in live.lowest]
