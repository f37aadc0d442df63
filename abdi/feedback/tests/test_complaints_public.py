"""The citizen's side: the public form (honeypot, attachments by content, rate limit), the
tracking page (no personal data, escaped text, reply/rate/reopen) and unknown codes."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from abdi.feedback.choices import ComplaintStatus as S
from abdi.feedback.models import Complaint, ComplaintAttachment
from abdi.feedback.services import complaints as svc
from abdi.feedback.testing import build_feedback_personas

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fp(personas):
    return build_feedback_personas(personas)


def form_data(fp, **extra):
    data = {
        "kind": "complaint",
        "target": f"s:{fp.service.pk}",
        "title": "Antrian lama",
        "description": "Menunggu tiga jam.",
        "incident_date": "2026-01-05",
        "incident_place": "Loket 2",
        "reporter_name": "Ani Warga",
        "reporter_email": "ani@example.test",
        "reporter_phone": "081299990000",
        "website": "",
    }
    data.update(extra)
    return data


def post(client, data, files=()):
    payload = dict(data)
    if files:
        payload["attachments"] = list(files)
    return client.post(reverse("public:complaint_form"), payload)


@pytest.mark.django_db
def test_form_opens_without_login_and_search_finds_service(fp):
    client = Client()
    page = client.get(reverse("public:complaint_form"))
    assert page.status_code == 200 and b'name="website"' in page.content
    results = client.get(reverse("public:complaint_form"), {"q": "poli"}, HTTP_HX_REQUEST="true")
    assert f's:{fp.service.pk}"'.encode() in results.content
    assert b"Puskesmas Kenali Besar" in results.content
    assert b"<html" not in results.content  # a fragment for htmx
    by_unit = client.get(reverse("public:complaint_form"), {"q": "kenali"}, HTTP_HX_REQUEST="1")
    assert f'u:{fp.puskesmas.pk}"'.encode() in by_unit.content


@pytest.mark.django_db
def test_submit_with_photo_and_pdf_gives_code_and_deadline(fp):
    client = Client()
    response = post(
        client,
        form_data(fp),
        files=[
            SimpleUploadedFile("foto.jpg", PNG, content_type="image/jpeg"),
            SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf"),
        ],
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("public:complaint_sent", args=[complaint.tracking_code])
    assert complaint.org_unit == fp.puskesmas and complaint.service == fp.service
    assert sorted(complaint.attachments.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/png",
    ]
    sent = client.get(response["Location"])
    assert sent.status_code == 200
    assert complaint.tracking_code[:4].encode() in sent.content
    assert b"diverifikasi paling lambat" in sent.content


@pytest.mark.django_db
def test_honeypot_refused_without_saving_same_looking_response(fp):
    client = Client()
    response = post(client, form_data(fp, website="http://spam.example"))
    assert response.status_code == 302 and "/lapor/terkirim/" in response["Location"]
    assert Complaint.objects.count() == 0
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_attachment_refused_by_content_not_name(fp):
    client = Client()
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 this is an exe", content_type="image/jpeg")
    response = post(client, form_data(fp), files=[fake])
    assert response.status_code == 400
    assert "bukan foto atau PDF" in response.content.decode()
    assert Complaint.objects.count() == 0 and ComplaintAttachment.objects.count() == 0


@pytest.mark.django_db
def test_attachment_too_large_and_too_many(fp, settings):
    settings.ABDI_COMPLAINT_ATTACHMENT_MAX_BYTES = 1000
    client = Client()
    big = SimpleUploadedFile("big.png", PNG + b"\0" * 2000, content_type="image/png")
    response = post(client, form_data(fp), files=[big])
    assert response.status_code == 400 and "terlalu besar" in response.content.decode()
    four = [SimpleUploadedFile(f"f{i}.png", PNG, content_type="image/png") for i in range(4)]
    response = post(client, form_data(fp), files=four)
    assert response.status_code == 400 and "Paling banyak 3 lampiran" in response.content.decode()
    assert Complaint.objects.count() == 0


@pytest.mark.django_db
def test_missing_target_is_refused_with_message(fp):
    response = post(Client(), form_data(fp, target="s:999999"))
    assert response.status_code == 400
    assert "Pilih unit atau layanan" in response.content.decode()


@pytest.mark.django_db
def test_rate_limit_per_address(fp, settings):
    settings.ABDI_PUBLIC_COMPLAINT_RATE = "2/hour"
    client = Client()
    assert post(client, form_data(fp)).status_code == 302
    assert post(client, form_data(fp)).status_code == 302
    third = post(client, form_data(fp))
    assert third.status_code == 429
    assert "Terlalu banyak laporan" in third.content.decode()
    assert int(third["Retry-After"]) > 0
    assert Complaint.objects.count() == 2
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert post(other, form_data(fp)).status_code == 302


def _complaint(fp, **extra):
    return svc.complaint_submit(
        data=svc.ComplaintInput(
            kind="complaint",
            title=extra.pop("title", "Antrian lama"),
            description=extra.pop("description", "Menunggu."),
            service=fp.service,
            reporter_name="Ani Rahasia",
            reporter_email="ani.rahasia@example.test",
            reporter_phone="081277776666",
            **extra,
        )
    )


@pytest.mark.django_db
def test_tracking_page_escapes_script_and_hides_personal_data(fp):
    c = _complaint(fp, title="<script>alert(1)</script>", description="<b>tebal</b>")
    svc.complaint_verify(complaint=c, actor=fp.coordinator, note="INTERNAL-SECRET")
    page = Client().get(reverse("public:track_detail", args=[c.tracking_code]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
    assert "<b>tebal</b>" not in body
    for secret in ("Ani Rahasia", "ani.rahasia@example.test", "081277776666", "INTERNAL-SECRET"):
        assert secret not in body
    assert "koordinator" not in body.lower()  # no officer names either
    assert "Diverifikasi" in body


def _normalized(response) -> str:
    """The body without the per-response CSRF tokens and the request's own path."""
    body = re.sub(
        r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "", response.content.decode()
    )
    return re.sub(r'name="next" type="hidden" value="[^"]*"', "", body)


@pytest.mark.django_db
def test_unknown_and_malformed_codes_are_the_same_404(fp):
    client = Client()
    unknown = client.get(reverse("public:track_detail", args=["ABCDEFGHJKMN"]))
    malformed = client.get(reverse("public:track_detail", args=["x<y"]))
    assert unknown.status_code == malformed.status_code == 404
    assert _normalized(unknown) == _normalized(malformed)
    assert b"tidak ditemukan" in unknown.content


@pytest.mark.django_db
def test_lower_case_code_with_dashes_is_found(fp):
    c = _complaint(fp)
    code = "-".join(c.tracking_code[i : i + 4] for i in (0, 4, 8)).lower()
    assert Client().get(reverse("public:track_detail", args=[code])).status_code == 200
    redirect = Client().get(reverse("public:track_form"), {"code": code})
    assert redirect["Location"] == reverse("public:track_detail", args=[c.tracking_code])


@pytest.mark.django_db
def test_citizen_reply_rate_and_reopen_once(fp, personas):
    c = _complaint(fp)
    client = Client()
    act = lambda a, **d: client.post(reverse("public:track_act", args=[c.tracking_code, a]), d)  # noqa: E731
    assert act("rate", rating=5).status_code == 400  # not followed up yet
    assert act("reopen", reason="x").status_code == 400
    assert act("reply", message="Tambahan: loket 2").status_code == 302
    svc.complaint_verify(complaint=c, actor=fp.coordinator)
    svc.complaint_dispatch(complaint=c, actor=fp.coordinator, unit=fp.puskesmas)
    svc.complaint_respond(complaint=c, actor=fp.liaison, public_message="Petugas sudah ditegur.")
    bad = act("rate", rating=7)
    assert bad.status_code == 400 and "1 sampai 5" in bad.content.decode()
    assert act("rate", rating=4).status_code == 302
    assert act("reopen", reason="Masih lama").status_code == 302
    c.refresh_from_db()
    assert c.status == S.REOPENED and c.rating == 4
    svc.complaint_respond(complaint=c, actor=fp.liaison, public_message="Loket ditambah.")
    page = client.get(reverse("public:track_detail", args=[c.tracking_code])).content.decode()
    assert "Petugas sudah ditegur." in page and "Loket ditambah." in page
    assert "Buka kembali" not in page  # only once
    second = act("reopen", reason="lagi")
    assert second.status_code == 400 and "sekali" in second.content.decode()
    assert act("nonsense").status_code == 404
