"""Rules and refusals of the credit services: revocation, external certificates, the
competency raise on a confirmed completion, JP reminders; and the JP selectors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from abdi.competency.choices import AssessmentMethod
from abdi.competency.models import Assessment, AssessmentResult, Competency, CurrentLevel
from abdi.competency.selectors import latest_levels
from abdi.competency.services import refresh_current_levels
from abdi.core.models import Notification
from abdi.learning.choices import (
    ExternalCertificateStatus,
    JpSource,
    RegistrationAction,
)
from abdi.learning.models import (
    ExternalCertificate,
    JpEntry,
    ProgrammeCompetency,
    RegistrationStep,
)
from abdi.learning.selectors import credit as sel
from abdi.learning.services import credit as svc
from abdi.learning.testing import TINY_PDF, build_learning_world

# A 1×1 PNG: an image by its content.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def world(personas):
    return build_learning_world(personas)


def pdf(name="sertifikat.pdf", content=TINY_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def submit(personas, **overrides):
    today = timezone.localdate()
    data = {
        "actor": personas.colleague.user,
        "title": "Seminar Nasional Kepegawaian",
        "provider": "Universitas Jambi",
        "start_date": today - dt.timedelta(days=10),
        "end_date": today - dt.timedelta(days=9),
        "jp": 8,
        "number": "UNJA/2026/77",
        "file": pdf(),
    }
    data.update(overrides)
    return svc.external_certificate_submit(**data)


# --- revocation -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_revoke_requires_an_admin_and_a_reason_and_writes_nothing_otherwise(personas, world):
    with pytest.raises(PermissionDenied):
        svc.certificate_revoke(
            actor=personas.supervisor.user, certificate=world.certificate, reason="Salah"
        )
    with pytest.raises(ValidationError) as exc:
        svc.certificate_revoke(actor=personas.admin, certificate=world.certificate, reason="  ")
    assert "reason" in exc.value.message_dict
    world.certificate.refresh_from_db()
    assert world.certificate.is_valid
    assert JpEntry.objects.filter(registration=world.completed).exists()


@pytest.mark.django_db
def test_revoke_marks_the_certificate_removes_its_jp_line_and_tells_the_employee(personas, world):
    certificate = svc.certificate_revoke(
        actor=personas.admin, certificate=world.certificate, reason="Peserta tidak hadir penuh."
    )
    assert not certificate.is_valid
    assert certificate.revoked_by == personas.admin
    assert certificate.revoke_reason == "Peserta tidak hadir penuh."
    assert not JpEntry.objects.filter(registration=world.completed).exists()
    assert Notification.objects.filter(
        user=personas.employee.user, verb="certificate_revoked"
    ).exists()
    with pytest.raises(ValidationError):
        svc.certificate_revoke(actor=personas.admin, certificate=certificate, reason="Lagi")


# --- external certificates ------------------------------------------------------------------


@pytest.mark.django_db
def test_external_certificate_pdf_and_image_are_accepted(personas):
    first = submit(personas)
    assert first.status == ExternalCertificateStatus.SUBMITTED
    assert first.content_type == "application/pdf"
    assert first.employee == personas.colleague
    assert first.file.name.endswith(".pdf")
    second = submit(personas, file=SimpleUploadedFile("foto.png", TINY_PNG))
    assert second.content_type == "image/png"
    assert not JpEntry.objects.filter(external__in=[first, second]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"file": SimpleUploadedFile("palsu.pdf", b"bukan pdf, hanya teks biasa")}, "file"),
        ({"file": SimpleUploadedFile("kosong.pdf", b"")}, "file"),
        ({"file": None}, "file"),
        ({"jp": 0}, "jp"),
        ({"jp": 501}, "jp"),
        ({"jp": "8.5"}, "jp"),
        ({"title": "  "}, "title"),
        ({"provider": ""}, "provider"),
        ({"end_date": timezone.localdate() + dt.timedelta(days=1)}, "end_date"),
        (
            {
                "start_date": timezone.localdate(),
                "end_date": timezone.localdate() - dt.timedelta(days=3),
            },
            "end_date",
        ),
    ],
)
def test_external_certificate_bad_input_is_refused_and_nothing_written(personas, overrides, field):
    before = ExternalCertificate.objects.count()
    with pytest.raises(ValidationError) as exc:
        submit(personas, **overrides)
    assert field in exc.value.message_dict
    assert ExternalCertificate.objects.count() == before


@pytest.mark.django_db
def test_external_certificate_too_large_is_refused(personas, settings):
    settings.ABDI_EXTERNAL_CERTIFICATE_MAX_BYTES = 50
    with pytest.raises(ValidationError) as exc:
        submit(personas)
    assert "terlalu besar" in " ".join(exc.value.message_dict["file"])
    assert not ExternalCertificate.objects.filter(employee=personas.colleague).exists()


@pytest.mark.django_db
def test_external_certificate_needs_an_employee_record(personas):
    with pytest.raises(PermissionDenied):
        submit(personas, actor=personas.admin)


@pytest.mark.django_db
def test_verify_writes_one_external_jp_line_and_a_second_decision_is_refused(personas, world):
    with pytest.raises(PermissionDenied):
        svc.external_certificate_decide(
            actor=personas.supervisor.user, external=world.external, verify=True
        )
    external = svc.external_certificate_decide(
        actor=personas.admin, external=world.external, verify=True
    )
    assert external.status == ExternalCertificateStatus.VERIFIED
    line = JpEntry.objects.get(external=external)
    assert (line.jp, line.source, line.date, line.year) == (
        2,
        JpSource.EXTERNAL,
        external.end_date,
        external.end_date.year,
    )
    assert Notification.objects.filter(
        user=personas.employee.user, verb="external_certificate_decided"
    ).exists()
    for verify in (True, False):
        with pytest.raises(ValidationError):
            svc.external_certificate_decide(
                actor=personas.admin, external=external, verify=verify, note="ulang"
            )
    assert JpEntry.objects.filter(external=external).count() == 1


@pytest.mark.django_db
def test_reject_needs_a_note_and_gives_no_jp(personas, world):
    with pytest.raises(ValidationError) as exc:
        svc.external_certificate_decide(actor=personas.admin, external=world.external, verify=False)
    assert "note" in exc.value.message_dict
    world.external.refresh_from_db()
    assert world.external.status == ExternalCertificateStatus.SUBMITTED
    external = svc.external_certificate_decide(
        actor=personas.admin, external=world.external, verify=False, note="Nama tidak sesuai."
    )
    assert external.status == ExternalCertificateStatus.REJECTED
    assert external.decision_note == "Nama tidak sesuai."
    assert not JpEntry.objects.filter(external=external).exists()


# --- competency raise -----------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_superior_confirms_a_completion(personas, world):
    for user in (personas.colleague.user, personas.admin, personas.outsider.user):
        with pytest.raises(PermissionDenied):
            svc.completion_confirm(actor=user, registration=world.completed)
    with pytest.raises(PermissionDenied):
        svc.completion_confirm(actor=personas.employee.user, registration=world.completed)
    world.completed.refresh_from_db()
    assert world.completed.completion_confirmed_at is None
    assert not Assessment.objects.filter(employee=personas.employee).exists()


@pytest.mark.django_db
def test_confirming_raises_the_level_once_with_a_training_assessment(personas, world):
    record = svc.completion_confirm(actor=personas.supervisor.user, registration=world.completed)
    assessment = record.raised_assessment
    assert assessment is not None
    assert assessment.method == AssessmentMethod.TRAINING
    assert assessment.recorded_by == personas.supervisor.user
    assert assessment.date == timezone.localdate()
    assert world.programme.title in assessment.assessor
    assert list(assessment.results.values_list("competency_id", "level")) == [
        (world.competency.pk, 3)
    ]
    assert record.completion_confirmed_by == personas.supervisor.user
    assert latest_levels([personas.employee.pk])[personas.employee.pk] == {world.competency.pk: 3}
    # the competency service kept the current-level table in the same transaction
    assert CurrentLevel.objects.get(employee=personas.employee).assessment == assessment
    assert RegistrationStep.objects.filter(
        registration=record, action=RegistrationAction.COMPLETION_CONFIRMED
    ).exists()
    assert Notification.objects.filter(
        user=personas.employee.user, verb="completion_confirmed"
    ).exists()
    with pytest.raises(ValidationError):
        svc.completion_confirm(actor=personas.supervisor.user, registration=world.completed)
    assert Assessment.objects.filter(employee=personas.employee).count() == 1


@pytest.mark.django_db
def test_the_superior_of_the_supervisor_may_confirm_too(personas, world):
    record = svc.completion_confirm(actor=personas.head_a.user, registration=world.completed)
    assert record.completion_confirmed_by == personas.head_a.user


@pytest.mark.django_db
def test_a_level_is_never_lowered_and_only_raised_competencies_are_recorded(personas, world):
    other = Competency.objects.exclude(pk=world.competency.pk).order_by("kind", "order").first()
    ProgrammeCompetency.objects.create(programme=world.programme, competency=other, target_level=2)
    earlier = Assessment.objects.create(
        employee=personas.employee,
        date=timezone.localdate() - dt.timedelta(days=100),
        method=AssessmentMethod.ASSESSMENT_CENTRE,
        assessor="UPT Penilaian Kompetensi",
    )
    AssessmentResult.objects.create(assessment=earlier, competency=world.competency, level=4)
    AssessmentResult.objects.create(assessment=earlier, competency=other, level=1)
    refresh_current_levels([personas.employee.pk])  # what the competency services do
    record = svc.completion_confirm(actor=personas.supervisor.user, registration=world.completed)
    results = dict(record.raised_assessment.results.values_list("competency_id", "level"))
    assert results == {other.pk: 2}
    assert latest_levels([personas.employee.pk])[personas.employee.pk] == {
        world.competency.pk: 4,
        other.pk: 2,
    }


@pytest.mark.django_db
def test_no_assessment_when_every_level_is_already_reached(personas, world):
    earlier = Assessment.objects.create(
        employee=personas.employee,
        date=timezone.localdate() - dt.timedelta(days=5),
        method=AssessmentMethod.CACT,
        assessor="BKN",
    )
    AssessmentResult.objects.create(assessment=earlier, competency=world.competency, level=3)
    refresh_current_levels([personas.employee.pk])
    record = svc.completion_confirm(actor=personas.supervisor.user, registration=world.completed)
    assert record.raised_assessment is None
    assert record.completion_confirmed_at is not None
    assert Assessment.objects.filter(employee=personas.employee).count() == 1


@pytest.mark.django_db
def test_only_completed_registrations_and_enrolments_can_be_confirmed(personas, world):
    with pytest.raises(ValidationError):
        svc.completion_confirm(actor=personas.supervisor.user, registration=world.pending)
    with pytest.raises(ValidationError):
        svc.completion_confirm(actor=personas.supervisor.user, enrolment=world.enrolment)
    world.enrolment.completed_at = timezone.now()
    world.enrolment.save()
    record = svc.completion_confirm(actor=personas.supervisor.user, enrolment=world.enrolment)
    assert record.raised_assessment is not None
    assert record.completion_confirmed_by == personas.supervisor.user


# --- JP selectors ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_jp_summary_counts_the_year_against_the_target_of_the_employee_kind(personas, world):
    year = world.completed.session.end_date.year
    summary = sel.jp_summary(personas.employee, year)
    assert (summary.total, summary.target, summary.below) == (24, 20, False)
    assert summary.entries[0].certificate == world.certificate
    assert sel.jp_summary(personas.colleague, year).total == 0
    personas.colleague.kind = "pppk"
    personas.colleague.save()
    pppk = sel.jp_summary(personas.colleague, year)
    assert (pppk.target, pppk.maximum, pppk.missing) == (24, 24, 24)


@pytest.mark.django_db
def test_unit_summary_and_below_target_list(personas, world):
    year = world.completed.session.end_date.year
    JpEntry.objects.create(
        employee=personas.colleague,
        year=year,
        date=dt.date(year, 1, 15),
        jp=5,
        source=JpSource.EXTERNAL,
        title="Webinar",
    )
    svc.jp_totals_refresh(employee_ids=[personas.colleague.pk])  # as the credit services do
    rows, total = sel.unit_summary(personas.admin, year, personas.unit_a)
    assert total.staff == 4  # head, supervisor, employee, colleague
    assert total.below == 3
    assert total.jp_sum == 29
    by_label = {r.label: r for r in rows}
    assert by_label[personas.subunit_a.name].staff == 3
    assert by_label[personas.unit_a.name].staff == 1  # the head, directly in the unit
    below = list(sel.below_target(personas.admin, year, personas.unit_a))
    assert {e.pk for e in below[:2]} == {personas.head_a.pk, personas.supervisor.pk}
    assert below[-1] == personas.colleague and below[-1].missing_jp == 15
    # The supervisor's dashboard counts the team only.
    _rows, team = sel.unit_summary(personas.supervisor.user, year, None)
    assert team.staff == 2


def test_mask_nip_keeps_four_digits_each_side():
    assert sel.mask_nip("198503142010011001") == "1985**********1001"
    assert sel.mask_nip("1234") == "****"


# --- reminders ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_reminders_before_october(personas, world):
    assert svc.jp_reminders(today=dt.date(timezone.localdate().year, 9, 30)) == {
        "employees": 0,
        "supervisors": 0,
    }
    assert not Notification.objects.filter(verb__startswith="jp_").exists()


@pytest.mark.django_db
def test_reminders_once_a_month_to_employees_below_target_and_a_summary_to_supervisors(
    personas, world, settings
):
    year = timezone.localdate().year
    JpEntry.objects.filter(employee=personas.employee).update(year=year)
    svc.jp_totals_refresh(employee_ids=[personas.employee.pk])
    result = svc.jp_reminders(today=dt.date(year, 10, 1))
    reminded = set(
        Notification.objects.filter(verb="jp_below_target").values_list("user_id", flat=True)
    )
    assert personas.colleague.user_id in reminded
    assert personas.employee.user_id not in reminded  # 24 JP ≥ 20
    summary = Notification.objects.get(verb="jp_team_below_target", user=personas.supervisor.user)
    assert summary.message.startswith("1 ")  # the colleague
    assert result["employees"] == len(reminded) and result["supervisors"] >= 1
    again = svc.jp_reminders(today=dt.date(year, 10, 20))
    assert again == {"employees": 0, "supervisors": 0}


@pytest.mark.django_db
def test_jp_reminders_command_and_task(personas, world):
    from io import StringIO

    from django.core.management import CommandError, call_command

    year = timezone.localdate().year
    out = StringIO()
    call_command("jp_reminders", "--today", f"{year}-11-02", stdout=out)
    assert out.getvalue().startswith("employees=")
    assert (
        Notification.objects.filter(user=personas.colleague.user, verb="jp_below_target").count()
        == 1
    )
    out = StringIO()
    call_command("jp_reminders", "--today", f"{year}-11-03", "--enqueue", stdout=out)
    assert out.getvalue().startswith("enqueued")
    assert (
        Notification.objects.filter(user=personas.colleague.user, verb="jp_below_target").count()
        == 1
    )
    with pytest.raises(CommandError):
        call_command("jp_reminders", "--today", "kemarin")
