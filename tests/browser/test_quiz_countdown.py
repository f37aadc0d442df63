"""The quiz countdown in a real browser: a timed attempt shows the time left, warns in its last
minute and hands the quiz in by itself when the time is up, with the answer chosen on the page.
Without JavaScript the page shows the deadline's clock time and the server decides."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from abdi.learning.models import QuizAttempt
from abdi.learning.rules import DEADLINE_GRACE
from abdi.learning.services import elearning as s
from tests.browser.test_elearning_journey import published_course

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_countdown_warns_then_submits(page, live_server, personas_live, sign_in):
    p = personas_live
    course = published_course(p.admin)
    quiz = course.quizzes.get()
    quiz.time_limit_minutes = 5
    quiz.pass_mark = 50
    quiz.save()
    s.enrol(actor=p.employee.user, course=course)
    for module in list(course.modules.order_by("order"))[:2]:
        s.module_complete(actor=p.employee.user, module=module)
    quiz_module = course.modules.get(quiz=quiz)
    attempt = s.quiz_attempt_start(actor=p.employee.user, module=quiz_module)
    sign_in(p.employee.user.username)
    # Ten seconds left: inside the last minute from the start.
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() + dt.timedelta(seconds=10)
    )
    page.goto(f"{live_server.url}/e-learning/percobaan/{attempt.pk}/")
    timer = page.locator("[data-quiz-timer]")
    expect(timer).to_be_visible()
    assert re.fullmatch(r"0:(0\d|10)", timer.locator("[data-timer-clock]").inner_text())
    expect(page.locator("#quiz-timer-alert")).to_contain_text("kurang dari 1 menit")
    page.get_by_label("BerAKHLAK").check()  # chosen just before the end (saved with the submit)
    # Handed in by the page at zero, with that answer: a pass (1 of 2 right, pass mark 50), which
    # completes the course, so the learner lands on the course page.
    page.wait_for_url(re.compile(rf"/e-learning/kursus/{course.pk}/$"), timeout=30_000)
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert attempt.submitted_at <= attempt.deadline + DEADLINE_GRACE
    assert attempt.score == 50 and attempt.passed


def test_without_javascript_the_deadline_is_shown_and_no_timer(
    browser, live_server, personas_live, password
):
    p = personas_live
    course = published_course(p.admin)
    quiz = course.quizzes.get()
    quiz.time_limit_minutes = 5
    quiz.save()
    s.enrol(actor=p.employee.user, course=course)
    for module in list(course.modules.order_by("order"))[:2]:
        s.module_complete(actor=p.employee.user, module=module)
    attempt = s.quiz_attempt_start(actor=p.employee.user, module=course.modules.get(quiz=quiz))
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", p.employee.user.username)
        page.fill("#id_password", password)
        page.get_by_role("button", name="Masuk").click()
        page.goto(f"{live_server.url}/e-learning/percobaan/{attempt.pk}/")
        assert "kumpulkan sebelum pukul" in page.content()
        assert not page.locator("[data-quiz-timer]").is_visible()
        page.get_by_label("BerAKHLAK").check()
        page.once("dialog", lambda dialog: dialog.accept())  # "answers cannot change"
        page.get_by_role("button", name="Kumpulkan").click()
        page.wait_for_selector("#result")
    finally:
        context.close()
