import datetime as dt

import pytest

from abdi.learning.choices import RegistrationStatus
from abdi.learning.models import Registration, TrainingSession
from abdi.learning.selectors.catalogue import (
    SessionState,
    seats_taken,
    session_state,
    session_state_q,
    waitlist_counts,
)
from abdi.learning.testing import build_learning_world, make_session

D = dt.date(2026, 3, 10)


def _session(**kw):
    base = {
        "registration_opens": dt.date(2026, 3, 1),
        "registration_closes": dt.date(2026, 3, 10),
        "start_date": dt.date(2026, 3, 20),
        "end_date": dt.date(2026, 3, 22),
        "is_cancelled": False,
    }
    base.update(kw)
    return TrainingSession(**base)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (dt.date(2026, 2, 28), SessionState.UPCOMING),
        (dt.date(2026, 3, 1), SessionState.OPEN),
        (dt.date(2026, 3, 10), SessionState.OPEN),
        (dt.date(2026, 3, 11), SessionState.CLOSED),
        (dt.date(2026, 3, 19), SessionState.CLOSED),
        (dt.date(2026, 3, 20), SessionState.RUNNING),
        (dt.date(2026, 3, 22), SessionState.RUNNING),
        (dt.date(2026, 3, 23), SessionState.FINISHED),
    ],
)
def test_session_state_follows_the_calendar(today, state):
    assert session_state(_session(), today) == state


def test_a_cancelled_session_is_cancelled_whatever_the_date():
    assert session_state(_session(is_cancelled=True), D) == SessionState.CANCELLED
    assert SessionState.CANCELLED.label == "Dibatalkan"
    assert SessionState.OPEN.label == "Pendaftaran dibuka"


@pytest.mark.django_db
def test_state_filter_agrees_with_session_state(personas):
    world = build_learning_world(personas, today=D)
    prog = world.programme
    sessions = [
        world.session,
        world.past_session,
        make_session(prog, today=D, name="upcoming", registration_opens=D + dt.timedelta(1)),
        make_session(prog, today=D, name="closed", registration_closes=D - dt.timedelta(1)),
        make_session(prog, today=D, name="running", start_date=D, end_date=D),
        make_session(prog, today=D, name="cancelled", is_cancelled=True),
    ]
    for state in SessionState:
        in_filter = set(
            TrainingSession.objects.filter(session_state_q(state, D)).values_list("pk", flat=True)
        )
        expected = {s.pk for s in sessions if session_state(s, D) == state}
        assert in_filter == expected and len(expected) == 1, state


@pytest.mark.django_db
def test_seats_and_waitlist_counted_in_one_query_each(personas, django_assert_num_queries):
    world = build_learning_world(personas)
    other = make_session(world.programme, today=D, name="II")
    for emp, status in [
        (personas.colleague, RegistrationStatus.CONFIRMED),
        (personas.supervisor, RegistrationStatus.WAITLISTED),
        (personas.outsider, RegistrationStatus.CANCELLED),
        (personas.head_a, RegistrationStatus.COMPLETED),
    ]:
        Registration.objects.create(session=world.session, employee=emp, status=status)
    ids = [world.session.pk, other.pk]
    with django_assert_num_queries(1):
        taken = seats_taken(ids)
    with django_assert_num_queries(1):
        waiting = waitlist_counts(ids)
    # the employee's pending registration (world.pending) holds no seat
    assert taken == {world.session.pk: 2, other.pk: 0}
    assert waiting == {world.session.pk: 1, other.pk: 0}
    assert seats_taken([]) == {}
