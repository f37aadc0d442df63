"""No page lists the organisation in a plain select (issue 13, "pickers that scale").

A select of every unit or position is unusable with the agency's hundreds of units and
thousands of positions: such a choice is a searchable picker (org.widgets). This walks the GET
pages each persona reaches from the menu and home page (and a few pages reached by a button or
a record's link), in an agency with more than 30 OPDs, sub-units and unit-head positions, and
fails when a `<select>` offers more than MAX_OPTIONS options, unless listed in ALLOWED with the
reason."""

from __future__ import annotations

import re

import pytest
from django.urls import resolve, reverse

from abdi.org.models import OrgUnit, Position
from config.home import all_work, home_for
from config.navigation import navigation_for
from tests.test_navigation import TODAY

pytestmark = pytest.mark.django_db
MAX_OPTIONS = 30
EXTRA_UNITS = 36  # more than MAX_OPTIONS OPDs, and as many sub-units in the employee's OPD

# (URL name, the select's name): a long select on purpose, and why.
ALLOWED: dict[tuple[str, str], str] = {
    (
        "employees:list",
        "rank",
    ): "the ranks and PPPK grades: a fixed list of about 35, not the agency",
}
# Selects of every unit still to become pickers (known, listed so that no new one is added):
# none left, every one is a searchable picker now.
PENDING: dict[tuple[str, str], str] = {}

SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S | re.I)
NAME = re.compile(r"""\bname=["']([^"']*)["']""")
# Pages a button or a record's link reaches, with the personas that open them.
BUTTON_PAGES = {
    "talent:review_new": ("admin",),
    "competency:dictionary": ("admin", "operator"),
}
PERSONAS = ("employee", "supervisor", "head_a", "operator", "leader", "admin")


def grow_the_agency(personas) -> None:
    """EXTRA_UNITS OPDs under the region and as many sections in OPD A, each with a head."""
    region = OrgUnit.objects.get(pk=personas.region.pk)
    unit_a = OrgUnit.objects.get(pk=personas.unit_a.pk)
    for parent, prefix in ((region, "OPD"), (unit_a, "SEKSI")):
        for i in range(EXTRA_UNITS):
            code = f"{prefix}-{i:02d}"
            child = OrgUnit.objects.add_child(
                OrgUnit.objects.get(pk=parent.pk),
                {
                    "agency": personas.agency,
                    "code": code,
                    "name": f"{prefix.title()} Uji {i:02d}",
                    "kind": unit_a.kind,
                    "parent": parent,
                },
            )
            Position.objects.create(
                code=f"{code}-KA",
                name=f"Kepala {prefix.title()} Uji {i:02d}",
                kind="administrator",
                class_grade=9,
                org_unit=child,
                is_unit_head=True,
            )


def reachable_urls(persona, user) -> list[str]:
    """The GET pages the persona's menu and home page link to, and their button pages."""
    urls = [c.url for i in navigation_for(user) for c in (i.children or (i,))]
    home = home_for(user, today=TODAY)
    urls += [f.url for f in home.progress + home.figures + home.monitors]
    urls += [w.url for w in all_work(user, today=TODAY)]
    urls += [reverse(name) for name, who in BUTTON_PAGES.items() if persona in who]
    employee = getattr(user, "employee", None)
    if employee is not None:
        urls.append(reverse("competency:employee_gaps", args=[employee.nip]))
    return [url for url in dict.fromkeys(urls) if not url.startswith("/admin/")]


def long_selects(html: str) -> list[tuple[str, int]]:
    found = []
    for attrs, body in SELECT.findall(html):
        count = len(re.findall(r"<option\b", body, re.I))
        if count > MAX_OPTIONS:
            name = NAME.search(attrs)
            found.append((name.group(1) if name else "?", count))
    return found


def test_no_page_lists_the_organisation_in_a_plain_select(personas, client):
    grow_the_agency(personas)
    offending = []
    pages = 0
    for persona in PERSONAS:
        user = personas.user(persona)
        client.force_login(user)
        for url in reachable_urls(persona, user):
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            view = resolve(url.split("?")[0]).view_name
            for name, count in long_selects(response.content.decode()):
                if (view, name) not in ALLOWED and (view, name) not in PENDING:
                    offending.append(f"{persona}: {url} ({view}) select {name!r}: {count}")
    assert pages > 30, "the walk rendered too few pages to mean anything"
    assert not offending, (
        f"selects with more than {MAX_OPTIONS} options (use org.widgets.UnitPicker or "
        "PositionPicker, or list them in ALLOWED with the reason):\n" + "\n".join(offending)
    )
    assert all(ALLOWED.values()) and all(PENDING.values())
