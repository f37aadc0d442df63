"""Pure rules of competency development: no ORM, every value passed in.

The e-learning deadline: an answer that arrives a little after a timed attempt's deadline still
counts, because the network, not the learner, was slow. Learning's quizzes and careers' written
selection tests read the same grace from here."""

from __future__ import annotations

import datetime as dt

DEADLINE_GRACE = dt.timedelta(seconds=10)


def is_overdue(deadline: dt.datetime | None, now: dt.datetime) -> bool:
    """True once `now` is past the deadline and its grace; an untimed attempt (no deadline)
    is never overdue."""
    return bool(deadline and now > deadline + DEADLINE_GRACE)
