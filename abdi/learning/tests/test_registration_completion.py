"""Registration services after the seat: attendance, scores, completion and the reaction survey
(docs/decisions/0030, 0031). The registration path itself: test_registration_services.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from abdi.core.models import Notification
from abdi.learning.choices import RegistrationAction, RegistrationStatus
from abdi.learning.models import (
    Attendance,
    Certificate,
    JpEntry,
    ReactionSurvey,
)
from abdi.learning.services import registration as svc
from abdi.learning.testing import (
    build_learning_world,
    open_session,
    running_session,
)
from abdi.learning.testing import (
    confirmed_registration as confirmed,
)
from abdi.learning.testing import (
    registration_actions as actions,
)

S = RegistrationStatus
A = RegistrationAction


@pytest.fixture
def world(personas):
    return build_learning_world(personas)


@pytest.fixture
def today():
    return timezone.localdate()


# ------------------------------------------------------------------ attendance, scores, completion


@pytest.mark.django_db
def test_attendance_per_day(personas, world, today):
    session = running_session(world, today)
    reg = confirmed(session, personas.colleague)
    svc.attendance_record(actor=personas.admin, session=session, date=today, present={reg.pk: True})
    svc.attendance_record(
        actor=personas.admin, session=session, date=today, present={reg.pk: False}
    )
    assert list(Attendance.objects.values_list("date", "present")) == [(today, False)]
    with pytest.raises(ValidationError, match="belum tiba"):
        svc.attendance_record(
            actor=personas.admin,
            session=session,
            date=today + dt.timedelta(days=1),
            present={reg.pk: True},
        )
    with pytest.raises(ValidationError, match="hari pelaksanaan"):
        svc.attendance_record(
            actor=personas.admin,
            session=session,
            date=today - dt.timedelta(days=5),
            present={reg.pk: True},
        )
    with pytest.raises(ValidationError, match="bukan peserta"):
        svc.attendance_record(
            actor=personas.admin, session=session, date=today, present={world.pending.pk: True}
        )
    with pytest.raises(PermissionDenied):
        svc.attendance_record(
            actor=personas.supervisor.user, session=session, date=today, present={}
        )


@pytest.mark.django_db
def test_pre_and_post_test_scores(personas, world, today):
    reg = confirmed(running_session(world, today), personas.colleague)
    svc.registration_scores_set(
        actor=personas.admin, registration=reg, pre_test="55,5", post_test=80
    )
    reg.refresh_from_db()
    assert (reg.pre_test_score, reg.post_test_score) == (Decimal("55.50"), Decimal("80.00"))
    with pytest.raises(ValidationError, match="0 dan 100"):
        svc.registration_scores_set(actor=personas.admin, registration=reg, post_test=101)
    with pytest.raises(ValidationError, match="angka"):
        svc.registration_scores_set(actor=personas.admin, registration=reg, pre_test="abc")
    with pytest.raises(ValidationError, match="terkonfirmasi"):
        svc.registration_scores_set(actor=personas.admin, registration=world.pending, pre_test=1)
    with pytest.raises(PermissionDenied):
        svc.registration_scores_set(actor=personas.supervisor.user, registration=reg)


@pytest.mark.django_db
def test_completion_credits_jp_and_certificate(personas, world, today):
    reg = confirmed(running_session(world, today), personas.colleague)
    svc.registration_complete(actor=personas.admin, registration=reg, passed=True, score="88.5")
    reg.refresh_from_db()
    assert reg.status == S.COMPLETED and reg.score == Decimal("88.50") and reg.completed_at
    assert JpEntry.objects.get(registration=reg).jp == world.programme.jp
    assert Certificate.objects.filter(registration=reg).exists()
    assert actions(reg) == [A.COMPLETED]
    assert Notification.objects.filter(user=personas.colleague.user, verb=S.COMPLETED).exists()
    with pytest.raises(ValidationError, match="terkonfirmasi"):
        svc.registration_complete(actor=personas.admin, registration=reg, passed=True)


@pytest.mark.django_db
def test_not_completed_earns_nothing(personas, world, today):
    reg = confirmed(running_session(world, today), personas.colleague)
    svc.registration_complete(actor=personas.admin, registration=reg, passed=False)
    assert reg.status == S.NOT_COMPLETED
    assert not JpEntry.objects.filter(registration=reg).exists()
    assert not Certificate.objects.filter(registration=reg).exists()


@pytest.mark.django_db
def test_completion_refusals(personas, world, today):
    early = confirmed(open_session(world, today), personas.colleague)
    with pytest.raises(ValidationError, match="belum dimulai"):
        svc.registration_complete(actor=personas.admin, registration=early, passed=True)
    reg = confirmed(running_session(world, today), personas.outsider)
    with pytest.raises(ValidationError, match="0 dan 100"):
        svc.registration_complete(actor=personas.admin, registration=reg, passed=True, score=150)
    with pytest.raises(ValidationError):
        svc.registration_complete(actor=personas.admin, registration=reg, passed="ya")
    with pytest.raises(PermissionDenied):
        svc.registration_complete(actor=personas.supervisor.user, registration=reg, passed=True)
    reg.refresh_from_db()
    assert reg.status == S.CONFIRMED


# ------------------------------------------------------------------ reaction survey


@pytest.mark.django_db
def test_reaction_survey_once_after_completion_by_the_participant(personas, world):
    scores = {"content": 5, "facilitator": "4", "organisation": 3, "usefulness": 5}
    with pytest.raises(PermissionDenied):
        svc.reaction_survey_submit(
            actor=personas.supervisor.user, registration=world.completed, **scores
        )
    with pytest.raises(ValidationError, match="1–5"):
        svc.reaction_survey_submit(
            actor=personas.employee.user, registration=world.completed, **{**scores, "content": 6}
        )
    survey = svc.reaction_survey_submit(
        actor=personas.employee.user, registration=world.completed, comment="Bagus", **scores
    )
    assert (survey.facilitator, survey.comment) == (4, "Bagus")
    with pytest.raises(ValidationError, match="sudah diisi"):
        svc.reaction_survey_submit(
            actor=personas.employee.user, registration=world.completed, **scores
        )
    with pytest.raises(ValidationError, match="setelah"):
        svc.reaction_survey_submit(
            actor=personas.employee.user, registration=world.pending, **scores
        )
    assert ReactionSurvey.objects.count() == 1
