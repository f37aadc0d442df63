"""Service tests: activities and realisations with evidence, feedback, evaluations (matrix, unit
head from the organisational predikat, credit points), calibration, release, objections,
reminders."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from abdi.core.models import Notification
from abdi.employees.models import AnnualPredikat
from abdi.org.models import Position
from abdi.performance import services
from abdi.performance.models import (
    Activity,
    BehaviourValue,
    Evaluation,
    EvaluationAdjustment,
    Objection,
    PerformancePeriod,
    Realisation,
)
from abdi.performance.testing import approved_skp_chain, main_results

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"


def _xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Rekap kegiatan"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _messages(exc) -> str:
    return " ".join(exc.value.messages)


def period(code: str) -> PerformancePeriod:
    return PerformancePeriod.objects.get(code=code)


@pytest.fixture
def chain(personas):
    return approved_skp_chain(personas)


# ---------------------------------------------------------------- activities and realisations


def test_activity_with_pdf_evidence(personas, chain):
    skp = chain.employee
    activity = services.activity_log(
        actor=personas.employee.user,
        skp=skp,
        work_result=main_results(skp)[0],
        date=dt.date(2026, 2, 3),
        description="Menyusun laporan layanan Januari",
        output="Laporan",
        evidence=SimpleUploadedFile("laporan.pdf", PDF, content_type="application/pdf"),
    )
    assert activity.evidence.name.endswith(".pdf")
    xlsx = services.activity_log(
        actor=personas.employee.user,
        skp=skp,
        work_result=main_results(skp)[0],
        date=dt.date(2026, 2, 4),
        description="Rekap",
        evidence=SimpleUploadedFile("rekap.xlsx", _xlsx(), content_type="application/pdf"),
        evidence_link="https://drive.example.go.id/rekap",
    )
    assert xlsx.evidence and xlsx.evidence_link


def test_evidence_whose_content_betrays_its_name_is_refused(personas, chain):
    skp = chain.employee
    with pytest.raises(ValidationError) as exc:
        services.activity_log(
            actor=personas.employee.user,
            skp=skp,
            work_result=main_results(skp)[0],
            date=dt.date(2026, 2, 3),
            description="Laporan",
            evidence=SimpleUploadedFile("laporan.pdf", EXE, content_type="application/pdf"),
        )
    assert "evidence" in exc.value.message_dict
    assert "tidak diizinkan" in _messages(exc)
    assert not Activity.objects.exists()


def test_evidence_over_the_size_limit_is_refused(personas, chain, settings):
    settings.ABDI_EVIDENCE_MAX_BYTES = 50
    indicator = main_results(chain.employee)[0].indicators.first()
    with pytest.raises(ValidationError) as exc:
        services.realisation_submit(
            actor=personas.employee.user,
            indicator=indicator,
            period=period("2026-Q1"),
            value=3,
            evidence=SimpleUploadedFile("bukti.png", PNG + b"\x00" * 100, content_type="image/png"),
        )
    assert "terlalu besar" in _messages(exc)
    assert not Realisation.objects.exists()


def test_activity_refusals(personas, chain):
    skp = chain.employee
    other = main_results(chain.supervisor)[0]
    with pytest.raises(PermissionDenied):
        services.activity_log(
            actor=personas.supervisor.user,
            skp=skp,
            work_result=main_results(skp)[0],
            date=dt.date(2026, 2, 3),
            description="x",
        )
    with pytest.raises(ValidationError) as exc:
        services.activity_log(
            actor=personas.employee.user,
            skp=skp,
            work_result=other,
            date=dt.date(2025, 12, 3),
            description="",
            evidence_link="bukan-url",
        )
    assert {"work_result", "date", "description", "evidence_link"} <= set(exc.value.message_dict)


def test_realisation_create_then_update(personas, chain):
    indicator = main_results(chain.employee)[0].indicators.first()
    first = services.realisation_submit(
        actor=personas.employee.user,
        indicator=indicator,
        period=period("2026-Q1"),
        value="3",
        self_assessment="Sesuai rencana",
        evidence=SimpleUploadedFile("foto.png", PNG, content_type="image/png"),
    )
    second = services.realisation_submit(
        actor=personas.employee.user, indicator=indicator, period=period("2026-Q1"), value=4
    )
    assert first.pk == second.pk and second.value == Decimal(4)
    assert second.evidence  # the earlier evidence stays
    assert Realisation.objects.count() == 1


def test_realisation_update_writes_the_row_and_one_history_entry_without_a_savepoint(
    personas, chain, django_assert_max_num_queries
):
    indicator = main_results(chain.employee)[0].indicators.first()
    services.realisation_submit(
        actor=personas.employee.user, indicator=indicator, period=period("2026-Q1"), value="3"
    )
    indicator = (
        type(indicator).objects.select_related("work_result__skp__employee").get(pk=indicator.pk)
    )
    q1 = period("2026-Q1")
    before = Realisation.history.count()
    # lock (SELECT … FOR UPDATE), UPDATE, history INSERT and the service's own savepoint pair:
    # the update needs no second savepoint (the locked row cannot collide with a first insert).
    with django_assert_max_num_queries(5) as ctx:
        services.realisation_submit(
            actor=personas.employee.user, indicator=indicator, period=q1, value="5"
        )
    assert not any("SAVEPOINT" in q["sql"] and "RELEASE" not in q["sql"] for q in ctx[2:])
    row = Realisation.objects.get(indicator=indicator, period=q1)
    assert row.value == Decimal(5)
    assert Realisation.history.count() == before + 1
    assert Realisation.objects.filter(indicator=indicator).count() == 1


def test_realisation_for_a_closed_period_is_refused(personas, chain):
    q1 = period("2026-Q1")
    services.period_close(actor=personas.admin, period=q1)
    indicator = main_results(chain.employee)[0].indicators.first()
    with pytest.raises(ValidationError) as exc:
        services.realisation_submit(
            actor=personas.employee.user, indicator=indicator, period=q1, value=3
        )
    assert "sudah ditutup" in _messages(exc)
    assert not Realisation.objects.exists()


def test_realisation_for_a_period_outside_the_year_or_without_value(personas, chain):
    services.performance_year_open(
        actor=personas.admin, year=2027, cadence="semester", skp_deadline=dt.date(2027, 1, 31)
    )
    indicator = main_results(chain.employee)[0].indicators.first()
    with pytest.raises(ValidationError) as exc:
        services.realisation_submit(
            actor=personas.employee.user, indicator=indicator, period=period("2027-S1"), value=1
        )
    assert "period" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.realisation_submit(
            actor=personas.employee.user, indicator=indicator, period=period("2026-Q2")
        )
    assert "value" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.realisation_submit(
            actor=personas.supervisor.user, indicator=indicator, period=period("2026-Q2"), value=1
        )


def test_feedback_by_the_appraiser_or_above_only(personas, chain):
    skp = chain.employee
    value = BehaviourValue.objects.get(code="akuntabel")
    services.feedback_give(
        actor=personas.supervisor.user,
        skp=skp,
        text="Laporan rapi",
        work_result=main_results(skp)[0],
    )
    services.feedback_give(actor=personas.head_a.user, skp=skp, text="Jaga", behaviour_value=value)
    assert skp.feedback.count() == 2
    assert Notification.objects.filter(user=personas.employee.user, verb="feedback").count() == 2
    with pytest.raises(PermissionDenied):
        services.feedback_give(
            actor=personas.colleague.user, skp=skp, text="x", behaviour_value=value
        )
    with pytest.raises(PermissionDenied):
        services.feedback_give(
            actor=personas.employee.user, skp=skp, text="x", behaviour_value=value
        )
    with pytest.raises(ValidationError):
        services.feedback_give(actor=personas.supervisor.user, skp=skp, text="tanpa subjek")


# ---------------------------------------------------------------- evaluation


def test_evaluation_predikat_follows_the_matrix(personas, chain):
    evaluation = services.evaluation_create(
        actor=personas.supervisor.user,
        skp=chain.employee,
        period=period("2026-Q1"),
        work_result_rating="above",
        behaviour_rating="below",
    )
    assert evaluation.predikat == "kurang"
    assert evaluation.evaluator == personas.supervisor
    assert evaluation.status == "draft" and evaluation.credit_points is None
    q2 = services.evaluation_create(
        actor=personas.supervisor.user,
        skp=chain.employee,
        period=period("2026-Q2"),
        work_result_rating="above",
        behaviour_rating="above",
    )
    assert q2.predikat == "sangat_baik"


def test_evaluating_someone_who_is_not_ones_subordinate_is_refused(personas, chain):
    for user in (personas.colleague.user, personas.head_b.user, personas.employee.user):
        with pytest.raises(PermissionDenied):
            services.evaluation_create(
                actor=user,
                skp=chain.employee,
                period=period("2026-Q1"),
                work_result_rating="meets",
                behaviour_rating="meets",
            )
    assert not Evaluation.objects.exists()


def test_second_evaluation_for_the_same_period_is_refused(personas, chain):
    kwargs = {
        "actor": personas.supervisor.user,
        "skp": chain.employee,
        "period": period("2026-Q1"),
        "work_result_rating": "meets",
        "behaviour_rating": "meets",
    }
    services.evaluation_create(**kwargs)
    with pytest.raises(ValidationError) as exc:
        services.evaluation_create(**{**kwargs, "work_result_rating": "above"})
    assert "sudah dinilai" in _messages(exc)
    assert Evaluation.objects.get().work_result_rating == "meets"


def test_evaluation_refuses_bad_ratings(personas, chain):
    with pytest.raises(ValidationError) as exc:
        services.evaluation_create(
            actor=personas.supervisor.user,
            skp=chain.employee,
            period=period("2026-Q1"),
            work_result_rating="great",
            behaviour_rating="",
        )
    assert {"work_result_rating", "behaviour_rating"} <= set(exc.value.message_dict)


def test_unit_head_rating_comes_from_the_org_predikat(personas, chain):
    """The supervisor heads Bidang Pelayanan: the typed work rating is ignored."""
    q1 = period("2026-Q1")
    kwargs = {
        "actor": personas.head_a.user,
        "skp": chain.supervisor,
        "period": q1,
        "work_result_rating": "below",
        "behaviour_rating": "meets",
    }
    with pytest.raises(ValidationError) as exc:
        services.evaluation_create(**kwargs)
    assert "belum dicatat" in _messages(exc)
    assert "Bidang Pelayanan Kesehatan" in _messages(exc)
    services.org_predikat_record(
        actor=personas.admin, org_unit=personas.subunit_a, period=q1, predikat="istimewa"
    )
    evaluation = services.evaluation_create(**kwargs)
    assert evaluation.work_result_rating == "above"
    assert evaluation.work_result_from_org_predikat
    assert evaluation.predikat == "baik"


def test_credit_points_on_the_annual_evaluation_of_a_functional_position(personas):
    Position.objects.filter(pk=personas.staff_position.pk).update(kind="jf_ahli_muda")
    chain = approved_skp_chain(personas)
    quarterly = services.evaluation_create(
        actor=personas.supervisor.user,
        skp=chain.employee,
        period=period("2026-Q4"),
        work_result_rating="meets",
        behaviour_rating="meets",
    )
    assert quarterly.credit_points is None
    annual = services.evaluation_create(
        actor=personas.supervisor.user,
        skp=chain.employee,
        period=period("2026"),
        work_result_rating="meets",
        behaviour_rating="meets",
    )
    assert annual.credit_points == Decimal(25)
    services.evaluation_adjust(
        actor=personas.head_a.user, evaluation=annual, predikat="sangat_baik", reason="Kalibrasi"
    )
    assert Evaluation.objects.get(pk=annual.pk).credit_points == Decimal("37.5")


# ---------------------------------------------------------------- calibration, release, objection


@pytest.fixture
def evaluation(personas, chain):
    return services.evaluation_create(
        actor=personas.supervisor.user,
        skp=chain.employee,
        period=period("2026"),
        work_result_rating="meets",
        behaviour_rating="meets",
    )


def test_adjust_needs_a_reason_and_the_right_person(personas, evaluation):
    with pytest.raises(ValidationError) as exc:
        services.evaluation_adjust(
            actor=personas.head_a.user, evaluation=evaluation, predikat="butuh_perbaikan", reason=""
        )
    assert "reason" in exc.value.message_dict
    for user in (personas.employee.user, personas.head_b.user, personas.colleague.user):
        with pytest.raises(PermissionDenied):
            services.evaluation_adjust(
                actor=user, evaluation=evaluation, predikat="butuh_perbaikan", reason="x"
            )
    services.evaluation_adjust(
        actor=personas.admin, evaluation=evaluation, predikat="butuh_perbaikan", reason="Kurva"
    )
    adjustment = EvaluationAdjustment.objects.get()
    assert (adjustment.from_predikat, adjustment.to_predikat) == ("baik", "butuh_perbaikan")
    assert Evaluation.objects.get(pk=evaluation.pk).status == "final"


def test_release_acknowledge_and_annual_predikat(personas, evaluation):
    with pytest.raises(PermissionDenied):
        services.evaluation_release(actor=personas.employee.user, evaluation=evaluation)
    with pytest.raises(PermissionDenied):
        services.evaluation_release(actor=personas.colleague.user, evaluation=evaluation)
    with pytest.raises(ValidationError):  # not released yet
        services.evaluation_acknowledge(actor=personas.employee.user, evaluation=evaluation)
    services.evaluation_release(actor=personas.supervisor.user, evaluation=evaluation)
    assert Notification.objects.filter(
        user=personas.employee.user, verb="evaluation_released"
    ).exists()
    assert AnnualPredikat.objects.get(employee=personas.employee, year=2026).predikat == "baik"
    with pytest.raises(ValidationError):  # no calibration after release
        services.evaluation_adjust(
            actor=personas.admin, evaluation=evaluation, predikat="kurang", reason="x"
        )
    with pytest.raises(PermissionDenied):
        services.evaluation_acknowledge(actor=personas.supervisor.user, evaluation=evaluation)
    services.evaluation_acknowledge(actor=personas.employee.user, evaluation=evaluation)
    assert Evaluation.objects.get(pk=evaluation.pk).status == "acknowledged"


def test_objection_within_deadline_once_decided_by_the_superior(personas, evaluation):
    with pytest.raises(ValidationError):  # not released
        services.objection_file(actor=personas.employee.user, evaluation=evaluation, reason="x")
    services.evaluation_release(actor=personas.supervisor.user, evaluation=evaluation)
    with pytest.raises(PermissionDenied):
        services.objection_file(actor=personas.colleague.user, evaluation=evaluation, reason="x")
    objection = services.objection_file(
        actor=personas.employee.user, evaluation=evaluation, reason="Target tercapai 120%"
    )
    assert Notification.objects.filter(user=personas.head_a.user, verb="objection_filed").exists()
    with pytest.raises(ValidationError) as exc:
        services.objection_file(actor=personas.employee.user, evaluation=evaluation, reason="lagi")
    assert "sudah pernah" in _messages(exc)

    for user in (personas.supervisor.user, personas.employee.user, personas.admin):
        with pytest.raises(PermissionDenied):
            services.objection_decide(
                actor=user, objection=objection, upheld=True, reason="x", new_predikat="sangat_baik"
            )
    with pytest.raises(ValidationError) as exc:
        services.objection_decide(
            actor=personas.head_a.user, objection=objection, upheld=True, reason="Bukti kuat"
        )
    assert "new_predikat" in exc.value.message_dict
    services.objection_decide(
        actor=personas.head_a.user,
        objection=objection,
        upheld=True,
        reason="Bukti kuat",
        new_predikat="sangat_baik",
    )
    objection.refresh_from_db()
    assert objection.status == "upheld" and objection.decided_by == personas.head_a.user
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == "sangat_baik"
    assert AnnualPredikat.objects.get(employee=personas.employee, year=2026).predikat == (
        "sangat_baik"
    )
    assert EvaluationAdjustment.objects.filter(evaluation=evaluation).count() == 1
    with pytest.raises(ValidationError):
        services.objection_decide(
            actor=personas.head_a.user, objection=objection, upheld=False, reason="lagi"
        )


def test_objection_after_the_deadline_is_refused(personas, evaluation):
    services.evaluation_release(actor=personas.supervisor.user, evaluation=evaluation)
    Evaluation.objects.filter(pk=evaluation.pk).update(
        released_at=timezone.now() - dt.timedelta(days=15)
    )
    evaluation.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.objection_file(actor=personas.employee.user, evaluation=evaluation, reason="x")
    assert "sudah lewat" in _messages(exc)
    assert not Objection.objects.exists()


def test_rejected_objection_keeps_the_predikat(personas, evaluation):
    services.evaluation_release(actor=personas.supervisor.user, evaluation=evaluation)
    objection = services.objection_file(
        actor=personas.employee.user, evaluation=evaluation, reason="x"
    )
    services.objection_decide(
        actor=personas.head_a.user, objection=objection, upheld=False, reason="Tidak terbukti"
    )
    assert Objection.objects.get().status == "rejected"
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == "baik"


# ---------------------------------------------------------------- notifications by e-mail, reminders


def test_notification_is_mailed_when_the_user_has_an_address(
    personas, django_capture_on_commit_callbacks
):
    user = personas.supervisor.user
    user.email = "siti@example.go.id"
    user.save()
    chain = None
    with django_capture_on_commit_callbacks(execute=True):
        chain = approved_skp_chain(personas)
    assert chain.employee.status == "approved"
    assert any("siti@example.go.id" in m.to for m in mail.outbox)
    assert not any(
        personas.employee.user.email and personas.employee.user.email in m.to for m in mail.outbox
    )


def test_deadline_reminders_once_a_day(personas, chain):
    q1 = period("2026-Q1")
    sent = services.deadline_reminders(today=q1.realisation_due - dt.timedelta(days=1))
    assert sent == 3  # the three approved SKPs of the chain
    assert services.deadline_reminders(today=q1.realisation_due - dt.timedelta(days=1)) == 0
    assert Notification.objects.filter(verb="deadline_realisation").count() == 3


# ---------------------------------------------------------------- uploads by content


def _docx() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_validate_upload_by_content():
    from abdi.core import uploads

    def up(name, data):
        return SimpleUploadedFile(name, data)

    assert uploads.validate_upload(up("a.pdf", PDF)) == uploads.PDF
    assert uploads.validate_upload(up("a.bin", PNG)) == uploads.PNG
    assert uploads.validate_evidence(up("a.xlsx", _xlsx())) == uploads.XLSX
    assert uploads.validate_evidence(up("a.docx", _docx())) == uploads.DOCX
    with pytest.raises(ValidationError):  # documents: no spreadsheets
        uploads.validate_upload(up("a.xlsx", _xlsx()))
    with pytest.raises(ValidationError) as exc:
        uploads.validate_evidence(up("a.png", EXE))
    assert "tidak diizinkan" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError) as exc:
        uploads.validate_upload(up("a.pdf", b""))
    assert "kosong" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError) as exc:
        uploads.validate_upload(up("a.pdf", PDF), max_bytes=10)
    assert "terlalu besar" in " ".join(exc.value.messages)
