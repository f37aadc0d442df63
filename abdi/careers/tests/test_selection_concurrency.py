"""Two panel members saving at once end in one consistent state (PostgreSQL only: SQLite
serialises writers anyway). Each thread has its own connection and transaction; a barrier
releases them together. Saves lock the application row, so they serialise."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from abdi.accounts.models import User
from abdi.careers.models import Application, Score, ScoreRevision, SelectionStage
from abdi.careers.services import selection as services
from abdi.careers.testing_selection import build_selection_world

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the race needs PostgreSQL's concurrency"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def at_once(*calls):
    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            barrier.wait(timeout=30)
            return call(), None
        except Exception as exc:  # noqa: BLE001 - reported by the test
            return None, exc
        finally:
            connection.close()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def save(user_pk, app_pk, stage_pk, value, reason=""):
    def call():
        return services.score_submit(
            actor=User.objects.get(pk=user_pk),
            application=Application.objects.get(pk=app_pk),
            stage=SelectionStage.objects.get(pk=stage_pk),
            value=value,
            reason=reason,
        ).value

    return call


def test_two_members_saving_at_once_both_count(personas):
    w = build_selection_world(personas, scoring=True)
    stage = w.selection.stages.get(kind="interview")
    a, b = w.panel_users[:2]
    outcomes = at_once(
        save(a.pk, w.application.pk, stage.pk, "80"), save(b.pk, w.application.pk, stage.pk, "90")
    )
    assert [err for _value, err in outcomes] == [None, None]
    assert sorted(Score.objects.values_list("value", flat=True)) == [80, 90]


def test_one_member_double_submit_keeps_one_score(personas):
    w = build_selection_world(personas, scoring=True)
    stage = w.selection.stages.get(kind="interview")
    a = w.panel_users[0]
    outcomes = at_once(
        save(a.pk, w.application.pk, stage.pk, "80"), save(a.pk, w.application.pk, stage.pk, "85")
    )
    errors = [err for _value, err in outcomes if err is not None]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert Score.objects.count() == 1
    assert not ScoreRevision.objects.exists()


def test_two_eligibility_runs_at_once_both_finish_with_one_set_of_results(personas, monkeypatch):
    import time

    from abdi.careers.models import EligibilityResult, EligibilityRun, EligibilityRunStatus
    from abdi.careers.selectors import eligibility as selectors
    from abdi.careers.testing_selection import open_selection
    from abdi.employees.models import Employee

    selection = open_selection(personas)
    batches, first = selectors.eligibility_rows, threading.Lock()

    def slow_first(*args, **kwargs):
        # The first run holds its transaction a while after deleting the old results, so the
        # second surely starts while the first is still writing.
        if first.acquire(blocking=False):
            time.sleep(1.5)
        yield from batches(*args, **kwargs)

    monkeypatch.setattr(selectors, "eligibility_rows", slow_first)

    def run():
        return services.eligibility_evaluate_all(selection_id=selection.pk, batch_size=2).status

    outcomes = at_once(run, run)
    assert outcomes == [(EligibilityRunStatus.DONE, None), (EligibilityRunStatus.DONE, None)]
    active = Employee.objects.filter(is_active=True).count()
    assert EligibilityResult.objects.filter(selection=selection).count() == active
    run_row = EligibilityRun.objects.get(selection=selection)
    assert (run_row.status, run_row.evaluated) == (EligibilityRunStatus.DONE, active)
