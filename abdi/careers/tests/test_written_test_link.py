"""An applicant from another agency (no Abdi account) takes the written test — the stage's
e-learning quiz — through a one-time link BKPSDM issues for that application: inside the
stage's window only, questions drawn by the quiz engine, timed, auto-scored, counted like an
employee's first attempt, refused after submission; the public page is throttled."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from abdi.careers.models import ApplicationState, SelectionStage, WrittenTestSitting
from abdi.careers.selectors.selection import stage_scores
from abdi.careers.services import selection as services
from abdi.careers.services.selection import written_test as tests
from abdi.careers.testing_selection import (
    DOCUMENTS,
    close_registration,
    documents,
    good_predikats,
    panel_inputs,
    vacant_jpt_post,
)
from abdi.learning.choices import QuestionKind
from abdi.learning.models import Choice, Question

pytestmark = pytest.mark.django_db

WEIGHTS = {
    "administrative": 0,
    "written_test": 20,
    "competency_assessment": 25,
    "interview": 35,
    "track_record": 20,
}


@dataclass
class LinkWorld:
    selection: Any
    stage: Any
    external: Any
    employee_app: Any
    members: list
    quiz: Any
    right: dict  # question pk -> the correct choice pk


def external_applicant(email="rahmat@tetangga.go.id"):
    from abdi.core.models import EducationLevel, Rank

    return services.ExternalApplicant(
        name="Dr. Rahmat Luar",
        nip="199001012015031001",
        agency="Pemerintah Kabupaten Tetangga",
        position="Kepala Bagian Umum",
        position_kind="administrator",
        position_since=dt.date(2019, 1, 2),
        birth_date=dt.date(1975, 6, 1),
        education=EducationLevel.objects.get(code="S2"),
        rank=Rank.objects.get(code="IV/a"),
        email=email,
    )


def build(p, *, window_hours: int = 3) -> LinkWorld:
    """A JPT selection whose written test is an Abdi quiz (two questions, 30 minutes, one
    attempt), an external applicant and the supervisor, both admitted; scoring started; the
    test's window from today 00:00 (registration closed yesterday) to `window_hours` from now."""
    from abdi.learning.testing import build_learning_world

    lw = build_learning_world(p)
    quiz = lw.quiz
    quiz.max_attempts, quiz.time_limit_minutes = 1, 30
    quiz.save()
    q2 = Question.objects.create(quiz=quiz, text="2 + 2 = …", kind=QuestionKind.SINGLE)
    four = Choice.objects.create(question=q2, text="4", is_correct=True, order=1)
    Choice.objects.create(question=q2, text="5", order=2)
    right = {q.pk: q.choices.get(is_correct=True).pk for q in Question.objects.filter(quiz=quiz)}
    assert right[q2.pk] == four.pk
    today = timezone.localdate()
    s = services.selection_create(
        actor=p.admin,
        title="Seleksi Terbuka JPT Pratama Kepala BKD",
        kind="open_jpt",
        positions=[vacant_jpt_post(p)],
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=10),
        announcement="Dibuka seleksi terbuka.",
        objection_days=3,
        required_documents=DOCUMENTS,
    )
    after = services.registration_ends_at(s)
    services.stages_set(
        actor=p.admin,
        selection=s,
        weights=WEIGHTS,
        quiz=quiz,
        windows={"written_test": (after, after + dt.timedelta(hours=4))},
    )
    s = services.selection_announce(actor=p.admin, selection=s)
    _users, inputs = panel_inputs(p)
    members = services.panel_set(actor=p.admin, selection=s, members=inputs)
    good_predikats(p.supervisor)
    employee_app = services.application_submit(
        actor=p.supervisor.user, selection=s, documents=documents()
    )
    ext = services.application_register(
        actor=p.admin, selection=s, documents=documents(), external=external_applicant()
    )
    close_registration(s)
    now = timezone.now()
    services.stage_schedule_set(
        actor=p.admin,
        selection=s,
        windows={
            "written_test": (
                services.registration_ends_at(s),
                now + dt.timedelta(hours=window_hours),
            )
        },
    )
    services.selection_close(actor=p.admin, selection=s)
    for req in s.requirements.filter(rule__in=["predikat", "no_discipline"]):
        services.eligibility_override(
            actor=p.admin, application=ext, requirement=req, reason="Dilampirkan instansi asal."
        )
    services.administrative_result(actor=p.admin, application=ext, passed=True)
    services.administrative_result(actor=p.admin, application=employee_app, passed=True)
    services.selection_start_scoring(actor=p.admin, selection=s)
    stage = SelectionStage.objects.get(selection=s, kind="written_test")
    ext.refresh_from_db()
    return LinkWorld(s, stage, ext, employee_app, members, quiz, right)


def test_link_opens_one_attempt_scored_by_the_quiz_engine_and_refuses_reuse(
    personas, django_capture_on_commit_callbacks
):
    w = build(personas)
    mail.outbox.clear()
    with pytest.raises(PermissionDenied):
        tests.written_test_link_issue(actor=personas.supervisor.user, application=w.external)
    with pytest.raises(ValidationError) as error:  # employees take it in e-learning
        tests.written_test_link_issue(actor=personas.admin, application=w.employee_app)
    assert "e-learning" in error.value.messages[0]
    with pytest.raises(ValidationError):  # an unknown link
        tests.sitting_for_token("bukan-tautan")

    with django_capture_on_commit_callbacks(execute=True):
        sitting, token = tests.written_test_link_issue(
            actor=personas.admin, application=w.external, site_url="https://abdi.example.go.id/"
        )
    # Only a hash is kept; the link is e-mailed once, after the commit.
    assert token not in sitting.token_hash and len(token) >= 40
    assert sitting.expires_at == w.stage.ends_at
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rahmat@tetangga.go.id"]
    assert f"https://abdi.example.go.id{tests.test_url(token)}" in mail.outbox[0].body

    started = tests.written_test_start(token=token)
    assert {row["question"] for row in started.layout} == set(w.right)  # the bank, drawn
    assert started.deadline == started.started_at + dt.timedelta(minutes=30)
    assert tests.written_test_start(token=token).pk == started.pk  # resumes, same draw
    first, second = (row["question"] for row in started.layout)
    with pytest.raises(ValidationError):  # a choice of another question
        tests.written_test_save(token=token, answers={str(first): [w.right[second]]})
    tests.written_test_save(token=token, answers={str(first): [w.right[first]]})
    wrong = next(c for c in started.layout[1]["choices"] if c != w.right[second])
    done = tests.written_test_submit(token=token, answers={str(second): [wrong]})
    assert done.score == Decimal("50.00")  # one of two right (the engine's rule)

    # Reuse after submission is refused: no new start, no new answers, no new link.
    for call in (
        lambda: tests.written_test_start(token=token),
        lambda: tests.written_test_save(token=token, answers={}),
        lambda: tests.written_test_submit(token=token),
    ):
        with pytest.raises(ValidationError) as error:
            call()
        assert "sudah dikumpulkan" in error.value.messages[0]
    with pytest.raises(ValidationError):
        tests.written_test_link_issue(actor=personas.admin, application=w.external)
    steps = list(w.external.steps.values_list("action", flat=True))
    assert steps[-2:] == ["test_link", "test_submitted"]

    # The stage score: 50 % of the stage's maximum (100), as for an employee's quiz.
    assert stage_scores(w.selection)[w.external.pk]["written_test"] == Decimal("50.00")


def test_reissuing_before_the_start_kills_the_old_link(personas):
    w = build(personas)
    _sitting, old = tests.written_test_link_issue(actor=personas.admin, application=w.external)
    sitting, new = tests.written_test_link_issue(actor=personas.admin, application=w.external)
    assert sitting.issue_count == 2 and old != new
    with pytest.raises(ValidationError):
        tests.written_test_start(token=old)
    tests.written_test_start(token=new)
    with pytest.raises(ValidationError) as error:  # started: the link stays
        tests.written_test_link_issue(actor=personas.admin, application=w.external)
    assert "sudah mulai" in error.value.messages[0]


def test_the_test_opens_and_closes_on_the_stage_window(personas):
    w = build(personas)
    _sitting, token = tests.written_test_link_issue(actor=personas.admin, application=w.external)
    now = timezone.now()
    # Not yet open: the start is refused with the window in words.
    SelectionStage.objects.filter(pk=w.stage.pk).update(starts_at=now + dt.timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        tests.written_test_start(token=token)
    assert "dibuka" in error.value.messages[0]
    # Open with 10 minutes left: the 30-minute limit is cut at the window's end.
    SelectionStage.objects.filter(pk=w.stage.pk).update(
        starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(minutes=10)
    )
    started = tests.written_test_start(token=token)
    assert abs(started.deadline - (now + dt.timedelta(minutes=10))) < dt.timedelta(seconds=5)
    # The time runs out unsubmitted: what was saved counts, handed in at the deadline, when
    # the ranking is about to be proposed (or the link is opened).
    first = started.layout[0]["question"]
    tests.written_test_save(token=token, answers={str(first): [w.right[first]]})
    WrittenTestSitting.objects.filter(pk=started.pk).update(deadline=now - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError):
        tests.written_test_save(token=token, answers={})
    assert tests.close_overdue(w.selection.pk) == 1
    sitting = WrittenTestSitting.objects.get(pk=started.pk)
    assert sitting.score == Decimal("50.00") and sitting.submitted_at == sitting.deadline
    assert tests.close_overdue(w.selection.pk) == 0


def test_link_refused_when_the_window_is_over_or_the_applicant_left(personas):
    w = build(personas)
    _sitting, token = tests.written_test_link_issue(actor=personas.admin, application=w.external)
    # The application leaves the test: its link stops working.
    type(w.external).objects.filter(pk=w.external.pk).update(state=ApplicationState.WITHDRAWN)
    with pytest.raises(ValidationError):
        tests.written_test_start(token=token)
    type(w.external).objects.filter(pk=w.external.pk).update(state=ApplicationState.ADMIN_PASSED)
    # The window is over: no link, and the old one is dead.
    SelectionStage.objects.filter(pk=w.stage.pk).update(
        ends_at=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError) as error:
        tests.written_test_link_issue(actor=personas.admin, application=w.external)
    assert "berakhir" in error.value.messages[0]
    WrittenTestSitting.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError):
        tests.sitting_for_token(token)


def test_public_page_walks_the_test_and_is_throttled(personas, client):
    w = build(personas)
    _sitting, token = tests.written_test_link_issue(actor=personas.admin, application=w.external)
    url = reverse("careers:written_test", args=[token])
    page = client.get(url)  # no login
    assert page.status_code == 200 and "Mulai ujian" in page.content.decode()
    assert page["Cache-Control"] == "no-store" and page["Referrer-Policy"] == "same-origin"
    assert client.get(reverse("careers:written_test", args=["x" * 43])).status_code == 404
    assert client.post(url, {"action": "start"}).status_code == 302
    sheet = client.get(url).content.decode()
    assert "2 + 2" in sheet and "data-quiz-timer" in sheet
    answers = {f"q{q}": [c] for q, c in w.right.items()}
    assert client.post(url, {"action": "submit", **answers}).status_code == 302
    done = client.get(url).content.decode()
    assert "sudah diterima" in done
    assert WrittenTestSitting.objects.get(application=w.external).score == Decimal("100.00")
    client.post(url, {"action": "start"})  # reuse: nothing changes
    assert WrittenTestSitting.objects.get(application=w.external).score == Decimal("100.00")
    with override_settings(ABDI_WRITTEN_TEST_RATE="1/hour"):
        from django.core.cache import cache

        cache.clear()
        assert client.get(url).status_code == 200
        assert client.get(url).status_code == 429


def test_bkpsdm_issues_the_link_from_the_application_page(personas, client):
    w = build(personas)
    client.force_login(personas.admin)
    detail = client.get(reverse("careers:application_detail", args=[w.external.pk]))
    assert 'data-testid="written-test-card"' in detail.content.decode()
    page = client.post(reverse("careers:written_test_link", args=[w.external.pk]))
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    link = page.context["link"]
    assert link.startswith("http") and "/seleksi/ujian/" in link
    # An employee's application: refused with the reason, back on the application page.
    back = client.post(reverse("careers:written_test_link", args=[w.employee_app.pk]))
    assert back.status_code == 302
