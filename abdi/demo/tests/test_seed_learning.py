"""seed_demo's competency and learning data: sessions in every state, registrations in
every status that keep the seat rules, certificates that agree with their JP lines, an e-learning
course with a quiz, plans, a JP history, and the demo logins' story for journey 3."""

import datetime as dt
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q, Sum

from abdi.accounts.models import User
from abdi.competency.models import Assessment, AssessmentResult, PositionStandard
from abdi.competency.selectors import employee_gaps, unit_heatmap
from abdi.core.uploads import PDF, detect_type
from abdi.employees.models import Employee
from abdi.learning.choices import (
    LIVE_REGISTRATION,
    SEAT_HOLDING,
    ExternalCertificateStatus,
    JpSource,
    ModuleKind,
    PlanStatus,
    ProgrammeCategory,
    ProgrammeMode,
    QuestionKind,
    RegistrationStatus,
    SessionApproval,
)
from abdi.learning.models import (
    Attendance,
    Certificate,
    DevelopmentPlan,
    DevelopmentPlanItem,
    Enrolment,
    ExternalCertificate,
    JpEntry,
    Module,
    ModuleProgress,
    Programme,
    Provider,
    Quiz,
    QuizAttempt,
    ReactionSurvey,
    Registration,
    RegistrationStep,
    TrainingSession,
)
from abdi.learning.permissions import is_superior_of
from abdi.org.models import OrgUnit
from abdi.performance.models import SKP

TODAY = dt.date(2026, 8, 20)
N = 150


def seed(seed=7, n=N, **extra):
    out = StringIO()
    call_command(
        "seed_demo",
        employees=n,
        seed=seed,
        password="demo-pass-123",
        today=TODAY,
        stdout=out,
        **extra,
    )
    return out.getvalue()


def state(s: TrainingSession) -> str:
    seats = s.registrations.filter(status__in=SEAT_HOLDING).count()
    if s.is_cancelled:
        return "cancelled"
    if s.end_date < TODAY:
        return "finished"
    if s.start_date <= TODAY:
        return "running"
    if s.registration_opens > TODAY:
        return "not yet open"
    if s.registration_closes < TODAY:
        return "registration closed"
    return "open and full" if seats >= s.quota else "open with seats"


@pytest.mark.django_db
def test_sessions_in_every_state_and_registrations_that_keep_the_seat_rules():
    output = seed()
    assert "catalogue sessions" in output and "JP lines / certificates" in output
    sessions = list(TrainingSession.objects.select_related("programme"))
    states = Counter(state(s) for s in sessions)
    assert set(states) == {
        "not yet open",
        "open with seats",
        "open and full",
        "registration closed",
        "running",
        "finished",
        "cancelled",
    }
    assert {s.approval for s in sessions} == set(SessionApproval.values)
    assert set(Registration.objects.values_list("status", flat=True)) == set(
        RegistrationStatus.values
    )
    seats = dict(
        TrainingSession.objects.annotate(
            n=Count("registrations", filter=Q(registrations__status__in=SEAT_HOLDING))
        ).values_list("pk", "n")
    )
    waiting = Counter(
        Registration.objects.filter(status=RegistrationStatus.WAITLISTED).values_list(
            "session_id", flat=True
        )
    )
    by_pk = {s.pk: s for s in sessions}
    for pk, n in seats.items():
        assert n <= by_pk[pk].quota, by_pk[pk]
    assert waiting
    for pk in waiting:
        assert seats[pk] == by_pk[pk].quota, by_pk[pk]  # a waiting list only when full
        first_wait = (
            Registration.objects.filter(session_id=pk, status=RegistrationStatus.WAITLISTED)
            .order_by("waitlisted_at")
            .first()
            .waitlisted_at
        )
        last_seat = max(
            Registration.objects.filter(session_id=pk, status__in=SEAT_HOLDING).values_list(
                "confirmed_at", flat=True
            )
        )
        assert last_seat < first_wait
    live = Counter(
        Registration.objects.filter(status__in=LIVE_REGISTRATION).values_list(
            "session_id", "employee_id"
        )
    )
    assert max(live.values()) == 1
    # eligibility holds and nobody registered outside the window or for a cancelled session
    for reg in Registration.objects.select_related("session", "employee__position"):
        s = reg.session
        if s.eligible_position_kinds:
            assert reg.employee.position.kind in s.eligible_position_kinds
        if s.eligible_employee_kinds:
            assert reg.employee.kind in s.eligible_employee_kinds
        assert (
            s.registration_opens
            <= reg.created_at.date()
            <= s.registration_closes + dt.timedelta(days=1)
        )
        if reg.status == RegistrationStatus.WAITLISTED:
            assert reg.waitlisted_at is not None
        if reg.status in SEAT_HOLDING:
            assert reg.confirmed_at is not None
        if s.is_cancelled:
            assert reg.status == RegistrationStatus.CANCELLED
    # a catalogue registration's trail starts with registering or a nomination (the in-house
    # and webinar history is carried over without one)
    catalogue = [s for s in sessions if not s.programme.code.startswith(("IHT", "WEB"))]
    for reg in Registration.objects.filter(session__in=catalogue).prefetch_related("steps"):
        actions = [step.action for step in reg.steps.all()]
        assert actions and actions[0] in {"registered", "nominated"}, reg
    # attendance for running and finished sessions; surveys and pre/post tests for completions
    attended = set(Attendance.objects.values_list("registration__session_id", flat=True).distinct())
    for s in sessions:
        if state(s) == "running" or (
            state(s) == "finished" and s.programme.code in {"TEK-PROMKES", "TEK-KEUDA", "PKA"}
        ):
            assert s.pk in attended, s
    assert ReactionSurvey.objects.count() > 20
    assert Registration.objects.filter(
        status=RegistrationStatus.COMPLETED, post_test_score__gt=0, pre_test_score__gt=0
    ).exists()
    assert Registration.objects.filter(
        status=RegistrationStatus.NOT_COMPLETED, attendance__present=False
    ).exists()


@pytest.mark.django_db
def test_catalogue_certificates_jp_elearning_plans_and_competency():
    seed()
    # providers: internal, LAN, two universities with agreements (one expired)
    universities = Provider.objects.filter(kind="university")
    assert universities.count() == 2 and all(p.agreement_number for p in universities)
    assert sorted(p.agreement_until < TODAY for p in universities) == [False, True]
    assert set(Provider.objects.values_list("kind", flat=True)) >= {"internal", "lan"}
    programmes = Programme.objects.all()
    assert programmes.count() >= 12
    assert {p.category for p in programmes} >= {
        ProgrammeCategory.PKA,
        ProgrammeCategory.PKP,
        ProgrammeCategory.FUNCTIONAL,
        ProgrammeCategory.TECHNICAL,
        ProgrammeCategory.SEMINAR,
        ProgrammeCategory.COACHING,
    }
    assert {p.mode for p in programmes} == set(ProgrammeMode.values)
    assert programmes.filter(mode=ProgrammeMode.ELEARNING).count() >= 2
    assert programmes.filter(competency_targets__target_level__isnull=False).exists()

    # every certificate agrees with its JP line; numbers follow the credit core's format
    lines = {
        (line.registration_id, line.enrolment_id): line
        for line in JpEntry.objects.exclude(source=JpSource.EXTERNAL)
    }
    certificates = list(Certificate.objects.all())
    assert len(certificates) > 50
    for c in certificates:
        line = lines[(c.registration_id, c.enrolment_id)]
        assert (c.jp, c.employee_id) == (line.jp, line.employee_id), c.number
        assert c.number.endswith(f"/{c.issued_on.year}/{c.pk:06d}")
        assert c.completed_on <= c.issued_on <= TODAY
    assert len({c.code for c in certificates}) == len(certificates)
    # one source per JP line; completed registrations and enrolments all have theirs
    for line in JpEntry.objects.all():
        assert [line.registration_id, line.enrolment_id, line.external_id].count(None) == 2
    assert not Registration.objects.filter(
        status=RegistrationStatus.COMPLETED, jp_entry__isnull=True
    ).exists()
    assert not Enrolment.objects.filter(completed_at__isnull=False, jp_entry__isnull=True).exists()
    assert (
        not JpEntry.objects.exclude(registration__status=RegistrationStatus.COMPLETED)
        .filter(source=JpSource.TRAINING)
        .exists()
    )
    # JP history: last year and this year; this year a realistic share of PNS below 20 JP
    assert set(JpEntry.objects.values_list("year", flat=True)) == {2025, 2026}
    pns = Employee.objects.filter(is_active=True, kind="pns")
    totals = dict(
        JpEntry.objects.filter(year=2026, employee__in=pns)
        .values("employee")
        .annotate(t=Sum("jp"))
        .values_list("employee", "t")
    )
    below = sum(1 for e in pns.values_list("pk", flat=True) if totals.get(e, 0) < 20)
    assert 0.25 < below / pns.count() < 0.8
    for total in (
        JpEntry.objects.filter(employee__kind="pppk")
        .values("employee", "year")
        .annotate(t=Sum("jp"))
        .values_list("t", flat=True)
    ):
        assert total <= 24

    # e-learning: ordered modules of every kind, a question bank, attempts
    quiz = Quiz.objects.get(course__programme__code="EL-DIGITAL")
    assert (quiz.pass_mark, quiz.max_attempts) == (70, 3)
    assert quiz.questions.count() >= 8
    assert set(quiz.questions.values_list("kind", flat=True)) == set(QuestionKind.values)
    modules = list(Module.objects.filter(course=quiz.course).order_by("order"))
    assert len(modules) >= 4
    assert {ModuleKind.TEXT, ModuleKind.VIDEO_LINK, ModuleKind.PDF, ModuleKind.QUIZ} <= {
        m.kind for m in modules
    }
    pdf = next(m for m in modules if m.kind == ModuleKind.PDF)
    with pdf.file.open("rb") as fh:
        assert detect_type(ContentFile(fh.read(), name="m.pdf")) == PDF
    enrolments = Enrolment.objects.filter(course=quiz.course)
    assert enrolments.filter(completed_at__isnull=True, last_module__isnull=False).exists()
    assert QuizAttempt.objects.filter(quiz=quiz, passed=False).exists()
    done = enrolments.filter(completed_at__isnull=False)
    assert done.exists() and all(hasattr(e, "certificate") for e in done)
    assert ModuleProgress.objects.filter(enrolment__in=enrolments).exists()
    # external certificates: submitted and verified (with their JP line), valid PDFs
    external = ExternalCertificate.objects.all()
    assert {ExternalCertificateStatus.SUBMITTED, ExternalCertificateStatus.VERIFIED} <= set(
        external.values_list("status", flat=True)
    )
    for e in external.filter(status=ExternalCertificateStatus.VERIFIED):
        assert e.jp_entry.jp == e.jp
    with external.first().file.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"
    # development plans in every state, items linked to programmes
    assert set(DevelopmentPlan.objects.values_list("status", flat=True)) >= {
        PlanStatus.AGREED,
        PlanStatus.SUBMITTED,
        PlanStatus.DRAFT,
    }
    assert DevelopmentPlanItem.objects.filter(programme__isnull=False).count() > 10

    # competency: standards for some positions, assessments for ~85 %, some with history
    active = Employee.objects.filter(is_active=True).count()
    assessed = Assessment.objects.exclude(method="training").values("employee").distinct().count()
    assert 0.75 < assessed / active < 0.95
    twice = (
        Assessment.objects.exclude(method="training")
        .values("employee")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert twice.exists()
    assert set(Assessment.objects.values_list("method", flat=True)) >= {
        "assessment_centre",
        "cact",
        "competency_test",
        "360",
    }
    assert PositionStandard.objects.filter(competency__kind="technical").exists()
    assert not AssessmentResult.objects.filter(Q(level__lt=1) | Q(level__gt=5)).exists()
    heat = unit_heatmap(OrgUnit.objects.get(code="DINKES"))
    assert any(cell.below for row in heat["rows"] for cell in row.cells.values())


@pytest.mark.django_db
def test_demo_logins_can_walk_journey_3():
    seed()
    pegawai = Employee.objects.get(user__username="pegawai")
    atasan_user = User.objects.get(username="atasan")
    # a visible gap
    gaps = employee_gaps(pegawai)
    below = {g["competency"].pk for g in gaps["gaps"] if g["below"]}
    assert below
    # an open session with seats whose programme closes one of those gaps, and pegawai is free
    # to register (eligible, not yet registered)
    closing = [
        s
        for s in TrainingSession.objects.filter(
            is_cancelled=False,
            registration_opens__lte=TODAY,
            registration_closes__gte=TODAY,
            programme__competency_targets__competency__in=below,
            programme__competency_targets__target_level__isnull=False,
        ).distinct()
        if state(s) == "open with seats"
        and not s.registrations.filter(employee=pegawai).exists()
        and (not s.eligible_position_kinds or pegawai.position.kind in s.eligible_position_kinds)
        and all(pegawai.org_unit.path.startswith(u.path) for u in s.eligible_units.all())
    ]
    assert closing
    # a plan in draft or submitted, a completed training with a certificate, an e-learning in
    # progress, a registration waiting for the supervisor, JP below target
    assert DevelopmentPlan.objects.filter(
        employee=pegawai, year=2026, status__in=[PlanStatus.DRAFT, PlanStatus.SUBMITTED]
    ).exists()
    completed = Registration.objects.filter(employee=pegawai, status=RegistrationStatus.COMPLETED)
    assert any(hasattr(r, "certificate") for r in completed)
    assert Enrolment.objects.filter(
        employee=pegawai, completed_at__isnull=True, last_module__isnull=False
    ).exists()
    pending = Registration.objects.filter(
        employee=pegawai, status=RegistrationStatus.PENDING_SUPERVISOR
    )
    assert pending.exists()
    jp = JpEntry.objects.filter(employee=pegawai, year=2026).aggregate(t=Sum("jp"))["t"] or 0
    assert jp < 20
    # atasan: approvals waiting and completions awaiting confirmation, all of subordinates
    waiting = [
        r
        for r in Registration.objects.filter(status=RegistrationStatus.PENDING_SUPERVISOR)
        if is_superior_of(atasan_user, r.employee)
    ]
    assert len(waiting) >= 2 and pegawai.pk in {r.employee_id for r in waiting}
    to_confirm = [
        r
        for r in Registration.objects.filter(
            status=RegistrationStatus.COMPLETED,
            completion_confirmed_at__isnull=True,
            session__programme__competency_targets__target_level__isnull=False,
        ).distinct()
        if is_superior_of(atasan_user, r.employee)
    ]
    assert to_confirm
    # and pegawai's submitted plan to agree
    assert DevelopmentPlan.objects.filter(
        employee=pegawai, status=PlanStatus.SUBMITTED, supervisor__user=atasan_user
    ).exists()


def counts():
    models = [
        Assessment,
        AssessmentResult,
        PositionStandard,
        Programme,
        TrainingSession,
        Registration,
        RegistrationStep,
        Attendance,
        ReactionSurvey,
        Enrolment,
        ModuleProgress,
        QuizAttempt,
        Certificate,
        ExternalCertificate,
        JpEntry,
        DevelopmentPlan,
        DevelopmentPlanItem,
    ]
    result = {m.__name__: m.objects.count() for m in models}
    result["registrations"] = list(
        Registration.objects.order_by(
            "employee__nip", "session__name", "session__programme__code"
        ).values_list("employee__nip", "session__programme__code", "session__name", "status")
    )
    result["jp"] = list(
        JpEntry.objects.order_by("employee__nip", "date", "title", "jp").values_list(
            "employee__nip", "date", "jp", "source"
        )
    )
    result["levels"] = list(
        AssessmentResult.objects.order_by(
            "assessment__employee__nip", "assessment__date", "competency__code"
        ).values_list("assessment__employee__nip", "competency__code", "level")
    )
    return result


def seeded_then_rolled_back(seed_value):
    with transaction.atomic():
        seed(seed=seed_value)
        rows = counts()
        transaction.set_rollback(True)
    assert not Registration.objects.exists()
    return rows


@pytest.mark.django_db
def test_same_seed_gives_the_same_learning_data():
    first = seeded_then_rolled_back(7)
    assert first["Registration"] > 100 and first["JpEntry"] > 100
    assert seeded_then_rolled_back(7) == first


@pytest.mark.django_db
def test_personnel_only_with_competency_seeds_competency_and_jp_but_no_skps():
    output = seed(n=100, personnel_only=True, with_competency=True)
    assert re.search(r"competency\+learning seconds\s+\d", output)
    assert not SKP.objects.exists()
    assert Assessment.objects.exists() and JpEntry.objects.exists()
    assert Certificate.objects.exists()
