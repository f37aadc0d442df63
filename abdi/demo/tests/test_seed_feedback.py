"""seed_demo's public voice: services, complaints in every state with consistent timelines,
surveys with a real IKM and a trend, and the three public-voice logins."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from abdi.accounts.models import User
from abdi.core.calendar import JAKARTA
from abdi.feedback.choices import ComplaintAction as A
from abdi.feedback.choices import ComplaintStatus as S
from abdi.feedback.models import (
    Complaint,
    ComplaintEvent,
    PublicService,
    SatisfactionSurvey,
    SurveyResponse,
)
from abdi.feedback.permissions import (
    can_manage_service_unit,
    complaints_visible_to,
    is_complaint_coordinator,
)
from abdi.feedback.rules import complaints as rules_complaints
from abdi.feedback.selectors.complaints import complaints_about_employee
from abdi.feedback.selectors.surveys import survey_result, survey_trend
from abdi.org.models import OrgUnit

TODAY = dt.date(2026, 3, 15)
END_OF_TODAY = dt.datetime.combine(TODAY, dt.time(15, 0), tzinfo=JAKARTA)
N = 150


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def assert_working_day_deadline(start: dt.datetime, n: int, due: dt.datetime) -> None:
    """An independent check of a stored deadline (not the app's calendar code): the end
    (23:59:59 Jakarta) of the n-th Monday–Friday after the Jakarta day of `start` that is no
    national holiday (`holidays`, ID) and no collective leave day of the agency."""
    import holidays

    from abdi.core.models import CollectiveLeaveDay

    day = start.astimezone(JAKARTA).date()
    closed = set(holidays.country_holidays("ID", years=[day.year, day.year + 1]))
    closed |= set(CollectiveLeaveDay.objects.values_list("date", flat=True))
    counted = 0
    while counted < n:
        day += dt.timedelta(days=1)
        counted += day.weekday() < 5 and day not in closed
    assert due == dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=JAKARTA), (start, n, due)


def seed(seed=7, n=N):
    out = StringIO()
    call_command(
        "seed_demo",
        employees=n,
        seed=seed,
        password="demo-pass-123",
        today=TODAY,
        stdout=out,
    )
    return out.getvalue()


def feedback_snapshot():
    complaints = list(
        Complaint.objects.order_by("tracking_code").values_list(
            "tracking_code", "title", "status", "org_unit__code", "received_at", "rating"
        )
    )
    surveys = list(SatisfactionSurvey.objects.order_by("code").values_list("code", "population"))
    answers = list(
        SurveyResponse.objects.order_by("survey__code", "channel", "u1", "u4", "u9", "sex")
        .values_list("survey__code", "channel", "u1", "u4", "u9", "sex")
        .distinct()
    )
    return complaints, surveys, answers


@pytest.mark.django_db
def test_same_seed_gives_the_same_complaints_codes_and_answers():
    snapshots = []
    for value in (7, 7, 8):
        with transaction.atomic():
            seed(seed=value)
            snapshots.append(feedback_snapshot())
            transaction.set_rollback(True)
    assert snapshots[0] == snapshots[1]
    assert snapshots[0][0] and snapshots[0][1] and snapshots[0][2]
    assert {c[0] for c in snapshots[2][0]} != {c[0] for c in snapshots[0][0]}


@pytest.mark.django_db
def test_complaints_in_every_state_with_consistent_timelines():
    out = seed()
    assert "complaints" in out and "survey responses" in out
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert statuses == set(S.values)
    complaints = list(Complaint.objects.select_related("org_unit", "dispatched_unit"))
    events = {}
    for e in ComplaintEvent.objects.order_by("complaint_id", "pk"):
        events.setdefault(e.complaint_id, []).append(e)
    overdue = 0
    for c in complaints:
        assert rules_complaints.normalize_tracking_code(c.tracking_code) == c.tracking_code
        rows = events[c.pk]
        # the first step is the submission at the receipt time; steps follow in time order
        assert rows[0].action == A.SUBMIT and rows[0].created_at == c.received_at
        times = [e.created_at for e in rows]
        assert times == sorted(times), c.tracking_code
        assert times[-1] <= END_OF_TODAY + dt.timedelta(minutes=30)
        # every step was a legal transition, ending in the complaint's status
        status = S.RECEIVED
        for e in rows[1:]:
            assert e.from_status == status, (c.tracking_code, e.action)
            status = rules_complaints.next_status(e.action, status)
            assert e.to_status == status
        assert status == c.status
        # the stored step times and deadlines are those of the timeline
        by_action = {}
        for e in rows:
            by_action.setdefault(e.action, []).append(e.created_at)
        assert_working_day_deadline(c.received_at, 3, c.verification_due)
        if A.DISPATCH in by_action:
            assert c.dispatched_at == by_action[A.DISPATCH][-1]
            assert c.dispatched_unit_id == c.org_unit_id
            if A.REOPEN not in by_action:
                assert_working_day_deadline(c.dispatched_at, 5, c.follow_up_due)
        if A.RESPOND in by_action:
            assert c.followed_up_at == by_action[A.RESPOND][-1]
        if c.status == S.CLOSED:
            assert c.closed_at == (by_action.get(A.CLOSE) or by_action[A.AUTO_CLOSE])[-1]
            assert c.closed_at >= c.followed_up_at
        overdue += bool(
            rules_complaints.overdue_step(
                c.status,
                now=END_OF_TODAY,
                verification_due=c.verification_due,
                follow_up_due=c.follow_up_due,
            )
        )
    assert overdue >= 2
    assert ComplaintEvent.objects.filter(action=A.AUTO_CLOSE).exists()
    assert Complaint.objects.filter(status=S.CLOSED, rating__isnull=False).exists()
    assert Complaint.objects.filter(status=S.REOPENED, reopen_count=1).exists()
    # anonymous reports keep no reporter data at all
    anonymous = Complaint.objects.filter(is_anonymous=True)
    assert anonymous.exists()
    assert not anonymous.exclude(reporter_name="", reporter_email="", reporter_phone="").exists()


@pytest.mark.django_db
def test_services_links_and_the_public_voice_logins():
    seed()
    kinds = set(PublicService.objects.values_list("org_unit__kind", flat=True))
    assert {"puskesmas", "hospital", "school"} <= kinds
    assert PublicService.objects.filter(name="Pengesahan STNK Tahunan").exists()  # Samsat
    assert PublicService.objects.filter(org_unit__code="DISHUB").exists()  # permits
    users = {u.username: u for u in User.objects.all()}
    for name in ("pengaduan", "penghubung.puskesmas", "admin.layanan"):
        assert users[name].check_password("demo-pass-123"), name
    assert is_complaint_coordinator(users["pengaduan"])
    assert complaints_visible_to(users["pengaduan"]).count() == Complaint.objects.count()
    # the liaison sees the complaints dispatched to their puskesmas, and only those
    puskesmas = OrgUnit.objects.get(code="DINKES-PKM-KJB-1")
    theirs = complaints_visible_to(users["penghubung.puskesmas"])
    assert theirs.exists()
    assert set(theirs.values_list("dispatched_unit", flat=True)) == {puskesmas.pk}
    assert theirs.filter(status=S.DISPATCHED).exists() or theirs.filter(status=S.REOPENED).exists()
    # the service admin keeps Dinas Kesehatan's services (puskesmas included), not the schools'
    admin = users["admin.layanan"]
    assert can_manage_service_unit(admin, puskesmas)
    assert not can_manage_service_unit(admin, OrgUnit.objects.get(code="DISDIK"))
    # complaints about an officer are linked; the demo employee's appraiser sees theirs
    linked = Complaint.objects.filter(employee__isnull=False)
    assert linked.exists()
    assert set(linked.values_list("kind", flat=True)) == {"complaint"}
    pegawai = users["pegawai"].employee
    mine = complaints_about_employee(users["atasan"], pegawai)
    assert mine.count() >= 1
    assert complaints_about_employee(users["pegawai"], pegawai).count() == 0
    out = StringIO()
    call_command("demo_logins", password="demo-pass-123", stdout=out)
    text = out.getvalue()
    for name in ("pengaduan", "penghubung.puskesmas", "admin.layanan"):
        assert name in text
    assert "kata sandi lain" not in text


@pytest.mark.django_db
def test_surveys_show_a_real_ikm_and_a_four_quarter_trend():
    seed()
    admin = User.objects.get(username="admin")
    services = PublicService.objects.filter(surveys__isnull=False).distinct()
    assert services.count() >= 4
    for service in services:
        surveys = list(service.surveys.order_by("period_start"))
        assert len(surveys) == 4
        assert [s.is_open for s in surveys] == [False, False, False, True]
        assert surveys[-1].period_start <= TODAY <= surveys[-1].period_end
        for survey in surveys:
            result = survey_result(survey)
            assert result.respondents > 0
            assert result.online > 0 and result.paper > 0
            assert result.ikm_100 is not None and 25 <= result.ikm_100 <= 100
            # the grade by the table of Permen PANRB 14/2017, written out here
            score = result.ikm_100
            expected = (
                "A" if score >= 88.31 else "B" if score >= 76.61 else "C" if score >= 65 else "D"
            )
            assert result.grade is not None and result.grade.grade == expected
        trend = survey_trend(surveys[-1], user=admin)
        assert len(trend) == 4 and all(p.ikm_100 is not None for p in trend)
    # paper forms were typed in by the unit's admin; online ones keep one per device and day
    assert not SurveyResponse.objects.filter(channel="paper", entered_by__isnull=True).exists()
    assert not SurveyResponse.objects.filter(
        channel="online", device_day_hash__isnull=True
    ).exists()
    dinkes = OrgUnit.objects.get(code="DINKES")
    by_unit_admin = SatisfactionSurvey.objects.filter(created_by__username="admin.layanan")
    assert by_unit_admin.exists()
    assert not by_unit_admin.exclude(service__org_unit__path__startswith=dinkes.path).exists()
