"""The monitoring pages' unit filter (issue 13): a searchable picker preselected with the unit
shown, its search scoped on the server ("monitor": the units one may watch; "calibration": the
units one may calibrate), not a select listing every unit. `?unit=<pk>` is read and checked by
the pages as before."""

from __future__ import annotations

import pytest
from django.urls import reverse

from abdi.org.permissions import picker_scope
from abdi.performance.testing import approved_skp_chain

pytestmark = pytest.mark.django_db


def _checked(page: str, pk: int) -> bool:
    return f'name="unit" value="{pk}" checked' in page


def test_the_scopes_are_the_pages_own_checks(personas):
    p = personas
    assert picker_scope(p.admin, "monitor") is None
    assert picker_scope(p.head_a.user, "monitor") == (p.unit_a.path,)
    assert picker_scope(p.head_b.user, "monitor") == (p.unit_b.path,)
    assert picker_scope(p.supervisor.user, "monitor") == (p.subunit_a.path,)
    assert picker_scope(p.employee.user, "monitor") == ()
    assert picker_scope(p.admin, "calibration") is None
    assert picker_scope(p.head_a.user, "calibration") == (p.unit_a.path,)
    assert picker_scope(p.employee.user, "calibration") == ()
    assert picker_scope(p.nobody, "calibration") == ()


def test_the_unit_monitor_shows_the_picker_preselected(personas, login):
    p = personas
    approved_skp_chain(p)
    client = login(p.head_a.user)
    url = reverse("performance:unit_monitor")
    page = client.get(url).content.decode()
    assert 'name="unit_picker_q"' in page and '"scope": "monitor"' in page
    assert '<select id="unit"' not in page
    assert _checked(page, p.unit_a.pk)  # the unit shown by default
    assert p.unit_b.name not in page  # another OPD is not listed
    page = client.get(url, {"unit": p.subunit_a.pk}).content.decode()
    assert _checked(page, p.subunit_a.pk) and not _checked(page, p.unit_a.pk)


def test_the_team_monitor_shows_the_picker_preselected(personas, login):
    p = personas
    approved_skp_chain(p)
    client = login(p.admin)
    url = reverse("performance:monitor")
    page = client.get(url, {"unit": p.unit_b.pk}).content.decode()
    assert '"scope": "monitor"' in page and _checked(page, p.unit_b.pk)
    assert "Tim saya / seluruh cakupan" in page  # the way back to the whole scope
    page = client.get(url).content.decode()
    assert 'name="unit_picker_q"' in page and "checked" not in page.split("unit-picker")[1][:2000]


def test_calibration_and_raters_show_the_calibration_picker(personas, login):
    p = personas
    approved_skp_chain(p)
    client = login(p.head_a.user)
    page = client.get(reverse("performance:calibration")).content.decode()
    assert '"scope": "calibration"' in page and _checked(page, p.unit_a.pk)
    assert p.unit_b.name not in page
    page = client.get(reverse("performance:raters"), {"unit": p.subunit_a.pk}).content.decode()
    assert '"scope": "calibration"' in page and _checked(page, p.subunit_a.pk)


@pytest.mark.parametrize("scope", ["monitor", "calibration"])
def test_the_search_offers_only_units_in_scope(personas, login, scope):
    p = personas
    url = reverse("org:unit_options")
    query = {"unit_picker_q": p.unit_b.name[:6], "scope": scope, "field": "unit"}
    # the head of unit A does not find unit B (another OPD), nor does its Bidang's head
    for user in (p.head_a.user, p.supervisor.user):
        assert p.unit_b.name not in login(user).get(url, query).content.decode()
    # the head of unit B and an admin do
    assert p.unit_b.name in login(p.head_b.user).get(url, query).content.decode()
    assert p.unit_b.name in login(p.admin).get(url, query).content.decode()
    # and the head of unit A finds its own
    own = {**query, "unit_picker_q": p.unit_a.name[:6]}
    assert p.unit_a.name in login(p.head_a.user).get(url, own).content.decode()


def test_a_forged_unit_outside_the_scope_is_still_refused(personas, login):
    p = personas
    approved_skp_chain(p)
    client = login(p.head_a.user)
    assert client.get(reverse("performance:unit_monitor"), {"unit": p.unit_b.pk}).status_code == 403
    assert client.get(reverse("performance:raters"), {"unit": p.unit_b.pk}).status_code == 403
    client = login(p.supervisor.user)
    assert client.get(reverse("performance:monitor"), {"unit": p.unit_b.pk}).status_code == 404
