"""Two requests for the last seat at the same moment give it to exactly one (PostgreSQL only:
SQLite serialises writers anyway, so the race cannot happen there).

Each thread has its own database connection (Django's connections are per thread) and its own
transaction; a barrier releases them together. Without the row lock on the session both would
count the same free seat and both be confirmed."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from abdi.accounts.models import User
from abdi.employees.models import Employee
from abdi.learning.choices import RegistrationStatus, SessionApproval
from abdi.learning.models import Registration, TrainingSession
from abdi.learning.services import registration as svc
from abdi.learning.testing import build_learning_world, make_session

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the race needs PostgreSQL's concurrency"
    ),
    # Committed data, seen by every thread; serialized_rollback restores the reference tables
    # (ranks, roles) that the flush after each transactional test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
S = RegistrationStatus


def run_together(calls):
    """Run each callable in its own thread, released at once; return (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def worker(i, call):
        try:
            barrier.wait(timeout=30)
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - every failure is reported by the test
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


def self_register(employee_pk: int, session_pk: int):
    def call():
        employee = Employee.objects.select_related("user").get(pk=employee_pk)
        session = TrainingSession.objects.get(pk=session_pk)
        return svc.registration_create(actor=employee.user, session=session).status

    return call


PEOPLE = ("employee", "colleague", "outsider", "supervisor", "head_a", "head_b")


@pytest.mark.parametrize("crowd", [2, len(PEOPLE)])
def test_last_seat_of_an_open_session_goes_to_exactly_one(personas, crowd):
    world = build_learning_world(personas)
    session = make_session(
        world.programme,
        today=world.session.registration_opens,
        name="Rebutan",
        quota=1,
        approval=SessionApproval.NONE,
        registration_opens=world.session.registration_opens,
        registration_closes=world.session.registration_closes,
        start_date=world.session.start_date,
        end_date=world.session.end_date,
    )
    people = [getattr(personas, name) for name in PEOPLE[:crowd]]
    results, errors = run_together([self_register(p.pk, session.pk) for p in people])
    assert errors == []
    assert sorted(results) == sorted([S.CONFIRMED] + [S.WAITLISTED] * (crowd - 1))
    statuses = list(session.registrations.values_list("status", flat=True))
    assert statuses.count(S.CONFIRMED) == 1 and statuses.count(S.WAITLISTED) == crowd - 1


def test_last_seat_through_bkpsdm_confirmation_goes_to_exactly_one(personas):
    world = build_learning_world(personas)
    session = world.session  # supervisor then BKPSDM, quota 3
    session.quota = 1
    session.save()
    pending = [
        Registration.objects.create(session=session, employee=e, status=S.PENDING_BKPSDM).pk
        for e in (personas.colleague, personas.outsider, personas.head_b)
    ]
    admin_pk = personas.admin.pk

    def confirm(pk):
        def call():
            registration = Registration.objects.select_related("employee", "session").get(pk=pk)
            actor = User.objects.get(pk=admin_pk)
            return svc.registration_confirm(actor=actor, registration=registration).status

        return call

    results, errors = run_together([confirm(pk) for pk in pending])
    assert errors == []
    assert sorted(results) == sorted([S.CONFIRMED, S.WAITLISTED, S.WAITLISTED])
    assert session.registrations.filter(status=S.CONFIRMED).count() == 1


def test_the_same_employee_twice_at_once_registers_once(personas):
    world = build_learning_world(personas)
    session = world.session
    call = self_register(personas.colleague.pk, session.pk)
    results, errors = run_together([call, call])
    assert [r for r in results if r] == [S.PENDING_SUPERVISOR]
    assert len(errors) == 1 and "sudah terdaftar" in str(errors[0])
    assert session.registrations.filter(employee=personas.colleague).count() == 1
