"""A small learning world on top of the personas, written straight to the tables (no services),
for tests and the permission matrix:

    world = build_learning_world(personas)
    world.session          # open for registration today, quota 3, supervisor then BKPSDM
    world.pending          # the persona 'employee' registered, waiting for the supervisor
    world.completed        # the persona 'employee' completed an earlier session, with certificate
    world.course, world.quiz, world.enrolment  # an e-learning course the employee is taking
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from abdi.competency.models import Competency
from abdi.learning.choices import (
    ExternalCertificateStatus,
    JpSource,
    ModuleKind,
    PlanItemKind,
    PlanItemSource,
    ProgrammeCategory,
    ProgrammeMode,
    ProviderKind,
    QuestionKind,
    RegistrationAction,
    RegistrationStatus,
)
from abdi.learning.models import (
    Certificate,
    Choice,
    Course,
    DevelopmentPlan,
    DevelopmentPlanItem,
    Enrolment,
    ExternalCertificate,
    JpEntry,
    Module,
    Programme,
    ProgrammeCompetency,
    Provider,
    Question,
    Quiz,
    Registration,
    RegistrationStep,
    TrainingSession,
)
from abdi.learning.services.credit import jp_totals_refresh

# The smallest valid PDF: enough for a content check that reads the magic bytes.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class LearningWorld:
    competency: Any
    provider: Any
    programme: Any
    elearning_programme: Any
    session: Any
    past_session: Any
    pending: Any
    completed: Any
    certificate: Any
    course: Any
    module: Any
    quiz_module: Any
    quiz: Any
    question: Any
    enrolment: Any
    plan: Any
    plan_item: Any
    external: Any


def make_programme(*, code: str, title: str, provider, competency=None, level=3, **extra):
    programme = Programme.objects.create(
        code=code,
        title=title,
        mode=extra.pop("mode", ProgrammeMode.CLASSROOM),
        category=extra.pop("category", ProgrammeCategory.TECHNICAL),
        provider=provider,
        jp=extra.pop("jp", 24),
        **extra,
    )
    if competency is not None:
        ProgrammeCompetency.objects.create(
            programme=programme, competency=competency, target_level=level
        )
    return programme


def make_session(programme, *, today: dt.date, name: str = "Angkatan I", **extra):
    defaults = {
        "start_date": today + dt.timedelta(days=14),
        "end_date": today + dt.timedelta(days=16),
        "location": "Aula BKPSDM",
        "quota": 3,
        "registration_opens": today - dt.timedelta(days=7),
        "registration_closes": today + dt.timedelta(days=7),
        "contact": "Seksi Diklat, 0361-000000",
    }
    defaults.update(extra)
    return TrainingSession.objects.create(programme=programme, name=name, **defaults)


def open_session(world: LearningWorld, today: dt.date, **extra: Any) -> TrainingSession:
    """A session of the world's programme open for registration today."""
    return make_session(world.programme, today=today, name=extra.pop("name", "Uji"), **extra)


def running_session(world: LearningWorld, today: dt.date, **extra: Any) -> TrainingSession:
    """A session of the world's programme that started yesterday (registration closed)."""
    return make_session(
        world.programme,
        today=today,
        name="Berjalan",
        start_date=today - dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=1),
        registration_opens=today - dt.timedelta(days=30),
        registration_closes=today - dt.timedelta(days=10),
        **extra,
    )


def confirmed_registration(session: TrainingSession, employee: Any) -> Registration:
    """A registration holding a seat, written directly (no workflow steps)."""
    return Registration.objects.create(
        session=session,
        employee=employee,
        status=RegistrationStatus.CONFIRMED,
        confirmed_at=timezone.now(),
    )


def registration_actions(registration: Registration) -> list[str]:
    """The workflow steps of a registration, oldest first."""
    return list(registration.steps.order_by("at", "pk").values_list("action", flat=True))


def build_learning_world(p, today: dt.date | None = None) -> LearningWorld:
    today = today or timezone.localdate()
    now = timezone.now()
    competency = Competency.objects.order_by("kind", "order").first()
    provider = Provider.objects.create(name="BKPSDM (uji)", kind=ProviderKind.INTERNAL)
    programme = make_programme(
        code="UJI-01", title="Pelatihan Pelayanan Prima", provider=provider, competency=competency
    )
    session = make_session(programme, today=today)
    past_session = make_session(
        programme,
        today=today - dt.timedelta(days=60),
        name="Angkatan 0",
    )
    pending = Registration.objects.create(
        session=session, employee=p.employee, status=RegistrationStatus.PENDING_SUPERVISOR
    )
    RegistrationStep.objects.create(
        registration=pending, action=RegistrationAction.REGISTERED, actor=p.employee.user
    )
    completed = Registration.objects.create(
        session=past_session,
        employee=p.employee,
        status=RegistrationStatus.COMPLETED,
        confirmed_at=now - dt.timedelta(days=70),
        completed_at=now - dt.timedelta(days=40),
        score=85,
    )
    certificate = Certificate.objects.create(
        number=f"UJI/{today.year}/0001",
        employee=p.employee,
        registration=completed,
        programme=programme,
        employee_name=p.employee.name,
        programme_title=programme.title,
        jp=programme.jp,
        completed_on=past_session.end_date,
        issued_on=past_session.end_date,
    )
    JpEntry.objects.create(
        employee=p.employee,
        year=past_session.end_date.year,
        date=past_session.end_date,
        jp=programme.jp,
        source=JpSource.TRAINING,
        title=programme.title,
        registration=completed,
    )
    # Written directly (no completion service here), so the yearly total is refreshed as the
    # credit services do.
    jp_totals_refresh(employee_ids=[p.employee.pk])

    elearning_programme = make_programme(
        code="UJI-EL",
        title="E-learning Etika ASN",
        provider=provider,
        competency=competency,
        mode=ProgrammeMode.ELEARNING,
        category=ProgrammeCategory.SEMINAR,
        jp=4,
    )
    course = Course.objects.create(programme=elearning_programme, is_published=True)
    quiz = Quiz.objects.create(course=course, title="Kuis akhir", pass_mark=60, max_attempts=2)
    question = Question.objects.create(
        quiz=quiz, text="Nilai dasar ASN adalah …", kind=QuestionKind.SINGLE
    )
    Choice.objects.create(question=question, text="BerAKHLAK", is_correct=True, order=1)
    Choice.objects.create(question=question, text="Bebas nilai", order=2)
    module = Module.objects.create(
        course=course, order=1, title="Pengantar", kind=ModuleKind.TEXT, body="Isi modul."
    )
    quiz_module = Module.objects.create(
        course=course, order=2, title="Kuis akhir", kind=ModuleKind.QUIZ, quiz=quiz
    )
    enrolment = Enrolment.objects.create(course=course, employee=p.employee, last_module=module)

    plan = DevelopmentPlan.objects.create(employee=p.employee, year=today.year)
    plan_item = DevelopmentPlanItem.objects.create(
        plan=plan,
        competency=competency,
        kind=PlanItemKind.TRAINING,
        programme=programme,
        target_date=dt.date(today.year, 12, 31),
        source=PlanItemSource.GAP,
        gap=1,
    )
    external = ExternalCertificate(
        employee=p.employee,
        title="Webinar Literasi Digital",
        provider="Kementerian Kominfo",
        start_date=today - dt.timedelta(days=30),
        end_date=today - dt.timedelta(days=30),
        jp=2,
        content_type="application/pdf",
        status=ExternalCertificateStatus.SUBMITTED,
    )
    external.file.save("webinar.pdf", ContentFile(TINY_PDF), save=False)
    external.save()
    return LearningWorld(
        competency=competency,
        provider=provider,
        programme=programme,
        elearning_programme=elearning_programme,
        session=session,
        past_session=past_session,
        pending=pending,
        completed=completed,
        certificate=certificate,
        course=course,
        module=module,
        quiz_module=quiz_module,
        quiz=quiz,
        question=question,
        enrolment=enrolment,
        plan=plan,
        plan_item=plan_item,
        external=external,
    )
