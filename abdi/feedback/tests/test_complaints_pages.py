"""Staff pages: inbox scoping and filters, the detail with its actions, confidential reporters,
403/404, attachments, the scorecard, and the query guard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from abdi.feedback.choices import ComplaintStatus as S
from abdi.feedback.models import Complaint
from abdi.feedback.services import complaints as svc
from abdi.feedback.testing import build_feedback_personas

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def fp(personas):
    return build_feedback_personas(personas)


def make(fp, service=None, **extra):
    return svc.complaint_submit(
        data=svc.ComplaintInput(
            kind=extra.pop("kind", "complaint"),
            title=extra.pop("title", "Antrian lama"),
            description="Menunggu.",
            service=service or fp.service,
            reporter_name="Ani Pelapor",
            reporter_phone="081255554444",
            **extra,
        )
    )


def dispatch(fp, c, unit):
    svc.complaint_verify(complaint=c, actor=fp.coordinator)
    svc.complaint_dispatch(complaint=c, actor=fp.coordinator, unit=unit)
    return c


@pytest.mark.django_db
def test_inbox_scoping(fp, personas, login):
    mine = dispatch(fp, make(fp, title="Untuk Dinkes"), fp.puskesmas)
    other = dispatch(fp, make(fp, service=fp.service_b, title="Untuk Disdik"), personas.unit_b)
    new = make(fp, title="Belum diteruskan")
    client = login(fp.coordinator)
    body = client.get(reverse("feedback:inbox")).content.decode()
    assert all(t in body for t in ("Untuk Dinkes", "Untuk Disdik", "Belum diteruskan"))
    client = login(fp.liaison)
    body = client.get(reverse("feedback:inbox")).content.decode()
    assert "Untuk Dinkes" in body and "Untuk Disdik" not in body and "Belum diteruskan" not in body
    assert client.get(reverse("feedback:complaint_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("feedback:complaint_detail", args=[new.pk])).status_code == 404
    assert client.get(reverse("feedback:complaint_detail", args=[mine.pk])).status_code == 200
    for user in (personas.employee.user, personas.nobody, personas.leader):
        assert login(user).get(reverse("feedback:inbox")).status_code == 403


@pytest.mark.django_db
def test_inbox_filters_and_overdue_flag(fp, personas, login):
    late = make(fp, title="Sudah lewat")
    Complaint.objects.filter(pk=late.pk).update(
        verification_due=timezone.now() - dt.timedelta(days=1)
    )
    make(fp, title="Masih baru", kind="aspiration")
    client = login(fp.coordinator)
    body = client.get(reverse("feedback:inbox"), {"overdue": "on"}).content.decode()
    assert "Sudah lewat" in body and "Masih baru" not in body
    assert "Terlambat verifikasi" in body
    body = client.get(reverse("feedback:inbox"), {"kind": "aspiration"}).content.decode()
    assert "Masih baru" in body and "Sudah lewat" not in body
    body = client.get(reverse("feedback:inbox"), {"unit": personas.unit_b.pk}).content.decode()
    assert "Masih baru" not in body


@pytest.mark.django_db
def test_inbox_query_count_does_not_grow(fp, login, django_assert_max_num_queries, settings):
    settings.ABDI_LIST_PAGE_SIZE = 50
    for i in range(3):
        make(fp, title=f"a{i}")
    client = login(fp.coordinator)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("feedback:inbox"))
    for i in range(25):
        make(fp, title=f"b{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("feedback:inbox")).status_code == 200


@pytest.mark.django_db
def test_coordinator_works_the_complaint_through_the_pages(fp, personas, login):
    c = make(fp)
    client = login(fp.coordinator)
    url = lambda a: reverse("feedback:complaint_act", args=[c.pk, a])  # noqa: E731
    r = client.post(url("dispatch"), {"dispatch-unit": fp.puskesmas.pk})
    assert r.status_code == 400 and "harus diverifikasi" in r.content.decode()
    assert client.post(url("verify"), {"verify-note": "lengkap"}).status_code == 302
    r = client.post(url("verify"), {"verify-note": "lagi"})
    assert r.status_code == 400
    assert client.post(url("dispatch"), {"dispatch-unit": fp.puskesmas.pk}).status_code == 302
    c.refresh_from_db()
    assert c.status == S.DISPATCHED and c.dispatched_unit == fp.puskesmas
    # the liaison of another unit does not even see it; the right one answers
    other = login(fp.liaison_b)
    assert other.post(url("respond"), {"respond-public_message": "x"}).status_code == 404
    liaison = login(fp.liaison)
    assert liaison.post(url("verify"), {}).status_code == 403  # coordinator's step
    r = liaison.post(url("respond"), {"respond-public_message": "", "respond-internal_note": "x"})
    assert r.status_code == 400
    r = liaison.post(
        url("respond"),
        {"respond-public_message": "Petugas ditegur", "respond-internal_note": "rapat"},
    )
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.status == S.FOLLOWED_UP and c.auto_close_due is not None
    assert liaison.post(url("bogus"), {}).status_code == 404


@pytest.mark.django_db
def test_confidential_reporter_hidden_from_liaison(fp, login):
    c = dispatch(fp, make(fp, is_confidential=True), fp.puskesmas)
    liaison_page = login(fp.liaison).get(reverse("feedback:complaint_detail", args=[c.pk]))
    body = liaison_page.content.decode()
    assert "Ani Pelapor" not in body and "081255554444" not in body and "Rahasia" in body
    coord = login(fp.coordinator).get(reverse("feedback:complaint_detail", args=[c.pk]))
    assert "Ani Pelapor" in coord.content.decode()
    plain = dispatch(fp, make(fp), fp.puskesmas)
    body = login(fp.liaison).get(reverse("feedback:complaint_detail", args=[plain.pk])).content
    assert b"Ani Pelapor" in body


@pytest.mark.django_db
def test_link_employee_through_page(fp, personas, login):
    c = make(fp)
    svc.complaint_verify(complaint=c, actor=fp.coordinator)
    client = login(fp.coordinator)
    url = reverse("feedback:complaint_act", args=[c.pk, "link_employee"])
    r = client.post(url, {"link_employee-nip": "000", "link_employee-note": "x"})
    assert r.status_code == 400 and "tidak ditemukan" in r.content.decode()
    r = client.post(
        url, {"link_employee-nip": personas.employee.nip, "link_employee-note": "Terbukti"}
    )
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.employee == personas.employee
    assert login(fp.liaison).post(url, {}).status_code == 404  # not dispatched: not visible


@pytest.mark.django_db
def test_attachment_download_scoped(fp, personas, login):
    c = svc.complaint_submit(
        data=svc.ComplaintInput(
            kind="complaint",
            title="t",
            description="d",
            service=fp.service,
            attachments=[SimpleUploadedFile("a.png", PNG)],
        )
    )
    a = c.attachments.get()
    url = reverse("feedback:attachment", args=[c.pk, a.pk])
    r = login(fp.coordinator).get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == PNG
    assert "attachment" in r["Content-Disposition"]
    assert login(fp.liaison).get(url).status_code == 404


@pytest.mark.django_db
def test_scorecard(fp, personas, login):
    c = dispatch(fp, make(fp), fp.puskesmas)
    svc.complaint_respond(complaint=c, actor=fp.liaison, public_message="ok")
    svc.citizen_rate(complaint=c, rating=4)
    make(fp)
    body = login(personas.leader).get(reverse("feedback:scorecard")).content.decode()
    assert "Puskesmas Kenali Besar" in body
    assert "100%" in body and "(1/1)" in body and "4.0" in body.replace(",", ".")
    assert login(fp.liaison).get(reverse("feedback:scorecard")).status_code == 403
    assert login(personas.employee.user).get(reverse("feedback:scorecard")).status_code == 403


@pytest.mark.django_db
def test_scorecard_shows_ikm_trend_from_surveys(fp, personas, login):
    pytest.importorskip("abdi.feedback.selectors.surveys")
    from abdi.feedback.models import SatisfactionSurvey, SurveyResponse

    for start, value in ((dt.date(2026, 1, 1), 3), (dt.date(2026, 7, 1), 4)):
        survey = SatisfactionSurvey.objects.create(
            service=fp.service,
            code=f"S{start:%m}",
            period_start=start,
            period_end=start + dt.timedelta(days=180),
            created_by=personas.admin,
        )
        SurveyResponse.objects.create(survey=survey, **{f"u{i}": value for i in range(1, 10)})
    body = login(personas.admin).get(reverse("feedback:scorecard")).content.decode()
    assert "Puskesmas Kenali Besar" in body  # a row even without complaints
    assert "01/2026" in body and "07/2026" in body
    assert "100,00</strong> (A)" in body  # all answers 4: IKM 100, grade A
