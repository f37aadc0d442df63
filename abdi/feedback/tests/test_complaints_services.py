"""Complaint handling services: deadlines in working days, every transition and every refusal,
the periodic tick (auto-close, escalation) and the employee link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from abdi.core.calendar import JAKARTA
from abdi.core.models import CollectiveLeaveDay
from abdi.feedback.choices import ComplaintAction as A
from abdi.feedback.choices import ComplaintStatus as S
from abdi.feedback.models import Complaint, ComplaintEvent
from abdi.feedback.rules import complaints as rules
from abdi.feedback.selectors.complaints import complaints_about_employee
from abdi.feedback.services import complaints as svc
from abdi.feedback.testing import build_feedback_personas


def jkt(y, m, d, h=10, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=JAKARTA)


@pytest.fixture
def fp(personas):
    return build_feedback_personas(personas)


def submit(fp, **extra):
    data = svc.ComplaintInput(
        kind=extra.pop("kind", "complaint"),
        title=extra.pop("title", "Antrian terlalu lama"),
        description=extra.pop("description", "Menunggu tiga jam di poli umum."),
        service=extra.pop("service", fp.service),
        reporter_name=extra.pop("reporter_name", "Ani Warga"),
        reporter_email=extra.pop("reporter_email", "ani@example.test"),
        reporter_phone=extra.pop("reporter_phone", "0812"),
        **extra,
    )
    return svc.complaint_submit(data=data)


# --- deadlines --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_filed_before_christmas_verification_due_end_of_wednesday(fp):
    c = svc.complaint_submit(
        data=svc.ComplaintInput(kind="complaint", title="t", description="d", service=fp.service),
        received_at=jkt(2026, 12, 24, 16),
    )
    # Thu 24 filed; 25 Dec holiday; Mon 28, Tue 29, Wed 30
    assert c.verification_due.astimezone(JAKARTA) == dt.datetime(
        2026, 12, 30, 23, 59, 59, tzinfo=JAKARTA
    )


@pytest.mark.django_db
def test_friday_filing_counts_from_monday(fp):
    c = svc.complaint_submit(
        data=svc.ComplaintInput(kind="complaint", title="t", description="d", service=fp.service),
        received_at=jkt(2026, 3, 6, 20),  # a Friday evening
    )
    assert c.verification_due.astimezone(JAKARTA).date() == dt.date(2026, 3, 11)  # Mon, Tue, Wed


@pytest.mark.django_db
def test_collective_leave_day_is_skipped(fp):
    CollectiveLeaveDay.objects.create(date=dt.date(2026, 3, 10), description="Cuti bersama")
    c = svc.complaint_submit(
        data=svc.ComplaintInput(kind="complaint", title="t", description="d", service=fp.service),
        received_at=jkt(2026, 3, 6, 9),
    )
    assert c.verification_due.astimezone(JAKARTA).date() == dt.date(2026, 3, 12)


@pytest.mark.django_db
def test_submit_sets_code_unit_event_and_anonymous_keeps_no_identity(fp):
    c = submit(fp, is_anonymous=True)
    assert rules.normalize_tracking_code(c.tracking_code) == c.tracking_code
    assert c.org_unit == fp.puskesmas and c.status == S.RECEIVED
    assert (c.reporter_name, c.reporter_email, c.reporter_phone) == ("", "", "")
    assert list(c.events.values_list("action", flat=True)) == [A.SUBMIT]


@pytest.mark.django_db
def test_submit_refuses_missing_target_and_writes_nothing(fp):
    with pytest.raises(ValidationError) as exc:
        svc.complaint_submit(data=svc.ComplaintInput(kind="complaint", title="", description=""))
    assert {"title", "description", "org_unit"} <= set(exc.value.message_dict)
    assert Complaint.objects.count() == 0


# --- transitions ------------------------------------------------------------------------------


def _verified_dispatched(fp, personas):
    c = submit(fp)
    svc.complaint_verify(complaint=c, actor=fp.coordinator, note="ok")
    svc.complaint_dispatch(complaint=c, actor=fp.coordinator, unit=personas.unit_a)
    return c


@pytest.mark.django_db
def test_full_path_with_deadlines_and_timeline(fp, personas):
    c = _verified_dispatched(fp, personas)
    assert c.status == S.DISPATCHED and c.dispatched_unit == personas.unit_a
    assert c.follow_up_due > c.dispatched_at
    svc.complaint_respond(
        complaint=c, actor=fp.liaison, public_message="Sudah ditegur.", internal_note="rapat"
    )
    assert c.status == S.FOLLOWED_UP and c.auto_close_due and c.followed_up_at
    svc.citizen_rate(complaint=c, rating=4)
    svc.complaint_close(complaint=c, actor=fp.coordinator)
    assert c.status == S.CLOSED and c.rating == 4
    actions = list(c.events.values_list("action", "actor__username"))
    assert actions == [
        (A.SUBMIT, None),
        (A.VERIFY, "koordinator"),
        (A.DISPATCH, "koordinator"),
        (A.RESPOND, "penghubung_dinkes"),
        (A.RATE, None),
        (A.CLOSE, "koordinator"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("step", ["postpone", "not_authority", "archive"])
def test_coordinator_steps_need_a_note(fp, step):
    c = submit(fp)
    fn = getattr(svc, f"complaint_{step}")
    with pytest.raises(ValidationError):
        fn(complaint=c, actor=fp.coordinator, note="  ")
    fn(complaint=c, actor=fp.coordinator, note="alasan", public_message="Pesan")
    c.refresh_from_db()
    assert c.status == {"postpone": S.POSTPONED, "not_authority": S.NOT_OUR_AUTHORITY}.get(
        step, S.ARCHIVED
    )
    assert c.events.last().public_message == "Pesan"


@pytest.mark.django_db
def test_postponed_can_be_verified(fp):
    c = submit(fp)
    svc.complaint_postpone(complaint=c, actor=fp.coordinator, note="lengkapi")
    svc.complaint_verify(complaint=c, actor=fp.coordinator)
    assert c.status == S.VERIFIED


@pytest.mark.django_db
def test_refusals(fp, personas):
    c = submit(fp)
    with pytest.raises(ValidationError, match="harus diverifikasi"):
        svc.complaint_dispatch(complaint=c, actor=fp.coordinator, unit=personas.unit_a)
    with pytest.raises(ValidationError, match="dijawab"):
        svc.complaint_respond(complaint=c, actor=fp.coordinator, public_message="x")
    with pytest.raises(ValidationError):
        svc.citizen_rate(complaint=c, rating=5)
    with pytest.raises(ValidationError):
        svc.citizen_reopen(complaint=c, reason="x")
    svc.complaint_verify(complaint=c, actor=fp.coordinator)
    with pytest.raises(ValidationError, match="diverifikasi"):
        svc.complaint_verify(complaint=c, actor=fp.coordinator)
    with pytest.raises(ValidationError, match="ditutup"):
        svc.complaint_close(complaint=c, actor=fp.coordinator)
    n = ComplaintEvent.objects.filter(complaint=c).count()
    assert n == 2  # submit + verify; refusals wrote nothing


@pytest.mark.django_db
def test_archived_is_final(fp):
    c = submit(fp)
    svc.complaint_archive(complaint=c, actor=fp.coordinator, note="spam")
    for fn in (svc.complaint_verify, svc.complaint_postpone):
        with pytest.raises(ValidationError):
            fn(complaint=c, actor=fp.coordinator, note="x")
    with pytest.raises(ValidationError):
        svc.citizen_reply(complaint=c, message="halo")


@pytest.mark.django_db
@pytest.mark.parametrize("rating", [0, 6, "x", None])
def test_rating_outside_1_5_refused(fp, personas, rating):
    c = _verified_dispatched(fp, personas)
    svc.complaint_respond(complaint=c, actor=fp.liaison, public_message="ok")
    with pytest.raises(ValidationError, match="1 sampai 5"):
        svc.citizen_rate(complaint=c, rating=rating)
    c.refresh_from_db()
    assert c.rating is None


@pytest.mark.django_db
def test_reopen_once(fp, personas):
    c = _verified_dispatched(fp, personas)
    svc.complaint_respond(complaint=c, actor=fp.liaison, public_message="ok")
    svc.citizen_reopen(complaint=c, reason="Belum selesai")
    assert c.status == S.REOPENED and c.reopen_count == 1 and c.auto_close_due is None
    svc.complaint_respond(complaint=c, actor=fp.liaison, public_message="sudah")
    with pytest.raises(ValidationError, match="sekali"):
        svc.citizen_reopen(complaint=c, reason="lagi")
    c.refresh_from_db()
    assert c.status == S.FOLLOWED_UP and c.reopen_count == 1


@pytest.mark.django_db
def test_link_employee_only_substantiated_complaints(fp, personas):
    info = submit(fp, kind="information")
    svc.complaint_verify(complaint=info, actor=fp.coordinator)
    with pytest.raises(ValidationError, match="Hanya pengaduan"):
        svc.complaint_link_employee(
            complaint=info, actor=fp.coordinator, employee=personas.employee, note="x"
        )
    c = submit(fp)
    with pytest.raises(ValidationError, match="diverifikasi"):
        svc.complaint_link_employee(
            complaint=c, actor=fp.coordinator, employee=personas.employee, note="x"
        )
    svc.complaint_verify(complaint=c, actor=fp.coordinator)
    svc.complaint_link_employee(
        complaint=c, actor=fp.coordinator, employee=personas.employee, note="Terbukti kasar"
    )
    assert c.employee == personas.employee and c.employee_link_note == "Terbukti kasar"
    # the appraiser (supervisor) and the coordinator see it; the employee, a colleague, the
    # liaison and the unit head above the appraiser do not
    assert list(complaints_about_employee(personas.supervisor.user, personas.employee)) == [c]
    assert list(complaints_about_employee(fp.coordinator, personas.employee)) == [c]
    for user in (personas.employee.user, personas.colleague.user, fp.liaison, personas.leader):
        assert not complaints_about_employee(user, personas.employee).exists()


# --- tick -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_auto_close_after_ten_working_days_without_reply(fp, personas):
    c = _verified_dispatched(fp, personas)
    svc.complaint_respond(complaint=c, actor=fp.liaison, public_message="ok")
    replied = _verified_dispatched(fp, personas)
    svc.complaint_respond(complaint=replied, actor=fp.liaison, public_message="ok")
    svc.citizen_reply(complaint=replied, message="Belum, masih antre")
    assert svc.complaints_auto_close(now=c.auto_close_due - dt.timedelta(minutes=1)) == 0
    later = c.auto_close_due + dt.timedelta(minutes=1)
    assert svc.complaints_auto_close(now=later) == 1
    c.refresh_from_db()
    replied.refresh_from_db()
    assert c.status == S.CLOSED and c.events.last().action == A.AUTO_CLOSE
    assert replied.status == S.FOLLOWED_UP
    assert svc.complaints_auto_close(now=later) == 0  # idempotent


@pytest.mark.django_db
def test_escalation_of_overdue_follow_up_to_unit_head(
    fp, personas, django_capture_on_commit_callbacks
):
    c = submit(fp)
    svc.complaint_verify(complaint=c, actor=fp.coordinator)
    svc.complaint_dispatch(complaint=c, actor=fp.coordinator, unit=fp.puskesmas)
    fresh = submit(fp)
    with django_capture_on_commit_callbacks(execute=True):
        n = svc.complaints_escalate(now=c.follow_up_due + dt.timedelta(hours=1))
    # `fresh` is overdue for verification too at that time: both escalated, once
    assert n == 2
    c.refresh_from_db()
    assert c.escalated_at is not None
    assert c.events.last().action == A.ESCALATE
    assert "Puskesmas Kenali Besar" in c.events.last().internal_note
    assert [m.to for m in mail.outbox] == [["kapus@example.test"], ["kapus@example.test"]]
    assert fresh.pk
    assert svc.complaints_escalate(now=c.follow_up_due + dt.timedelta(days=1)) == 0


@pytest.mark.django_db
def test_not_overdue_is_not_escalated(fp):
    submit(fp)
    assert svc.complaints_escalate(now=timezone.now()) == 0


@pytest.mark.django_db
def test_complaints_tick_command(fp, personas):
    from django.core.management import call_command

    c = _verified_dispatched(fp, personas)
    svc.complaint_respond(complaint=c, actor=fp.liaison, public_message="ok")
    Complaint.objects.filter(pk=c.pk).update(auto_close_due=timezone.now() - dt.timedelta(days=1))
    call_command("complaints_tick")
    c.refresh_from_db()
    assert c.status == S.CLOSED
