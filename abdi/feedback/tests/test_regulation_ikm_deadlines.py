"""Worked examples of the IKM grade (Permen PANRB 14/2017) and of the complaint deadlines
(SP4N-LAPOR!, Permen PANRB 62/2018), against the tables the app loads (feedback migration 0002:
IkmGrade, ComplaintDeadlineRule), the `holidays` calendar and the agency's collective leave days,
through the services and selectors the pages use.

Expected values are written by hand from REGULATIONS.md §6–§7, never computed by the code under
test. Instants are given in UTC, as `timezone.now()` gives them, so that a day counted from the
UTC date instead of the Jakarta date shows (docs/decisions/0020-api-contract-and-regulation-tests.md).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from abdi.core.calendar import JAKARTA
from abdi.core.models import CollectiveLeaveDay
from abdi.feedback.choices import ComplaintStatus as S
from abdi.feedback.rules import complaints as rules_complaints
from abdi.feedback.rules import surveys as rules
from abdi.feedback.selectors import surveys as sel
from abdi.feedback.services import complaints as svc
from abdi.feedback.services import surveys as survey_svc
from abdi.feedback.testing import build_feedback_personas

UTC = dt.UTC


def utc(y, m, d, h, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=UTC)


def end_of(y, m, d):
    """23:59:59 Jakarta time, the end of a working day."""
    return dt.datetime(y, m, d, 23, 59, 59, tzinfo=JAKARTA)


@pytest.fixture
def fp(personas):
    return build_feedback_personas(personas)


# --- IKM grade ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("100.00", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_grade_edges_of_the_loaded_table(score, grade):
    bands = sel.grade_bands(dt.date(2026, 6, 30))
    assert rules.grade_for(Decimal(score), bands).grade == grade


def _paper_rows(respondents: int, total: int) -> list[survey_svc.ResponseInput]:
    """`respondents` forms answering all nine elements, whose answers add up to `total`:
    every answer is total // (9 × respondents), and the first `remainder` answers one more."""
    per, extra = divmod(total, 9 * respondents)
    answers = [per + 1] * extra + [per] * (9 * respondents - extra)
    codes = [f"U{i}" for i in range(1, 10)]
    return [
        survey_svc.ResponseInput(answers=dict(zip(codes, answers[9 * r : 9 * r + 9], strict=True)))
        for r in range(respondents)
    ]


# respondents, sum of all 9 × respondents answers, IKM_100 by hand, grade.
# IKM = Σ NRR / 9 = total / (9 × respondents); IKM_100 = 25 × IKM, rounded to 2 decimals.
SURVEY_EXAMPLES = [
    # 24 forms: 115 answers of 4 and 101 of 3 = 763; 25 × 763 / 216 = 88.3102 → 88.31 → A
    (24, 763, "88.31", "A"),
    # 19 forms: 91 fours and 80 threes = 604; 25 × 604 / 171 = 88.3041 → 88.30 → B
    (19, 604, "88.30", "B"),
    # 19 forms: 11 fours and 160 threes = 524; 25 × 524 / 171 = 76.6082 → 76.61 → B
    (19, 524, "76.61", "B"),
    # 26 forms: 15 fours and 219 threes = 717; 25 × 717 / 234 = 76.6026 → 76.60 → C
    (26, 717, "76.60", "C"),
    # 5 forms: 27 threes and 18 twos = 117; 25 × 117 / 45 = 65 exactly → 65.00 → C
    (5, 117, "65.00", "C"),
    # 38 forms: 205 threes and 137 twos = 889; 25 × 889 / 342 = 64.9854 → 64.99 → D
    (38, 889, "64.99", "D"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("respondents", "total", "score", "grade"), SURVEY_EXAMPLES)
def test_survey_result_at_each_grade_edge(fp, respondents, total, score, grade):
    survey = survey_svc.survey_create(
        actor=fp.service_admin,
        service=fp.service,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        population=100,
    )
    survey_svc.paper_responses_enter(
        survey=survey, rows=_paper_rows(respondents, total), actor=fp.service_admin
    )
    result = sel.survey_result(survey)
    assert result.respondents == respondents
    assert (result.ikm_100, result.grade.grade) == (Decimal(score), grade)


# --- complaint deadlines -----------------------------------------------------------------------
# Day 1 is the first working day after the (Jakarta) day of receipt; the deadline is the end of
# day N. Verification 3, follow-up 5 after dispatch, auto-close 10 after the follow-up.

# The agency's collective leave (cuti bersama) of 2025, SKB Menteri Agama, Menaker, MenPANRB
# No. 1017/2024, 2/2024, 2/2024: entered by the agency, not part of the national calendar.
CUTI_BERSAMA_2025 = [
    dt.date(2025, 3, 28),  # Nyepi
    dt.date(2025, 4, 2),  # Idul Fitri 1446 H
    dt.date(2025, 4, 3),
    dt.date(2025, 4, 4),
    dt.date(2025, 4, 7),
    dt.date(2025, 12, 26),  # Natal
]


@pytest.fixture
def cuti_bersama_2025(db):
    for day in CUTI_BERSAMA_2025:
        CollectiveLeaveDay.objects.create(date=day, description="Cuti bersama 2025")


def _submit(fp, received_at):
    return svc.complaint_submit(
        data=svc.ComplaintInput(kind="complaint", title="t", description="d", service=fp.service),
        received_at=received_at,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("received_at", "due"),
    [
        # The regulation's example: Thu 24 Dec 2026 16:00 WIB; 25 Dec holiday, weekend;
        # Mon 28, Tue 29, Wed 30.
        (utc(2026, 12, 24, 9), end_of(2026, 12, 30)),
        # Across the year end: Tue 29 Dec 2026; Wed 30, Thu 31, (Fri 1 Jan holiday) Mon 4 Jan.
        (utc(2026, 12, 29, 3), end_of(2027, 1, 4)),
        # 23:30 WIB on Wed 9 Sep 2026 (16:30 UTC, the same date): Thu 10, Fri 11, Mon 14.
        (utc(2026, 9, 9, 16, 30), end_of(2026, 9, 14)),
        # 06:30 WIB on Thu 10 Sep 2026 is 23:30 UTC on Wed 9 Sep: the Jakarta day (Thursday)
        # counts, so Fri 11, Mon 14, Tue 15 — not Mon 14 as the UTC date would give.
        (utc(2026, 9, 9, 23, 30), end_of(2026, 9, 15)),
        # 00:10 WIB on Mon 1 Jan 2029 is 17:10 UTC on Sun 31 Dec 2028: received on the Monday
        # (New Year, a holiday), so Tue 2, Wed 3, Thu 4 Jan 2029.
        (utc(2028, 12, 31, 17, 10), end_of(2029, 1, 4)),
    ],
)
def test_verification_deadline(fp, received_at, due):
    assert _submit(fp, received_at).verification_due == due


@pytest.mark.django_db
def test_verification_deadline_across_the_2025_year_end_with_collective_leave(
    fp, cuti_bersama_2025
):
    # Wed 24 Dec 2025; Thu 25 Christmas, Fri 26 cuti bersama, weekend; Mon 29, Tue 30, Wed 31.
    assert _submit(fp, utc(2025, 12, 24, 3)).verification_due == end_of(2025, 12, 31)


@pytest.mark.django_db
def test_verification_deadline_around_idul_fitri_with_collective_leave(fp, cuti_bersama_2025):
    # Thu 27 Mar 2025. Fri 28 cuti bersama (Nyepi); Sat 29 Nyepi; Sun 30; Mon 31 Mar and Tue 1 Apr
    # Idul Fitri; Wed 2, Thu 3, Fri 4 cuti bersama; weekend; Mon 7 cuti bersama.
    # Day 1 Tue 8, day 2 Wed 9, day 3 Thu 10 April.
    assert _submit(fp, utc(2025, 3, 27, 3)).verification_due == end_of(2025, 4, 10)


@pytest.mark.django_db
def test_verification_deadline_around_idul_fitri_without_collective_leave(fp):
    # The same day, had the agency entered no collective leave: national holidays only.
    # Day 1 Fri 28 Mar; (29 Nyepi, 30 Sunday, 31 and 1 Apr Idul Fitri) day 2 Wed 2, day 3 Thu 3.
    assert _submit(fp, utc(2025, 3, 27, 3)).verification_due == end_of(2025, 4, 3)


@pytest.mark.django_db
def test_overdue_is_decided_by_the_jakarta_clock(fp):
    complaint = _submit(fp, utc(2026, 9, 9, 23, 30))  # due end of Tue 15 Sep (WIB)
    due = complaint.verification_due
    # 23:30 WIB on Tue 15 Sep: still within the deadline.
    assert rules_complaints.overdue_step(
        S.RECEIVED, now=utc(2026, 9, 15, 16, 30), verification_due=due, follow_up_due=None
    ) == ("")
    # 00:30 WIB on Wed 16 Sep is still Tue 15 Sep in UTC (17:30): overdue.
    assert (
        rules_complaints.overdue_step(
            S.RECEIVED, now=utc(2026, 9, 15, 17, 30), verification_due=due, follow_up_due=None
        )
        == "verification"
    )


def _freeze(monkeypatch, instant):
    monkeypatch.setattr("django.utils.timezone.now", lambda: instant)


def _dispatched_at(fp, personas, monkeypatch, instant):
    complaint = _submit(fp, instant)
    _freeze(monkeypatch, instant)
    svc.complaint_verify(complaint=complaint, actor=fp.coordinator, note="ok")
    svc.complaint_dispatch(complaint=complaint, actor=fp.coordinator, unit=personas.unit_a)
    return complaint


@pytest.mark.django_db
def test_follow_up_due_five_working_days_across_the_year_end(
    fp, personas, monkeypatch, cuti_bersama_2025
):
    # Dispatched Wed 24 Dec 2025, 10:00 WIB. Thu 25 Christmas, Fri 26 cuti bersama, weekend;
    # Mon 29, Tue 30, Wed 31, (Thu 1 Jan holiday) Fri 2, Mon 5 Jan 2026.
    complaint = _dispatched_at(fp, personas, monkeypatch, utc(2025, 12, 24, 3))
    assert complaint.follow_up_due == end_of(2026, 1, 5)


@pytest.mark.django_db
def test_follow_up_due_five_working_days_after_idul_fitri(
    fp, personas, monkeypatch, cuti_bersama_2025
):
    # Dispatched Thu 27 Mar 2025: closed until Mon 7 Apr; Tue 8, Wed 9, Thu 10, Fri 11, Mon 14.
    complaint = _dispatched_at(fp, personas, monkeypatch, utc(2025, 3, 27, 3))
    assert complaint.follow_up_due == end_of(2025, 4, 14)


@pytest.mark.django_db
def test_follow_up_overdue_after_exactly_five_working_days(fp, personas, monkeypatch):
    # Dispatched Mon 7 Sep 2026 (no holiday nearby): Tue 8 … Mon 14 is day 5.
    complaint = _dispatched_at(fp, personas, monkeypatch, utc(2026, 9, 7, 3))
    assert complaint.follow_up_due == end_of(2026, 9, 14)
    _freeze(monkeypatch, utc(2026, 9, 14, 16, 30))  # 23:30 WIB on day 5: not yet
    assert svc.complaints_escalate(now=utc(2026, 9, 14, 16, 30)) == 0
    # 00:30 WIB on Tue 15 Sep (still the 14th in UTC): escalated.
    _freeze(monkeypatch, utc(2026, 9, 14, 17, 30))
    assert svc.complaints_escalate(now=utc(2026, 9, 14, 17, 30)) == 1


@pytest.mark.django_db
def test_auto_close_after_exactly_ten_working_days(fp, personas, monkeypatch):
    # Followed up on Mon 7 Sep 2026 10:00 WIB. Working days: Tue 8 (1), Wed 9, Thu 10, Fri 11,
    # Mon 14 (5), Tue 15, Wed 16, Thu 17, Fri 18, Mon 21 Sep (10).
    complaint = _dispatched_at(fp, personas, monkeypatch, utc(2026, 9, 7, 3))
    svc.complaint_respond(complaint=complaint, actor=fp.liaison, public_message="Sudah ditangani.")
    complaint.refresh_from_db()
    assert complaint.auto_close_due == end_of(2026, 9, 21)
    # End of day 5 (Mon 14) and 23:30 WIB on day 10: the reporter may still reply.
    for instant in (utc(2026, 9, 14, 17, 0), utc(2026, 9, 21, 16, 30)):
        _freeze(monkeypatch, instant)
        assert svc.complaints_auto_close(now=instant) == 0
    # 00:30 WIB on Tue 22 Sep: closed.
    _freeze(monkeypatch, utc(2026, 9, 21, 17, 30))
    assert svc.complaints_auto_close(now=utc(2026, 9, 21, 17, 30)) == 1
    complaint.refresh_from_db()
    assert complaint.status == S.CLOSED
