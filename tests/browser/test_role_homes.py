"""Every demo role's Abdi: log in, the home page shows the role's real pending work
from the demo data, every menu item opens (no 403, 404 or error page), axe-core finds no serious
or critical violation on the home, the menu pages and the first detail or form page each of
them links to, and the home page and the main pages do not scroll sideways on a 390 px phone."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DEMO_PASSWORD = "demo-pass-123"
ROLES = (
    "admin",
    "operator.dinkes",
    "pimpinan",
    "auditor",
    "atasan",
    "pegawai",
    "pengaduan",
    "penghubung.puskesmas",
    "admin.layanan",
)
# Work the demo data always gives these roles (seed_demo makes it on purpose).
EXPECTED_WORK = {
    "atasan": {"training_approvals"},
    "pengaduan": {"complaints_verify"},
    "admin": {"seat_confirmations"},
}
# Grids that may scroll inside their own box at 390 px (the page itself must not).
PHONE_WIDTH = 390
AXE = Path(__file__).parent / "vendor" / "axe.min.js"  # axe-core from npm (VERSIONS.txt)


def serious_axe_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page (WCAG rules axe runs by default)."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", "))"""
    )
    return list(found)


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # axe-core goes into the page as an inline script, which the CSP refuses; the policy itself
    # is tested in test_csp.py.
    settings.ABDI_CONTENT_SECURITY_POLICY = ""
    call_command("seed_demo", employees=120, seed=42, password=DEMO_PASSWORD, stdout=StringIO())


def sign_in(page, url, username):
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, username


def menu_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "#mainnav a.nav-link[href], #mainnav a.dropdown-item[href]",
        "els => els.map(e => e.getAttribute('href'))",
    )
    return [
        h for h in dict.fromkeys(hrefs) if h and h.startswith("/") and not h.startswith("/admin")
    ]


def first_detail_link(page, checked: set[str]) -> str | None:
    """The first link in the page's main part to a page with parameters (a record's detail or
    form) of a URL pattern not checked yet: the main list, detail and form pages of every role,
    each pattern once."""
    from django.urls import Resolver404, resolve

    hrefs = page.eval_on_selector_all(
        "main a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
    )
    for href in hrefs:
        path = href.split("?")[0].split("#")[0]
        if re.search(r"\.(xlsx|pdf|csv)$|/(xlsx|pdf|download)/$", path):
            continue
        try:
            match = resolve(path)
        except Resolver404:
            continue
        name = f"{match.namespace}:{match.url_name}"
        if match.kwargs and name not in checked:
            checked.add(name)
            return href
    return None


def test_each_demo_role_home_menu_and_phone_width(demo, page, live_server):
    from abdi.accounts.models import User
    from config.home import all_work

    today = timezone.localdate()
    problems: list[str] = []
    checked: set[str] = set()  # URL patterns whose detail page axe has seen (any role)
    for username in ROLES:
        user = User.objects.get(username=username)
        expected = {w.key: w.count for w in all_work(user, today=today)}
        assert EXPECTED_WORK.get(username, set()) <= set(expected), (username, expected)

        page.set_viewport_size({"width": 1366, "height": 900})
        sign_in(page, live_server.url, username)
        page.goto(f"{live_server.url}/")
        for key, count in expected.items():
            row = page.locator(f'[data-testid="my-work"] [data-work="{key}"]')
            assert row.count() == 1, (username, key)
            assert row.locator("[data-count]").inner_text().replace(".", "") == str(count)
        if not expected:
            assert "Tidak ada yang menunggu" in page.locator('[data-testid="my-work"]').inner_text()
        if username == "pegawai":
            assert page.locator('[data-testid="my-progress"]').count() == 1
        problems += [f"{username}: home: {v}" for v in serious_axe_violations(page)]

        links = menu_links(page)
        assert links, username
        for href in links:
            response = page.goto(f"{live_server.url}{href}")
            status = response.status if response else 0
            if status >= 400:
                problems.append(f"{username}: {href} → {status}")
                continue
            text = page.locator("main").inner_text()
            if re.search(r"tidak terhubung dengan data pegawai", text):
                problems.append(f"{username}: {href} is a dead end")
            problems += [f"{username}: {href}: {v}" for v in serious_axe_violations(page)]
            detail = first_detail_link(page, checked)
            if detail:
                page.goto(f"{live_server.url}{detail}")
                problems += [f"{username}: {detail}: {v}" for v in serious_axe_violations(page)]

        page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
        for href in ["/", *links]:
            page.goto(f"{live_server.url}{href}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE_WIDTH:
                problems.append(f"{username}: {href} is {width} px wide at {PHONE_WIDTH} px")
    assert not problems, "\n".join(problems)
