"""Browser tests: Playwright (sync API) driving Debian's headless chromium against live_server.

Without /usr/bin/chromium the tests are skipped, unless ABDI_REQUIRE_BROWSER=1 (CI), where a missing
browser is a failure. A failing test leaves a full-page screenshot in test-artifacts/.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django then refuses ORM calls from
# "async context" unless told that this is fine (it is: the loop belongs to Playwright).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("ABDI_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# Module scope: Playwright's event loop must not outlive the browser tests, or the database
# tests that follow in the same process would run "inside" it.
@pytest.fixture(scope="module")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        if os.environ.get("ABDI_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and ABDI_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django keeps its connections per thread or, inside a running event loop, per context.
    # Playwright's loop makes the tests see fresh connection objects, which lack the snapshot
    # that serialized_rollback restores the reference data from: hand it over.
    snapshots = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            if snapshot and not getattr(connections[alias], "_test_serialized_contents", None):
                connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(
        locale="id-ID", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        # the page may be gone; the test's report matters more than the picture
        with contextlib.suppress(Exception):
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def personas_live(django_db_serialized_rollback, transactional_db):
    """The shared test personas, committed so that the live server's thread sees them."""
    from abdi.testing import build_personas

    return build_personas()


@pytest.fixture
def sign_in(page, live_server, password):
    """sign_in(username) logs in through the real login form."""

    def _sign_in(username: str):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, page.locator(".alert").all_inner_texts()

    return _sign_in


@pytest.fixture
def sign_out(page, live_server):
    def _sign_out():
        page.context.clear_cookies()

    return _sign_out
