"""The org chart: units with their heads (acting officials included) and subtree headcounts, in
a fixed number of queries, opened on the viewer's scope; a unit outside it is a 404."""

import datetime as dt

import pytest
from django.urls import reverse

from abdi.employees.models import ActingAssignment, Employee
from abdi.employees.selectors.orgchart import default_chart_unit, org_chart
from abdi.org.models import OrgUnit, Position
from config.navigation import navigation_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 8, 20)


def _names(node):
    return [c.unit.name for c in node.children]


def test_chart_of_the_region_has_heads_and_headcounts(personas, django_assert_max_num_queries):
    region = OrgUnit.objects.get(pk=personas.region.pk)
    with django_assert_max_num_queries(5):
        root = org_chart(region, on=TODAY)
    assert root.headcount == 6  # 4 in Dinas Kesehatan (with its division), 2 in Pendidikan
    assert _names(root) == ["Dinas Kesehatan", "Dinas Pendidikan"]
    dinkes, disdik = root.children
    assert (dinkes.headcount, dinkes.head.name, dinkes.acting) == (4, "Andi Kepala", "")
    assert dinkes.head_position.name == "Kepala Dinas Kesehatan"
    assert (disdik.headcount, disdik.head.name) == (2, "Dedi Kepala")
    [division] = dinkes.children
    assert (division.unit.name, division.headcount, division.head.name) == (
        "Bidang Pelayanan Kesehatan",
        3,
        "Siti Atasan",
    )
    assert root.head is None and root.head_position is None  # the region has no head position


def test_acting_official_stands_in_and_a_vacancy_shows(personas):
    head_b = Employee.objects.get(pk=personas.head_b.pk)
    head_b.is_active = False
    head_b.save(update_fields=["is_active"])
    region = OrgUnit.objects.get(pk=personas.region.pk)
    disdik = next(n for n in org_chart(region, on=TODAY).children if n.unit.code == "DISDIK")
    assert disdik.head is None and disdik.vacant and disdik.headcount == 1
    ActingAssignment.objects.create(
        employee=personas.outsider,
        position=Position.objects.get(code="DISDIK-KADIS"),
        kind="plt",
        start_date=dt.date(2026, 7, 1),
        end_date=dt.date(2026, 12, 31),
    )
    disdik = next(n for n in org_chart(region, on=TODAY).children if n.unit.code == "DISDIK")
    assert (disdik.head.name, disdik.acting, disdik.vacant) == ("Lia Luar", "Plt", False)
    # Outside the assignment's dates the post is vacant again.
    after = next(
        n for n in org_chart(region, on=dt.date(2027, 1, 5)).children if n.unit.code == "DISDIK"
    )
    assert after.head is None


def test_chart_opens_on_the_viewers_scope(personas):
    assert default_chart_unit(personas.admin).pk == personas.region.pk
    assert default_chart_unit(personas.operator).pk == personas.unit_a.pk
    # A plain employee of a division: their OPD.
    assert default_chart_unit(personas.employee.user).pk == personas.unit_a.pk
    assert default_chart_unit(personas.nobody) is None


def test_chart_page_scoped_and_in_the_menu(personas, login):
    url = reverse("employees:org_chart")
    client = login(personas.employee.user)
    page = client.get(url).content.decode()
    assert "Dinas Kesehatan" in page and "Andi Kepala" in page and "Siti Atasan" in page
    assert "Dinas Pendidikan" not in page
    assert client.get(url, {"unit": personas.unit_b.pk}).status_code == 404
    assert client.get(url, {"unit": "x"}).status_code == 404
    sub = client.get(url, {"unit": personas.subunit_a.pk}).content.decode()
    assert "Bidang Pelayanan Kesehatan" in sub and 'href="/org-chart/?unit=' in sub
    assert login(personas.admin).get(url, {"unit": personas.unit_b.pk}).status_code == 200
    labels = [c.label for i in navigation_for(personas.employee.user) for c in i.children]
    assert "Bagan organisasi" in labels
    nobody = [c.label for i in navigation_for(personas.nobody) for c in i.children]
    assert "Bagan organisasi" not in nobody
    assert "tidak terhubung dengan unit kerja" in login(personas.nobody).get(url).content.decode()
