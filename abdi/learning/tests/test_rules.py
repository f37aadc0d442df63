"""The e-learning deadline grace (learning.rules), with worked examples."""

import datetime as dt

from abdi.learning.rules import is_overdue

DEADLINE = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def test_an_answer_within_the_grace_still_counts():
    # Deadline 09:30:00; the answer arrives 09:30:10, exactly at the end of the grace.
    assert not is_overdue(DEADLINE, DEADLINE + dt.timedelta(seconds=10))
    assert not is_overdue(DEADLINE, DEADLINE - dt.timedelta(minutes=5))


def test_an_answer_after_the_grace_is_overdue():
    # 09:30:11 is one second past the grace.
    assert is_overdue(DEADLINE, DEADLINE + dt.timedelta(seconds=11))


def test_an_untimed_attempt_is_never_overdue():
    assert not is_overdue(None, DEADLINE + dt.timedelta(days=365))
