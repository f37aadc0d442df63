"""Pages of execution and evaluation: activities with evidence, realisations (closed periods
refused), feedback, the appraiser's evaluation with the live predikat, the unit head's fixed
rating, release/visibility, acknowledgement and the objection flow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from abdi.performance import services
from abdi.performance.models import Activity, Evaluation, Feedback, Objection, Realisation
from abdi.performance.testing import approved_skp_chain, period

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def chain(personas):
    return approved_skp_chain(personas)


def _indicators(skp):
    return [
        i for wr in skp.work_results.order_by("kind", "order", "pk") for i in wr.indicators.all()
    ]


def _evaluate(personas, skp, code="2026-Q1", work="meets", behaviour="meets"):
    return services.evaluation_create(
        actor=personas.supervisor.user,
        skp=skp,
        period=period(code),
        work_result_rating=work,
        behaviour_rating=behaviour,
    )


# ---------------------------------------------------------------- activities


def test_employee_logs_activity_with_evidence_visible_only_in_scope(personas, login, chain):
    skp = chain.employee
    result = skp.work_results.first()
    client = login(personas.employee.user)
    url = reverse("performance:activities", args=[skp.pk])
    response = client.post(
        url,
        {
            "date": "2026-02-10",
            "work_result": result.pk,
            "description": "Rapat koordinasi layanan",
            "output": "Notulen rapat",
            "evidence": SimpleUploadedFile("notulen.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(skp=skp)
    assert activity.output == "Notulen rapat" and activity.evidence
    page = client.get(url).content.decode()
    assert "Rapat koordinasi layanan" in page
    evidence = reverse("performance:activity_evidence", args=[activity.pk])
    assert evidence in page
    assert login(personas.supervisor.user).get(evidence).status_code == 200
    assert login(personas.outsider.user).get(evidence).status_code == 404
    assert login(personas.outsider.user).get(url).status_code == 404


def test_activity_bad_input_writes_nothing(personas, login, chain):
    skp = chain.employee
    client = login(personas.employee.user)
    url = reverse("performance:activities", args=[skp.pk])
    response = client.post(
        url,
        {
            "date": "2026-02-10",
            "work_result": skp.work_results.first().pk,
            "description": "Foto kegiatan",
            "evidence": SimpleUploadedFile("foto.pdf", b"MZ\x90\x00 not a pdf at all"),
        },
    )
    assert response.status_code == 400
    assert "tidak diizinkan" in response.content.decode()
    assert not Activity.objects.exists()
    # The supervisor may read the list, not write in it.
    response = login(personas.supervisor.user).post(url, {"description": "x"})
    assert response.status_code == 403


# ---------------------------------------------------------------- realisations


def test_realisations_saved_per_indicator(personas, login, chain):
    skp = chain.employee
    indicators = _indicators(skp)
    client = login(personas.employee.user)
    url = reverse("performance:realisations", args=[skp.pk, "2026-Q2"])
    page = client.get(url).content.decode()
    assert all(i.description in page for i in indicators)
    first, second = indicators[0], indicators[1]
    response = client.post(
        url,
        {
            f"ind-{first.pk}-value": "3",
            f"ind-{first.pk}-self_assessment": "Sesuai rencana",
            f"ind-{second.pk}-value": "3",
            f"ind-{second.pk}-evidence_link": "https://drive.example.go.id/bukti",
        },
    )
    assert response.status_code == 302
    rows = {r.indicator_id: r for r in Realisation.objects.filter(period__code="2026-Q2")}
    assert set(rows) == {first.pk, second.pk}
    assert rows[first.pk].self_assessment == "Sesuai rencana"
    # Read-only for the supervisor, and refused on POST.
    sup = login(personas.supervisor.user)
    page = sup.get(url).content.decode()
    assert "Sesuai rencana" in page and "Simpan realisasi" not in page
    assert sup.post(url, {f"ind-{first.pk}-value": "9"}).status_code == 403


def test_realisation_for_a_closed_period_is_refused(personas, login, chain):
    skp = chain.employee
    q1 = period("2026-Q1")
    services.period_close(actor=personas.admin, period=q1)
    ind = _indicators(skp)[0]
    client = login(personas.employee.user)
    url = reverse("performance:realisations", args=[skp.pk, "2026-Q1"])
    page = client.get(url).content.decode()
    assert "sudah ditutup" in page
    assert "Simpan realisasi" not in page
    response = client.post(url, {f"ind-{ind.pk}-value": "3"})
    assert response.status_code == 400
    assert "ditutup" in response.content.decode()
    assert not Realisation.objects.exists()


def test_realisation_unknown_period_is_404(personas, login, chain):
    client = login(personas.employee.user)
    url = reverse("performance:realisations", args=[chain.employee.pk, "2025-Q1"])
    assert client.get(url).status_code == 404


# ---------------------------------------------------------------- feedback


def test_supervisor_feedback_shows_as_a_thread_on_the_skp(personas, login, chain):
    skp = chain.employee
    result = skp.work_results.first()
    client = login(personas.supervisor.user)
    url = reverse("performance:feedback", args=[skp.pk])
    response = client.post(url, {"subject": f"wr:{result.pk}", "text": "Laporan bulan ini rapi."})
    assert response.status_code == 302
    assert Feedback.objects.get(skp=skp).work_result == result
    page = login(personas.employee.user).get(reverse("performance:skp_detail", args=[skp.pk]))
    assert "Laporan bulan ini rapi." in page.content.decode()
    assert login(personas.employee.user).post(url, {"text": "x"}).status_code == 403
    assert login(personas.outsider.user).get(url).status_code == 404


# ---------------------------------------------------------------- evaluation


def test_evaluate_page_previews_the_predikat_and_saves(personas, login, chain):
    skp = chain.employee
    ind = _indicators(skp)[0]
    services.realisation_submit(
        actor=personas.employee.user, indicator=ind, period=period("2026-Q1"), value=3
    )
    client = login(personas.supervisor.user)
    url = reverse("performance:evaluate", args=[skp.pk, "2026-Q1"])
    page = client.get(url).content.decode()
    assert ind.description in page and "Di Atas Ekspektasi" in page
    preview = client.get(
        url,
        {"preview": 1, "work_result_rating": "above", "behaviour_rating": "above"},
        HTTP_HX_REQUEST="true",
    )
    assert "Sangat Baik" in preview.content.decode()
    assert "<html" not in preview.content.decode()
    preview = client.get(
        url,
        {"preview": 1, "work_result_rating": "above", "behaviour_rating": "below"},
        HTTP_HX_REQUEST="true",
    )
    assert "Kurang" in preview.content.decode()
    response = client.post(
        url, {"work_result_rating": "meets", "behaviour_rating": "above", "notes": "Rapi."}
    )
    evaluation = Evaluation.objects.get(skp=skp, period__code="2026-Q1")
    assert response["Location"] == reverse("performance:evaluation_detail", args=[evaluation.pk])
    assert evaluation.predikat == "baik" and evaluation.status == "draft"
    # A second evaluation of the same period is not possible: the page sends to the first one.
    again = client.get(url)
    assert again.status_code == 302 and again["Location"] == response["Location"]
    assert Evaluation.objects.filter(skp=skp).count() == 1


def test_evaluate_refused_to_non_appraisers(personas, login, chain):
    url = reverse("performance:evaluate", args=[chain.employee.pk, "2026-Q1"])
    assert login(personas.outsider.user).get(url).status_code == 404
    assert login(personas.employee.user).get(url).status_code == 403
    assert login(personas.operator).get(url).status_code == 403  # sees the SKP, may not rate
    assert login(personas.operator).post(url, {"behaviour_rating": "meets"}).status_code == 403
    assert not Evaluation.objects.exists()


def test_unit_head_work_rating_comes_from_the_unit_predikat(personas, login, chain):
    # The supervisor heads the Bidang Pelayanan; head_a appraises them.
    skp = chain.supervisor
    client = login(personas.head_a.user)
    url = reverse("performance:evaluate", args=[skp.pk, "2026-Q1"])
    page = client.get(url).content.decode()
    assert "predikat unit untuk periode ini belum dicatat" in page
    response = client.post(url, {"behaviour_rating": "meets"})
    assert response.status_code == 400
    assert "belum dicatat BKPSDM" in response.content.decode()
    assert not Evaluation.objects.exists()
    services.org_predikat_record(
        actor=personas.admin, org_unit=personas.subunit_a, period=period("2026-Q1"), predikat="baik"
    )
    page = client.get(url).content.decode()
    assert 'data-testid="head-rating"' in page and "Sesuai Ekspektasi" in page
    response = client.post(url, {"behaviour_rating": "above"})
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(skp=skp)
    assert evaluation.work_result_from_org_predikat
    assert evaluation.work_result_rating == "meets"


def test_evaluation_visible_to_the_employee_only_once_released(personas, login, chain):
    evaluation = _evaluate(personas, chain.employee)
    url = reverse("performance:evaluation_detail", args=[evaluation.pk])
    employee = login(personas.employee.user)
    assert employee.get(url).status_code == 404
    detail = employee.get(reverse("performance:skp_detail", args=[chain.employee.pk]))
    assert url not in detail.content.decode()
    assert (
        employee.post(reverse("performance:evaluation_release", args=[evaluation.pk])).status_code
        == 404
    )

    supervisor = login(personas.supervisor.user)
    assert "Rilis ke pegawai" in supervisor.get(url).content.decode()
    supervisor.post(reverse("performance:evaluation_release", args=[evaluation.pk]))
    evaluation.refresh_from_db()
    assert evaluation.status == "released"

    employee = login(personas.employee.user)
    page = employee.get(url).content.decode()
    assert "Baik" in page and "Saya sudah menerima penilaian ini" in page
    employee.post(reverse("performance:evaluation_acknowledge", args=[evaluation.pk]))
    evaluation.refresh_from_db()
    assert evaluation.status == "acknowledged" and evaluation.acknowledged_at
    assert login(personas.outsider.user).get(url).status_code == 404
    # Only the employee acknowledges.
    assert (
        login(personas.supervisor.user)
        .post(reverse("performance:evaluation_acknowledge", args=[evaluation.pk]))
        .status_code
        == 403
    )


def test_objection_flow(personas, login, chain):
    evaluation = _evaluate(personas, chain.employee, work="below", behaviour="meets")
    services.evaluation_release(actor=personas.supervisor.user, evaluation=evaluation)
    employee = login(personas.employee.user)
    detail_url = reverse("performance:evaluation_detail", args=[evaluation.pk])
    assert "Ajukan keberatan" in employee.get(detail_url).content.decode()
    file_url = reverse("performance:objection_file", args=[evaluation.pk])
    employee.post(file_url, {"reason": ""})
    assert not Objection.objects.exists()
    employee.post(file_url, {"reason": "Realisasi triwulan belum dipertimbangkan."})
    objection = Objection.objects.get(evaluation=evaluation)
    assert objection.status == "filed"
    # Only once.
    response = employee.post(file_url, {"reason": "Lagi."}, follow=True)
    assert "sudah pernah diajukan" in response.content.decode()
    assert Objection.objects.count() == 1

    decide_url = reverse("performance:objection_decide", args=[objection.pk])
    assert login(personas.supervisor.user).get(decide_url).status_code == 403
    assert login(personas.employee.user).get(decide_url).status_code == 403
    assert login(personas.outsider.user).get(decide_url).status_code == 404

    head = login(personas.head_a.user)
    inbox = head.get(reverse("performance:inbox")).content.decode()
    assert decide_url in inbox
    response = head.post(decide_url, {"upheld": "1", "reason": "Bukti cukup."})
    assert response.status_code == 400  # upheld needs the new predikat
    response = head.post(
        decide_url, {"upheld": "1", "new_predikat": "baik", "reason": "Bukti realisasi cukup."}
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.status == "upheld" and objection.new_predikat == "baik"
    page = login(personas.employee.user).get(detail_url).content.decode()
    assert "Bukti realisasi cukup." in page


def test_objection_after_the_deadline_is_refused(personas, login, chain):
    evaluation = _evaluate(personas, chain.employee)
    services.evaluation_release(actor=personas.supervisor.user, evaluation=evaluation)
    Evaluation.objects.filter(pk=evaluation.pk).update(
        released_at=evaluation.released_at - dt.timedelta(days=30)
    )
    client = login(personas.employee.user)
    page = client.get(reverse("performance:evaluation_detail", args=[evaluation.pk]))
    assert "Batas pengajuan keberatan telah lewat" in page.content.decode()
    response = client.post(
        reverse("performance:objection_file", args=[evaluation.pk]),
        {"reason": "Terlambat."},
        follow=True,
    )
    assert "Batas waktu keberatan sudah lewat" in response.content.decode()
    assert not Objection.objects.exists()


def test_appraiser_sees_linked_public_complaints_beside_the_evaluation(personas, login, chain):
    from abdi.feedback.services import complaints as complaints
    from abdi.feedback.testing import build_feedback_personas

    coordinator = build_feedback_personas(personas).coordinator
    complaint = complaints.complaint_submit(
        data=complaints.ComplaintInput(
            kind="complaint",
            title="Petugas membentak pasien",
            description="Di loket pendaftaran.",
            org_unit=personas.subunit_a,
            reporter_name="Warga Pelapor Rahasia",
        )
    )
    complaints.complaint_verify(complaint=complaint, actor=coordinator)
    complaints.complaint_link_employee(
        complaint=complaint,
        actor=coordinator,
        employee=personas.employee,
        note="Terbukti: nada bicara kasar kepada pasien.",
    )
    url = reverse("performance:evaluate", args=[chain.employee.pk, "2026-Q1"])
    page = login(personas.supervisor.user).get(url).content.decode()
    assert "Petugas membentak pasien" in page
    assert "Terbukti: nada bicara kasar kepada pasien." in page
    assert "Warga Pelapor Rahasia" not in page
    # Another employee's evaluation (head_a rates the supervisor) shows nothing of it.
    other = reverse("performance:evaluate", args=[chain.supervisor.pk, "2026-Q1"])
    response = login(personas.head_a.user).get(other)
    assert response.status_code == 200
    assert "Petugas membentak pasien" not in response.content.decode()
