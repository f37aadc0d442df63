"""The session's row lock is short (ADR 0030, "Locking"; timings in 0040): what runs under it,
the batched promotion with its history, and the race on a second registration that now reaches
the constraint without a savepoint of its own. Both databases (the PostgreSQL-only races are in
test_registration_concurrency.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from abdi.core.models import Notification
from abdi.learning.choices import RegistrationAction, RegistrationStatus, SessionApproval
from abdi.learning.models import Registration, RegistrationStep
from abdi.learning.services import registration as svc
from abdi.learning.services.registration import seats, workflow
from abdi.learning.testing import build_learning_world, make_session

S = RegistrationStatus
A = RegistrationAction
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    return build_learning_world(personas)


@pytest.fixture
def today():
    return timezone.localdate()


def open_session(world, today, **extra):
    return make_session(
        world.programme, today=today, name="Kunci", approval=SessionApproval.NONE, **extra
    )


def under_lock(monkeypatch, call):
    """The statements from the session's lock to the end of `call` (the commit aside)."""
    marks = []
    lock = seats.lock_session

    def marked(session):
        marks.append(len(captured))
        return lock(session)

    monkeypatch.setattr(seats, "lock_session", marked)
    with CaptureQueriesContext(connection) as captured:
        result = call()
    assert len(marks) == 1
    statements = [q["sql"] for q in captured.captured_queries[marks[0] :]]
    # In a test the service's atomic block is a savepoint: its release stands for the commit.
    if statements and statements[-1].startswith("RELEASE SAVEPOINT"):
        statements.pop()
    return result, statements


@pytest.mark.parametrize("quota, expected", [(1, S.CONFIRMED), (0, S.WAITLISTED)])
def test_a_registration_holds_the_lock_for_five_statements_and_notifies_after_the_commit(
    personas, world, today, monkeypatch, django_capture_on_commit_callbacks, quota, expected
):
    session = open_session(world, today, quota=max(quota, 1))
    if quota == 0:  # full: a colleague holds the only seat
        svc.registration_create(actor=personas.colleague.user, session=session)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reg, statements = under_lock(
            monkeypatch,
            lambda: svc.registration_create(actor=personas.employee.user, session=session),
        )
    assert reg.status == expected
    # The lock, the seat count, the row, its history row, both steps: no savepoint, no lazy
    # read of the programme or the user, and no notice (ADR 0066).
    tables = [next((t for t in TABLES if t in sql), sql) for sql in statements]
    assert tables == [
        "learning_trainingsession",
        "learning_registration",
        "learning_registration",
        "learning_historicalregistration",
        "learning_registrationstep",
    ], statements
    assert not any("SAVEPOINT" in sql for sql in statements)
    assert list(reg.steps.order_by("at", "pk").values_list("action", flat=True)) == [
        A.REGISTERED,
        A.CONFIRMED if expected == S.CONFIRMED else A.WAITLISTED,
    ]
    # The notice is written once the registration commits, in a transaction of its own.
    assert not Notification.objects.filter(user=personas.employee.user, verb=expected).exists()
    for callback in callbacks:
        callback()
    assert Notification.objects.filter(user=personas.employee.user, verb=expected).count() == 1


TABLES = (
    "learning_historicalregistration",
    "learning_registrationstep",
    "learning_registration",
    "learning_trainingsession",
    "core_notification",
)


def test_a_second_live_registration_caught_by_the_constraint_leaves_nothing(
    personas, world, today, monkeypatch
):
    """Two requests of one employee that both passed the unlocked check: the second one's
    insert hits the constraint under the lock. Without a savepoint of its own the service's
    atomic block rolls back everything it wrote, and the connection stays usable."""
    session = open_session(world, today, quota=5)
    first = svc.registration_create(actor=personas.employee.user, session=session)
    monkeypatch.setattr(workflow, "registration_problems", lambda *a, **k: [])
    before = (Registration.objects.count(), RegistrationStep.objects.count())
    notices = Notification.objects.count()
    with pytest.raises(ValidationError, match="sudah terdaftar"):
        svc.registration_create(actor=personas.employee.user, session=session)
    assert (Registration.objects.count(), RegistrationStep.objects.count()) == before
    assert Notification.objects.count() == notices
    assert Registration.history.filter(session_id=session.pk).count() == 1
    first.refresh_from_db()
    assert first.status == S.CONFIRMED


def test_a_quota_raise_promotes_in_order_with_history_steps_and_notices(personas, world, today):
    session = open_session(world, today, quota=1)
    people = ("employee", "colleague", "outsider", "supervisor", "head_a")
    regs = [svc.registration_create(actor=personas.user(p), session=session) for p in people]
    # colleague and outsider joined the list at the same moment: the lower pk goes first.
    same = regs[1].waitlisted_at
    Registration.objects.filter(pk=regs[2].pk).update(waitlisted_at=same)
    session.quota = 4
    session.save()
    with CaptureQueriesContext(connection) as captured:
        promoted = svc.session_quota_changed(session=session, actor=personas.admin)
    assert [r.pk for r in promoted] == [regs[1].pk, regs[2].pk, regs[3].pk]
    # Rows, history and steps in one statement each, whatever the number promoted.
    writes = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("INSERT")]
    assert sum("learning_historicalregistration" in sql for sql in writes) == 1
    assert sum("learning_registrationstep" in sql for sql in writes) == 1
    for reg in regs[1:4]:
        reg.refresh_from_db()
        assert reg.status == S.CONFIRMED and reg.confirmed_at is not None
        last = reg.history.order_by("-history_date", "-history_id").first()
        assert (last.status, last.history_type, last.history_user) == (
            S.CONFIRMED,
            "~",
            personas.admin,
        )
        step = reg.steps.order_by("at", "pk").last()
        assert (step.action, step.actor) == (A.PROMOTED, personas.admin)
        assert Notification.objects.filter(user=reg.employee.user, verb="promoted").count() == 1
    regs[4].refresh_from_db()
    assert regs[4].status == S.WAITLISTED
    assert session.registrations.filter(status__in=[S.CONFIRMED]).count() == 4


def test_approval_that_takes_the_seat_writes_both_steps_in_order(personas, world, today):
    session = make_session(
        world.programme, today=today, name="Atasan", approval=SessionApproval.SUPERVISOR, quota=1
    )
    reg = svc.registration_create(actor=personas.employee.user, session=session)
    stale = Registration.objects.get(pk=reg.pk)  # a page's copy, without its relations
    svc.registration_approve(actor=personas.supervisor.user, registration=stale, note=" ok ")
    steps = list(reg.steps.order_by("at", "pk").values_list("action", "note", "actor"))
    assert steps == [
        (A.REGISTERED, "", personas.employee.user.pk),
        (A.SUPERVISOR_APPROVED, "ok", personas.supervisor.user.pk),
        (A.CONFIRMED, "", personas.supervisor.user.pk),
    ]
    with pytest.raises(ValidationError, match="tidak sedang menunggu"):
        svc.registration_approve(actor=personas.supervisor.user, registration=stale)
