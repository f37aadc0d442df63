"""Issue 14, finding 5: the pages pass the Content-Security-Policy — no violation in the console
while an admin signs in through the real form and opens pages that used inline scripts before
(charts, HTMX filters, the correction form, the programme form), and a citizen opens a survey."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_no_csp_violation_on_pages(page, live_server, personas_live, sign_in, sign_out):
    from abdi.feedback.testing import build_feedback_personas
    from abdi.feedback.tests.test_surveys_services import make_survey

    survey = make_survey(build_feedback_personas(personas_live))
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.goto(f"{live_server.url}{reverse('public:survey_form', args=[survey.code])}")
    sign_in(personas_live.admin.username)
    for url in (
        reverse("home"),
        reverse("employees:list"),
        reverse("employees:detail", args=[personas_live.employee.nip]),
        reverse("feedback:survey_result", args=[survey.pk]),
        reverse("performance:unit_monitor"),
        reverse("learning:catalogue"),
        reverse("learning:programme_create"),
        reverse("org:tree"),
    ):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
    # A behaviour that used to be inline: the language switch submits on change.
    # The submit is started by a change listener, after select_option returns: wait for the
    # navigation it starts, not for the load state of the page already shown.
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # An employee's correction form: the current value of the chosen field is shown by abdi.js.
    sign_out()
    sign_in(personas_live.employee.user.username)
    response = page.goto(f"{live_server.url}{reverse('employees:correction_create')}")
    assert response.status == 200
    assert page.locator("#current-value").inner_text() != ""
    assert not violations, violations
