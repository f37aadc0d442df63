"""Extra quiz attempts (a BKPSDM admin helps a learner who used theirs up), the course's learners
page that shows who is stuck, and the quiz page's countdown."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from abdi.core.models import Notification
from abdi.learning.models import Enrolment, QuizAttempt, QuizAttemptGrant
from abdi.learning.selectors import elearning as sel
from abdi.learning.services import elearning as s
from abdi.learning.testing import build_learning_world
from abdi.testing import make_employee


@pytest.fixture
def w(personas):
    return build_learning_world(personas)


def use_up(p, w, *, employee=None):
    """The learner reads the first module and fails every attempt the quiz allows."""
    user = (employee or p.employee).user
    s.module_complete(actor=user, module=w.module)
    for _i in range(w.quiz.max_attempts):
        attempt = s.quiz_attempt_start(actor=user, module=w.quiz_module)
        s.quiz_attempt_submit(actor=user, attempt=attempt, answers={})


def grant(p, w, **extra):
    values = {"extra": 1, "reason": "Gangguan jaringan saat ujian."} | extra
    return s.quiz_attempts_grant(actor=p.admin, enrolment=w.enrolment, quiz=w.quiz, **values)


def right(w):
    return {w.question.pk: [w.question.choices.get(is_correct=True).pk]}


# --- the service ---------------------------------------------------------------------------


def test_grant_is_recorded_audited_told_and_lets_the_learner_try_again(personas, w):
    p = personas
    use_up(p, w)
    with pytest.raises(ValidationError, match="Batas 2 percobaan"):
        s.quiz_attempt_start(actor=p.employee.user, module=w.quiz_module)
    made = grant(p, w, extra=2)
    assert (made.extra, made.granted_by, made.reason) == (
        2,
        p.admin,
        "Gangguan jaringan saat ujian.",
    )
    assert made.granted_at is not None
    record = made.history.get()
    assert record.history_user == p.admin
    assert record.history_change_reason == "Gangguan jaringan saat ujian."
    told = Notification.objects.get(user=p.employee.user, verb="quiz_attempts_granted")
    assert "2 percobaan tambahan" in told.message and "Gangguan jaringan" in told.message
    assert told.url == reverse("learning:module", args=[w.quiz_module.pk])
    assert sel.attempt_allowance(w.enrolment, w.quiz) == 4
    # two more attempts, then stuck again with the grant's total in the message
    third = s.quiz_attempt_start(actor=p.employee.user, module=w.quiz_module)
    assert third.number == 3
    s.quiz_attempt_submit(actor=p.employee.user, attempt=third, answers={})
    fourth = s.quiz_attempt_start(actor=p.employee.user, module=w.quiz_module)
    s.quiz_attempt_submit(actor=p.employee.user, attempt=fourth, answers={})
    with pytest.raises(ValidationError, match="Batas 4 percobaan"):
        s.quiz_attempt_start(actor=p.employee.user, module=w.quiz_module)
    # a second grant adds up
    grant(p, w, reason="Kedua kalinya.")
    last = s.quiz_attempt_start(actor=p.employee.user, module=w.quiz_module)
    last = s.quiz_attempt_submit(actor=p.employee.user, attempt=last, answers=right(w))
    assert last.number == 5 and last.passed
    w.enrolment.refresh_from_db()
    assert w.enrolment.completed_at is not None


def test_only_a_bkpsdm_admin_grants(personas, w):
    use_up(personas, w)
    for actor in (personas.employee.user, personas.supervisor.user, personas.operator):
        with pytest.raises(PermissionDenied):
            s.quiz_attempts_grant(
                actor=actor, enrolment=w.enrolment, quiz=w.quiz, extra=1, reason="x"
            )
    assert not QuizAttemptGrant.objects.exists()


def test_refused_while_attempts_are_left_or_one_is_running(personas, w):
    p = personas
    s.module_complete(actor=p.employee.user, module=w.module)
    with pytest.raises(ValidationError, match="masih memiliki 2 percobaan"):
        grant(p, w)
    first = s.quiz_attempt_start(actor=p.employee.user, module=w.quiz_module)
    s.quiz_attempt_submit(actor=p.employee.user, attempt=first, answers={})
    s.quiz_attempt_start(actor=p.employee.user, module=w.quiz_module)  # the last one, running
    with pytest.raises(ValidationError, match="sedang mengerjakan"):
        grant(p, w)
    assert not QuizAttemptGrant.objects.exists()
    assert not Notification.objects.filter(verb="quiz_attempts_granted").exists()


def test_refused_for_a_learner_who_passed(personas, w):
    p = personas
    s.module_complete(actor=p.employee.user, module=w.module)
    wrong = s.quiz_attempt_start(actor=p.employee.user, module=w.quiz_module)
    s.quiz_attempt_submit(actor=p.employee.user, attempt=wrong, answers={})
    passed = s.quiz_attempt_start(actor=p.employee.user, module=w.quiz_module)
    s.quiz_attempt_submit(actor=p.employee.user, attempt=passed, answers=right(w))
    with pytest.raises(ValidationError, match="sudah lulus"):
        grant(p, w)
    assert not QuizAttemptGrant.objects.exists()


def test_an_overdue_attempt_that_would_pass_counts_as_a_pass(personas, w):
    """The last attempt ran out of time with the right answer saved: it is scored (a pass), so
    no extra attempt is needed."""
    p = personas
    w.quiz.time_limit_minutes = 5
    w.quiz.save()
    s.module_complete(actor=p.employee.user, module=w.module)
    first = s.quiz_attempt_start(actor=p.employee.user, module=w.quiz_module)
    s.quiz_attempt_submit(actor=p.employee.user, attempt=first, answers={})
    last = s.quiz_attempt_start(actor=p.employee.user, module=w.quiz_module)
    s.quiz_answer_save(actor=p.employee.user, attempt=last, answers=right(w))
    QuizAttempt.objects.filter(pk=last.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="sudah lulus"):
        grant(p, w)
    assert not QuizAttemptGrant.objects.exists()


def test_an_overdue_failed_attempt_is_closed_and_the_grant_given(personas, w):
    p = personas
    w.quiz.time_limit_minutes = 5
    w.quiz.save()
    s.module_complete(actor=p.employee.user, module=w.module)
    first = s.quiz_attempt_start(actor=p.employee.user, module=w.quiz_module)
    s.quiz_attempt_submit(actor=p.employee.user, attempt=first, answers={})
    last = s.quiz_attempt_start(actor=p.employee.user, module=w.quiz_module)
    QuizAttempt.objects.filter(pk=last.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    assert sel.stuck_enrolment_ids(w.course) == {w.enrolment.pk}
    grant(p, w)
    last.refresh_from_db()
    assert last.submitted_at is not None and last.passed is False
    assert QuizAttemptGrant.objects.count() == 1


@pytest.mark.parametrize("close", ["unpublish", "programme_off"])
def test_refused_once_the_course_is_closed(personas, w, close):
    use_up(personas, w)
    if close == "unpublish":
        w.course.is_published = False
        w.course.save()
    else:
        w.elearning_programme.is_active = False
        w.elearning_programme.save()
    with pytest.raises(ValidationError, match="sudah ditutup"):
        grant(personas, w)
    assert not QuizAttemptGrant.objects.exists()


def test_input_is_checked_all_at_once(personas, w):
    use_up(personas, w)
    with pytest.raises(ValidationError) as caught:
        grant(personas, w, extra=0, reason="  ")
    assert set(caught.value.message_dict) == {"extra", "reason"}
    for extra, message in ((6, "1–5"), ("dua", "1–5"), (None, "wajib diisi")):
        with pytest.raises(ValidationError, match=message):
            grant(personas, w, extra=extra)
    with pytest.raises(ValidationError, match="paling banyak 500"):
        grant(personas, w, reason="x" * 501)
    assert not QuizAttemptGrant.objects.exists()


def test_a_quiz_of_another_course_is_refused(personas, w):
    from abdi.learning.models import Course, Quiz
    from abdi.learning.testing import make_programme

    use_up(personas, w)
    other = Course.objects.create(
        programme=make_programme(
            code="UJI-EL-2", title="Lain", provider=w.provider, mode="elearning"
        ),
        is_published=True,
    )
    quiz = Quiz.objects.create(course=other, title="Kuis lain")
    with pytest.raises(ValidationError, match="bukan bagian"):
        s.quiz_attempts_grant(
            actor=personas.admin, enrolment=w.enrolment, quiz=quiz, extra=1, reason="x"
        )


# --- the learners page and the grant page ---------------------------------------------------


def test_learners_page_shows_who_is_stuck_first_with_bounded_queries(
    personas, w, login, django_assert_max_num_queries
):
    p = personas
    use_up(p, w)
    url = reverse("learning:course_learners", args=[w.course.pk])
    for n in range(15):
        worker = make_employee(name=f"Aaa Peserta {n}", unit=p.subunit_a, position=p.staff_position)
        Enrolment.objects.create(course=w.course, employee=worker)
    client = login(p.admin)
    with django_assert_max_num_queries(16):
        response = client.get(url)
    page = response.content.decode()
    assert response.context["stuck"] == 1
    first = response.context["rows"][0]
    assert first.enrolment == w.enrolment and first.stuck and first.quizzes[0].used == 2
    grant_url = reverse("learning:attempt_grant", args=[w.enrolment.pk])
    assert f"{grant_url}?quiz={w.quiz.pk}" in page and "2/2" in page
    stuck_only = client.get(f"{url}?status=habis")
    assert [r.enrolment for r in stuck_only.context["rows"]] == [w.enrolment]
    # after the grant: 2/3, not stuck, no button
    grant(p, w)
    page = client.get(url).content.decode()
    assert "2/3" in page and grant_url not in page
    assert client.get(f"{url}?status=habis").context["rows"] == []


def test_learners_page_is_for_admins_only(personas, w, login):
    url = reverse("learning:course_learners", args=[w.course.pk])
    for user in (personas.employee.user, personas.supervisor.user, personas.operator):
        assert login(user).get(url).status_code == 403
    assert (
        login(personas.admin)
        .get(reverse("learning:course_manage", args=[w.course.pk]))
        .content.decode()
        .count(url)
        == 1
    )


def test_grant_page_grants_and_shows_the_record(personas, w, login):
    p = personas
    use_up(p, w)
    url = reverse("learning:attempt_grant", args=[w.enrolment.pk])
    client = login(p.admin)
    page = client.get(f"{url}?quiz={w.quiz.pk}").content.decode()
    assert "Belum pernah diberi tambahan" in page and p.employee.name in page
    response = client.post(url, {"quiz": w.quiz.pk, "extra": 1, "reason": "Listrik padam."})
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:course_learners", args=[w.course.pk])
    page = client.get(url).content.decode()
    assert "Listrik padam." in page and "+1 percobaan" in page
    # the learner sees the new allowance and may start again
    learner = login(p.employee.user)
    page = learner.get(reverse("learning:module", args=[w.quiz_module.pk])).content.decode()
    assert "Maksimal 3 percobaan; sisa 1." in page and "Coba lagi" in page


def test_grant_page_refusals_write_nothing(personas, w, login):
    p = personas
    url = reverse("learning:attempt_grant", args=[w.enrolment.pk])
    client = login(p.admin)
    response = client.post(url, {"quiz": w.quiz.pk, "extra": 1, "reason": "Terlalu cepat."})
    assert response.status_code == 400 and "masih memiliki 2 percobaan" in response.content.decode()
    use_up(p, w)
    response = client.post(url, {"quiz": w.quiz.pk, "extra": 9, "reason": ""})
    assert response.status_code == 400
    assert not QuizAttemptGrant.objects.exists()
    missing = reverse("learning:attempt_grant", args=[w.enrolment.pk + 999])
    assert client.get(missing).status_code == 404
    assert (
        login(p.employee.user).post(url, {"quiz": w.quiz.pk, "extra": 1, "reason": "x"}).status_code
        == 403
    )
    assert not QuizAttemptGrant.objects.exists()


# --- the quiz countdown ---------------------------------------------------------------------


def test_countdown_only_with_a_time_limit(personas, w, login):
    p = personas
    s.module_complete(actor=p.employee.user, module=w.module)
    attempt = s.quiz_attempt_start(actor=p.employee.user, module=w.quiz_module)
    client = login(p.employee.user)
    page = client.get(reverse("learning:quiz_attempt", args=[attempt.pk])).content.decode()
    assert "quiz-timer.js" not in page and "data-quiz-timer" not in page
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() + dt.timedelta(minutes=10)
    )
    page = client.get(reverse("learning:quiz_attempt", args=[attempt.pk])).content.decode()
    assert "js/quiz-timer.js" in page and "data-quiz-submit" in page
    seconds = int(re.search(r'data-seconds="(\d+)"', page).group(1))
    assert 590 <= seconds <= 600
    # the deadline's clock time stays for browsers without JavaScript
    assert "kumpulkan sebelum pukul" in page
    # once submitted: the result, no timer
    s.quiz_attempt_submit(actor=p.employee.user, attempt=attempt, answers={})
    page = client.get(reverse("learning:quiz_attempt", args=[attempt.pk])).content.decode()
    assert "quiz-timer.js" not in page


def test_the_countdown_script_is_small_and_self_contained():
    from django.conf import settings

    path = settings.BASE_DIR / "static" / "js" / "quiz-timer.js"
    text = path.read_text()
    assert len(text.encode()) < 4096  # a phone on a slow link
    assert "http" not in text and "import " not in text  # nothing fetched from elsewhere
