"""The SKP list's unit filter (issue 13): a searchable picker over the units whose SKPs the user
may see, scoped on the server (org picker scope "skp"), not a select of every unit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from abdi.org.permissions import picker_scope
from abdi.performance import services
from abdi.performance.permissions import skp_unit_paths
from abdi.performance.testing import approved_skp_chain

pytestmark = pytest.mark.django_db


def test_the_units_whose_skps_a_user_may_see(personas):
    p = personas
    assert skp_unit_paths(p.admin) is None
    assert skp_unit_paths(p.auditor) is None
    assert skp_unit_paths(p.leader) is None  # an agency-wide leader
    assert skp_unit_paths(p.operator) == (p.unit_a.path,)
    # the supervisor: the unit of the positions below theirs, which is also their own
    assert skp_unit_paths(p.supervisor.user) == (p.subunit_a.path,)
    # the head of unit A: their own unit covers the sub-unit of the positions below
    assert skp_unit_paths(p.head_a.user) == (p.unit_a.path,)
    assert skp_unit_paths(p.employee.user) == (p.subunit_a.path,)
    assert skp_unit_paths(p.outsider.user) == (p.unit_b.path,)
    assert skp_unit_paths(p.nobody) == ()


def test_the_picker_scope_skp_is_the_same_on_the_server(personas):
    p = personas
    assert picker_scope(p.supervisor.user, "skp") == (p.subunit_a.path,)
    assert picker_scope(p.admin, "skp") is None


def test_the_list_shows_a_searchable_picker_not_every_unit(personas, login):
    p = personas
    page = login(p.supervisor.user).get(reverse("performance:skp_list")).content.decode()
    assert 'name="unit_picker_q"' in page
    assert '"scope": "skp"' in page
    # no select listing the units: unit B is nowhere on the supervisor's page
    assert p.unit_b.name not in page


def test_the_search_offers_only_units_in_scope(personas, login):
    p = personas
    url = reverse("org:unit_options")
    page = (
        login(p.supervisor.user)
        .get(url, {"unit_picker_q": p.unit_b.name[:6], "scope": "skp", "field": "unit"})
        .content.decode()
    )
    assert p.unit_b.name not in page
    page = (
        login(p.admin)
        .get(url, {"unit_picker_q": p.unit_b.name[:6], "scope": "skp", "field": "unit"})
        .content.decode()
    )
    assert p.unit_b.name in page


def test_filtering_by_a_unit_and_clearing_it(personas, login):
    p = personas
    approved_skp_chain(p)
    services.skp_create(actor=p.outsider.user, employee=p.outsider, year=2026)
    client = login(p.admin)
    url = reverse("performance:skp_list")
    page = client.get(url, {"unit": p.unit_b.pk}).content.decode()
    assert p.outsider.name in page and p.employee.name not in page
    assert "Semua unit" in page  # the way back to every unit
    page = client.get(url).content.decode()
    assert p.outsider.name in page and p.employee.name in page


def test_a_unit_outside_the_scope_filters_nothing_and_shows_nothing_more(personas, login):
    p = personas
    approved_skp_chain(p)
    services.skp_create(actor=p.outsider.user, employee=p.outsider, year=2026)
    response = login(p.supervisor.user).get(reverse("performance:skp_list"), {"unit": p.unit_b.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert p.outsider.name not in page  # the list stays scoped by skps_visible_to
    assert p.employee.name in page  # the forged filter is ignored (a form error)
