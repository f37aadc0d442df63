"""The pure complaint rules (rules_complaints.py), with values written by hand: the transition
table of SP4N-LAPOR! handling, tracking codes, the overdue check and the scorecard numbers.
No database: these run under mutation testing (`make mutation`)."""

from __future__ import annotations

import datetime as dt

import pytest

from abdi.feedback.choices import ComplaintAction as A
from abdi.feedback.choices import ComplaintStatus as S
from abdi.feedback.rules import complaints as rules

UTC = dt.UTC

# Every status × action, by hand: the status after the action, or None when it is refused.
EXPECTED = {
    S.RECEIVED: {
        A.VERIFY: S.VERIFIED,
        A.POSTPONE: S.POSTPONED,
        A.NOT_AUTHORITY: S.NOT_OUR_AUTHORITY,
        A.ARCHIVE: S.ARCHIVED,
        A.NOTE: S.RECEIVED,
        A.CITIZEN_REPLY: S.RECEIVED,
        A.ESCALATE: S.RECEIVED,
    },
    S.POSTPONED: {
        A.VERIFY: S.VERIFIED,
        A.NOT_AUTHORITY: S.NOT_OUR_AUTHORITY,
        A.ARCHIVE: S.ARCHIVED,
        A.NOTE: S.POSTPONED,
        A.CITIZEN_REPLY: S.POSTPONED,
        A.ESCALATE: S.POSTPONED,
    },
    S.VERIFIED: {
        A.NOT_AUTHORITY: S.NOT_OUR_AUTHORITY,
        A.ARCHIVE: S.ARCHIVED,
        A.DISPATCH: S.DISPATCHED,
        A.NOTE: S.VERIFIED,
        A.CITIZEN_REPLY: S.VERIFIED,
        A.LINK_EMPLOYEE: S.VERIFIED,
    },
    S.DISPATCHED: {
        A.DISPATCH: S.DISPATCHED,  # sent on to another unit
        A.RESPOND: S.FOLLOWED_UP,
        A.NOTE: S.DISPATCHED,
        A.CITIZEN_REPLY: S.DISPATCHED,
        A.ESCALATE: S.DISPATCHED,
        A.LINK_EMPLOYEE: S.DISPATCHED,
    },
    S.FOLLOWED_UP: {
        A.NOTE: S.FOLLOWED_UP,
        A.CLOSE: S.CLOSED,
        A.AUTO_CLOSE: S.CLOSED,
        A.CITIZEN_REPLY: S.FOLLOWED_UP,
        A.RATE: S.FOLLOWED_UP,
        A.REOPEN: S.REOPENED,
        A.LINK_EMPLOYEE: S.FOLLOWED_UP,
    },
    S.REOPENED: {
        A.RESPOND: S.FOLLOWED_UP,
        A.NOTE: S.REOPENED,
        A.CLOSE: S.CLOSED,
        A.CITIZEN_REPLY: S.REOPENED,
        A.ESCALATE: S.REOPENED,
        A.LINK_EMPLOYEE: S.REOPENED,
    },
    S.CLOSED: {A.RATE: S.CLOSED, A.REOPEN: S.REOPENED, A.LINK_EMPLOYEE: S.CLOSED},
    S.NOT_OUR_AUTHORITY: {},
    S.ARCHIVED: {},
}
ACTIONS = [
    A.VERIFY,
    A.POSTPONE,
    A.NOT_AUTHORITY,
    A.ARCHIVE,
    A.DISPATCH,
    A.RESPOND,
    A.NOTE,
    A.CLOSE,
    A.AUTO_CLOSE,
    A.CITIZEN_REPLY,
    A.RATE,
    A.REOPEN,
    A.ESCALATE,
    A.LINK_EMPLOYEE,
]


def test_every_status_is_in_the_table():
    assert set(EXPECTED) == set(S.values)


@pytest.mark.parametrize("status", list(EXPECTED))
@pytest.mark.parametrize("action", ACTIONS)
def test_next_status_for_every_status_and_action(status, action):
    expected = EXPECTED[status].get(action)
    if expected is None:
        with pytest.raises(rules.TransitionRefused) as refused:
            rules.next_status(action, status)
        assert str(refused.value)  # a message a user can read
    else:
        assert rules.next_status(action, status) == expected


@pytest.mark.parametrize("status", list(EXPECTED))
def test_allowed_actions(status):
    assert rules.allowed_actions(status) == set(EXPECTED[status])


def test_unknown_action_is_refused():
    with pytest.raises(rules.TransitionRefused):
        rules.next_status("teleport", S.RECEIVED)


def test_refusal_messages_name_the_reason():
    with pytest.raises(rules.TransitionRefused, match="diverifikasi sebelum diteruskan"):
        rules.next_status(A.DISPATCH, S.RECEIVED)
    with pytest.raises(rules.TransitionRefused, match="sudah selesai"):
        rules.next_status(A.NOTE, S.CLOSED)


def test_tracking_codes():
    code = rules.new_tracking_code()
    assert len(code) == 12
    assert set(code) <= set("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    assert rules.new_tracking_code() != code
    assert rules.format_tracking_code("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN"
    assert rules.normalize_tracking_code(" abcd-efgh jkmn ") == "ABCDEFGHJKMN"
    assert rules.normalize_tracking_code("ABCD-EFGH-JKM0") == ""  # 0 is not in the alphabet
    assert rules.normalize_tracking_code("ABCDEFGHJKM") == ""  # 11 characters
    assert rules.normalize_tracking_code("ABCDEFGHJKMNP") == ""  # 13 characters
    assert rules.normalize_tracking_code("") == ""
    assert rules.normalize_tracking_code(None) == ""


DUE = dt.datetime(2026, 9, 14, 16, 59, 59, tzinfo=UTC)  # 23:59:59 WIB


@pytest.mark.parametrize(
    ("status", "now", "verification_due", "follow_up_due", "step"),
    [
        (S.RECEIVED, DUE, DUE, None, ""),  # at the very deadline: not yet late
        (S.RECEIVED, DUE + dt.timedelta(seconds=1), DUE, None, "verification"),
        (S.POSTPONED, DUE + dt.timedelta(days=1), DUE, None, "verification"),
        (S.VERIFIED, DUE + dt.timedelta(days=9), DUE, DUE, ""),  # waits for neither
        (S.RECEIVED, DUE + dt.timedelta(days=1), None, None, ""),
        (S.DISPATCHED, DUE, None, DUE, ""),
        (S.DISPATCHED, DUE + dt.timedelta(seconds=1), DUE, DUE, "follow_up"),
        (S.REOPENED, DUE + dt.timedelta(hours=1), None, DUE, "follow_up"),
        (S.DISPATCHED, DUE + dt.timedelta(hours=1), None, None, ""),
        (S.FOLLOWED_UP, DUE + dt.timedelta(days=30), DUE, DUE, ""),
        (S.CLOSED, DUE + dt.timedelta(days=30), DUE, DUE, ""),
    ],
)
def test_overdue_step(status, now, verification_due, follow_up_due, step):
    assert (
        rules.overdue_step(
            status, now=now, verification_due=verification_due, follow_up_due=follow_up_due
        )
        == step
    )


def test_completion_due_is_calendar_days():
    received = dt.datetime(2026, 12, 20, 3, 0, tzinfo=UTC)
    assert rules.completion_due(received, 60) == dt.datetime(2027, 2, 18, 3, 0, tzinfo=UTC)


def test_on_time_share():
    now = dt.datetime(2026, 9, 20, tzinfo=UTC)
    due = dt.datetime(2026, 9, 14, 17, tzinfo=UTC)
    later = dt.datetime(2026, 9, 25, tzinfo=UTC)
    pairs = [
        (due - dt.timedelta(days=1), due),  # on time
        (due, due),  # exactly at the deadline: on time
        (due + dt.timedelta(seconds=1), due),  # late
        (None, due),  # not done and past due: late
        (None, later),  # not done, still within its deadline: not counted
    ]
    assert rules.on_time_share(pairs, now) == (2, 4, 0.5)
    assert rules.on_time_share([(None, later)], now) == (0, 0, None)
    assert rules.on_time_share([], now) == (0, 0, None)


def test_median_days_and_mean():
    days = [dt.timedelta(days=1), dt.timedelta(days=2, hours=12), dt.timedelta(days=10)]
    assert rules.median_days(days) == 2.5
    assert rules.median_days([dt.timedelta(hours=6), dt.timedelta(hours=18)]) == 0.5
    assert rules.median_days([]) is None
    assert rules.mean([4, 5, 3]) == 4.0
    assert rules.mean([1, 2]) == 1.5
    assert rules.mean([1, 1, 2]) == 1.33
    assert rules.mean([]) is None


def test_unknown_action_message():
    with pytest.raises(rules.TransitionRefused) as refused:
        rules.next_status("teleport", S.RECEIVED)
    assert str(refused.value) == "Tindakan tidak dikenal."


def test_on_time_share_edges():
    now = dt.datetime(2026, 9, 20, tzinfo=UTC)
    # Not done, due exactly now: still within its deadline, not counted.
    assert rules.on_time_share([(None, now)], now) == (0, 0, None)
    # A pending one first does not stop the count of the next.
    past = now - dt.timedelta(days=1)
    assert rules.on_time_share([(None, now), (None, past)], now) == (0, 1, 0.0)


def test_median_days_rounds_to_one_place():
    assert rules.median_days([dt.timedelta(days=1, hours=6, minutes=14, seconds=24)]) == 1.3
    # 4320.06 days: a day of 86 401 s would give 4320.0.
    assert rules.median_days([dt.timedelta(seconds=373_253_184)]) == 4320.1
