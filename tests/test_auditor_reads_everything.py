"""The auditor (inspektorat) reads the agency-wide overviews of every module, with no action
button, and every action it posts is refused and writes nothing."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from abdi.insights.models import SnapshotRun

READ_PAGES = [
    "competency:heatmap_home",
    "learning:jp_dashboard",
    "learning:tna",
    "performance:unit_monitor",
    "insights:dashboard",
    "insights:ip_asn",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", READ_PAGES)
def test_auditor_reads_the_page_agency_wide(personas, login, name):
    response = login(personas.auditor).get(reverse(name), follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    main = body.split("<main", 1)[1]
    # Agency-wide: the page opens on the whole government, not on one leader's subtree.
    assert personas.region.name in main
    if name == "competency:heatmap_home":
        assert personas.unit_a.name in main and personas.unit_b.name in main
    # No action form: the only POST form is the language switch (and the logout).
    forms = re.findall(r'<form[^>]*method="post"[^>]*>', body)
    assert all(reverse("set_language") in f or "logout" in f for f in forms), forms


@pytest.mark.django_db
def test_a_plain_employee_still_cannot_read_them(personas, login):
    client = login(personas.employee.user)
    for name in READ_PAGES:
        assert client.get(reverse(name)).status_code in (403, 404), name


@pytest.mark.django_db
def test_auditor_cannot_refresh_snapshots(personas, login):
    client = login(personas.auditor)
    for name in ("insights:dashboard_recount", "insights:ip_asn_recompute"):
        assert client.post(reverse(name), {"year": "2026"}).status_code == 403, name
    assert not SnapshotRun.objects.exists()


@pytest.mark.django_db
def test_auditor_menu_leads_to_the_pages(personas):
    from config.navigation import navigation_for

    urls = {c.url for i in navigation_for(personas.auditor) for c in (i.children or (i,))}
    for name in (*READ_PAGES, "feedback:inbox", "feedback:scorecard", "feedback:services"):
        assert reverse(name) in urls, name
