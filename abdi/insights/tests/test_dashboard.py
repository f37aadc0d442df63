"""The leadership dashboard: snapshot figures counted by hand from the personas, the page with
its drill-down links, scope, the XLSX and the PDF."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse

from abdi.accounts.models import RoleAssignment
from abdi.employees.models import AnnualPredikat
from abdi.insights import services
from abdi.insights.models import DashboardSnapshot
from abdi.insights.services.dashboard import dashboard_refresh
from abdi.insights.tests.factories import training
from abdi.testing import formula_like_cells

YEAR = 2025
pytestmark = pytest.mark.django_db


@pytest.fixture
def snap(personas):
    p = personas
    training(p.employee, category="technical", year=YEAR, jp=24)
    AnnualPredikat.objects.create(employee=p.employee, year=YEAR, predikat="baik")
    services.ip_asn_compute(year=YEAR)
    dashboard_refresh(year=YEAR)
    return p


def test_refresh_counts_every_subtree(snap):
    p = snap
    assert set(DashboardSnapshot.objects.values_list("unit_id", flat=True)) == {
        p.region.pk,
        p.unit_a.pk,
        p.unit_b.pk,
    }
    root = DashboardSnapshot.objects.get(unit=p.region, year=YEAR).data
    f = root["figures"]
    assert f["headcount"] == 6
    assert (f["status:pns"], f["rank:IV"], f["rank:III"], f["education:S1"]) == (6, 2, 4, 6)
    # Ages on 31-12-2025: Andi 55, Dedi 56 (men 55-59); Siti 47, Rina 35, Lia 33; Budi 40.
    assert f["age:55-59:m"] == 2
    assert (f["age:45-49:f"], f["age:35-39:f"], f["age:30-34:f"], f["age:40-44:m"]) == (1, 1, 1, 1)
    # Dedi (JPT Pratama, BUP 60, born 9-1-1969) retires 1-2-2029; Andi (born 2-5-1970) in 2030,
    # beyond five years.
    assert {k: v for k, v in f.items() if k.startswith("retire:")} == {"retire:2029": 1}
    assert (f["predikat:baik"], f["jp_met"], f["ip_n"]) == (1, 1, 6)
    assert [(c["name"], c["figures"]["headcount"]) for c in root["children"]] == [
        ("Dinas Kesehatan", 4),
        ("Dinas Pendidikan", 2),
    ]
    opd = DashboardSnapshot.objects.get(unit=p.unit_a, year=YEAR).data
    assert opd["figures"]["headcount"] == 4
    assert [c["name"] for c in opd["children"]] == ["Bidang Pelayanan Kesehatan"]


def test_refresh_replaces_the_year(snap):
    dashboard_refresh(year=YEAR)
    assert DashboardSnapshot.objects.filter(year=YEAR).count() == 3


def test_page_drills_from_agency_to_opd_to_list(snap, login, django_assert_max_num_queries):
    client = login(snap.leader)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("insights:dashboard"))
    board = response.context["board"]
    assert board.unit == snap.region and board.year == YEAR
    headcount = next(s for s in board.sections if s.key == "headcount")
    dinkes = next(r for r in headcount.rows if r.label == "Dinas Kesehatan")
    assert dinkes.link == f"/insights/?unit={snap.unit_a.pk}&year={YEAR}"
    response = client.get(dinkes.link)
    board = response.context["board"]
    assert board.unit == snap.unit_a
    bidang = next(s for s in board.sections if s.key == "headcount").rows[0]
    assert bidang.link == f"/employees/?unit={snap.subunit_a.pk}"
    listing = client.get(bidang.link)
    assert listing.status_code == 200
    assert "Budi Pegawai" in listing.content.decode()
    status = next(s for s in board.sections if s.key == "status").rows[0]
    assert status.link == f"/employees/?unit={snap.unit_a.pk}&status=pns"


def test_opd_leader_sees_the_opd_only(snap, login):
    RoleAssignment.objects.filter(user=snap.leader).update(org_unit=snap.unit_a)
    client = login(snap.leader)
    assert client.get(reverse("insights:dashboard")).context["board"].unit == snap.unit_a
    assert client.get(reverse("insights:dashboard"), {"unit": snap.region.pk}).status_code == 404
    assert client.get(reverse("insights:dashboard"), {"unit": snap.unit_b.pk}).status_code == 404


def test_page_without_snapshot_says_so(personas, login):
    response = login(personas.admin).get(reverse("insights:dashboard"))
    assert "belum dihitung" in response.content.decode()


def test_xlsx_is_formula_safe(snap, login):
    from openpyxl import load_workbook

    # A unit name a spreadsheet would run as a formula.
    from abdi.org.models import OrgUnit

    OrgUnit.objects.filter(pk=snap.subunit_a.pk).update(name="=HYPERLINK(1)")
    dashboard_refresh(year=YEAR)
    response = login(snap.admin).get(reverse("insights:dashboard_xlsx"), {"unit": snap.unit_a.pk})
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    assert "Ringkasan" in workbook.sheetnames
    values = [c.value for ws in workbook for row in ws.iter_rows() for c in row]
    assert 4 in values  # the OPD's headcount
    assert "=HYPERLINK(1)" in [c.value for c in formula_like_cells(workbook)]


def test_pdf(snap, login):
    response = login(snap.leader).get(reverse("insights:dashboard_pdf"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_recount_request(snap, login, django_capture_on_commit_callbacks):
    client = login(snap.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("insights:dashboard_recount"), {"year": YEAR})
    assert response.status_code == 302
    from abdi.insights.models import SnapshotRun

    assert SnapshotRun.objects.get(kind="dashboard").status == "done"


def test_summary_api(snap, login, django_assert_max_num_queries):
    client = login(snap.leader)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("api-insights-summary"), {"unit": snap.unit_b.pk})
    body = response.json()
    assert (body["unit"], body["period"], body["periods"]) == (snap.unit_b.pk, YEAR, [YEAR])
    assert body["figures"]["headcount"] == 2
    assert {s["key"] for s in body["sections"]} >= {"headcount", "ip_asn", "retirements"}
    assert client.get(reverse("api-insights-summary"), {"period": "x"}).status_code == 400
    RoleAssignment.objects.filter(user=snap.leader).update(org_unit=snap.unit_a)
    client = login(snap.leader)
    assert client.get(reverse("api-insights-summary"), {"unit": snap.unit_b.pk}).status_code == 404
    assert login(snap.employee.user).get(reverse("api-insights-summary")).status_code == 403


def test_talent_pool_and_succession_coverage(personas):
    from abdi.insights.selectors.dashboard import build
    from abdi.talent.models import Successor

    p = personas
    # Critical by default: the two JPT Pratama posts and the Administrator post (unit_a's
    # sub-unit). The supervisor is ready now for unit_a's head post; the colleague in 1–2 years.
    Successor.objects.create(
        position=p.head_position_a, employee=p.supervisor, readiness="ready_now"
    )
    Successor.objects.create(
        position=p.head_position_b, employee=p.colleague, readiness="one_two_years"
    )
    dashboard_refresh(year=YEAR)
    root = DashboardSnapshot.objects.get(unit=p.region, year=YEAR)
    f = root.data["figures"]
    assert (f["critical"], f["critical_ready"]) == (3, 1)
    section = next(s for s in build(root).sections if s.key == "talent")
    rows = {r.label: r.values for r in section.rows}
    assert rows[p.unit_a.name] == [0, 2, 1]
    assert rows[p.unit_b.name] == [0, 1, 0]
    assert "1 dari 3 jabatan" in section.note
