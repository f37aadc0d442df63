"""Pages of the credit area: what they show, to whom, and that lists stay at a bounded number
of queries."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from abdi.learning.choices import ExternalCertificateStatus, JpSource
from abdi.learning.models import ExternalCertificate, JpEntry
from abdi.learning.services import credit as svc
from abdi.learning.testing import TINY_PDF, build_learning_world
from abdi.testing import make_employee


@pytest.fixture
def world(personas):
    return build_learning_world(personas)


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- certificates ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_certificate_pdf_for_the_owner_their_superior_and_admins_only(personas, world):
    url = reverse("learning:certificate_pdf", args=[world.certificate.pk])
    for user in (personas.employee.user, personas.supervisor.user, personas.admin):
        response = as_user(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    for user in (personas.colleague.user, personas.operator, personas.outsider.user):
        assert as_user(user).get(url).status_code == 404


@pytest.mark.django_db
def test_my_certificates_lists_own_certificates_with_links(
    personas, world, django_assert_max_num_queries
):
    client = as_user(personas.employee.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("learning:my_certificates"))
    body = response.content.decode()
    assert world.certificate.number in body
    assert reverse("learning:certificate_pdf", args=[world.certificate.pk]) in body
    assert reverse("learning:certificate_verify", args=[world.certificate.code]) in body
    other = as_user(personas.colleague.user).get(reverse("learning:my_certificates"))
    assert world.certificate.number not in other.content.decode()


@pytest.mark.django_db
def test_admin_revokes_from_the_page_and_the_reason_is_required(personas, world):
    url = reverse("learning:certificate_revoke", args=[world.certificate.pk])
    admin = as_user(personas.admin)
    assert admin.post(url, {"reason": ""}).status_code == 400
    world.certificate.refresh_from_db()
    assert world.certificate.is_valid
    response = admin.post(url, {"reason": "Data kehadiran dipalsukan."})
    assert response.status_code == 302
    world.certificate.refresh_from_db()
    assert not world.certificate.is_valid
    assert as_user(personas.employee.user).post(url, {"reason": "x"}).status_code == 403


# --- public verification --------------------------------------------------------------------


@pytest.mark.django_db
def test_verify_page_says_valid_with_masked_nip_and_no_login(personas, world):
    response = Client().get(reverse("learning:certificate_verify", args=[world.certificate.code]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sertifikat SAH" in body
    assert world.certificate.employee_name in body
    assert world.certificate.programme_title in body
    assert world.certificate.number in body
    nip = personas.employee.nip
    assert nip not in body
    assert f"{nip[:4]}**********{nip[-4:]}" in body


@pytest.mark.django_db
def test_verify_page_says_revoked_with_date_and_reason(personas, world):
    svc.certificate_revoke(
        actor=personas.admin, certificate=world.certificate, reason="Sertifikat ganda."
    )
    body = Client().get(reverse("learning:certificate_verify", args=[world.certificate.code]))
    text = body.content.decode()
    assert "DICABUT" in text and "Sertifikat ganda." in text


@pytest.mark.django_db
def test_verify_unknown_code_is_a_404_that_says_so_and_lowercase_or_dashes_work(personas, world):
    response = Client().get(reverse("learning:certificate_verify", args=["ZZZZZZZZZZZZ"]))
    assert response.status_code == 404
    assert "tidak ditemukan" in response.content.decode()
    code = world.certificate.code
    dashed = f"{code[:4]}-{code[4:8]}-{code[8:]}".lower()
    assert Client().get(reverse("learning:certificate_verify", args=[dashed])).status_code == 200


@pytest.mark.django_db
def test_verify_is_rate_limited_per_address_with_an_indonesian_message(personas, world, settings):
    settings.ABDI_VERIFY_RATE = "3/minute"
    client = Client()
    url = reverse("learning:certificate_verify", args=["ZZZZZZZZZZZZ"])
    assert [client.get(url).status_code for _ in range(3)] == [404, 404, 404]
    response = client.get(url)
    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in response.content.decode()
    assert response["Retry-After"]
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.get(url).status_code == 404


@pytest.mark.django_db
def test_verify_form_sends_a_typed_code_to_its_page(personas, world):
    client = Client()
    assert client.get(reverse("learning:verify_form")).status_code == 200
    response = client.get(reverse("learning:verify_form"), {"code": world.certificate.code})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "learning:certificate_verify", args=[world.certificate.code]
    )
    bad = client.get(reverse("learning:verify_form"), {"code": "!!"})
    assert bad.status_code == 200 and "12 huruf" in bad.content.decode()


# --- the JP ledger --------------------------------------------------------------------------


@pytest.mark.django_db
def test_my_jp_shows_total_target_and_entries(personas, world, django_assert_max_num_queries):
    year = world.completed.session.end_date.year
    client = as_user(personas.employee.user)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("learning:my_jp"), {"year": year})
    body = response.content.decode()
    assert response.context["summary"].total == 24
    assert "Target tercapai" in body
    assert world.certificate.number in body
    empty = as_user(personas.colleague.user).get(reverse("learning:my_jp"), {"year": year})
    assert "Kurang 20 JP" in empty.content.decode()
    nobody = as_user(personas.nobody).get(reverse("learning:my_jp"))
    assert "tidak terhubung" in nobody.content.decode()


@pytest.mark.django_db
def test_employee_jp_in_scope_only(personas, world):
    url = reverse("learning:employee_jp", args=[personas.employee.nip])
    assert as_user(personas.supervisor.user).get(url).status_code == 200
    assert as_user(personas.operator).get(url).status_code == 200
    assert as_user(personas.outsider.user).get(url).status_code == 404
    assert as_user(personas.colleague.user).get(url).status_code == 404


@pytest.mark.django_db
def test_jp_dashboard_counts_per_unit_and_lists_who_is_below(
    personas, world, django_assert_max_num_queries
):
    year = world.completed.session.end_date.year
    for i in range(15):
        make_employee(name=f"Staf Tambahan {i:02d}", unit=personas.subunit_a)
    client = as_user(personas.admin)
    url = reverse("learning:jp_dashboard")
    with django_assert_max_num_queries(16):  # +2: the notification bell, the panel check
        response = client.get(url, {"unit": personas.unit_a.pk, "year": year})
    assert response.status_code == 200
    total = response.context["total"]
    assert (total.staff, total.below) == (19, 18)
    assert response.context["below"].paginator.count == 18
    body = response.content.decode()
    assert personas.subunit_a.name in body
    # Unit outside the operator's scope: 404; the operator's own unit works.
    operator = as_user(personas.operator)
    assert operator.get(url, {"unit": personas.unit_b.pk}).status_code == 404
    assert operator.get(url, {"unit": personas.unit_a.pk}).status_code == 200
    assert as_user(personas.employee.user).get(url).status_code == 403


@pytest.mark.django_db
def test_jp_dashboard_export_is_an_xlsx_of_the_below_target_list(personas, world):
    from openpyxl import load_workbook

    year = world.completed.session.end_date.year
    response = as_user(personas.supervisor.user).get(
        reverse("learning:jp_dashboard_export"), {"year": year}
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "NIP"
    assert [r[0] for r in rows[1:]] == [personas.colleague.nip]  # the employee has 24 JP


# --- external certificates ------------------------------------------------------------------


def _form(file):
    today = timezone.localdate()
    return {
        "title": "Pelatihan Kearsipan Digital",
        "provider": "ANRI",
        "start_date": (today - dt.timedelta(days=3)).isoformat(),
        "end_date": (today - dt.timedelta(days=2)).isoformat(),
        "jp": "12",
        "number": "ANRI/123",
        "file": file,
    }


@pytest.mark.django_db
def test_external_create_accepts_a_pdf_and_refuses_other_content(personas):
    client = as_user(personas.colleague.user)
    url = reverse("learning:external_create")
    bad = client.post(url, _form(SimpleUploadedFile("sertifikat.pdf", b"MZ\x90\x00 bukan pdf")))
    assert bad.status_code == 400
    assert "tidak diizinkan" in bad.content.decode()
    assert not ExternalCertificate.objects.filter(employee=personas.colleague).exists()
    good = client.post(url, _form(SimpleUploadedFile("sertifikat.pdf", TINY_PDF)))
    assert good.status_code == 302
    external = ExternalCertificate.objects.get(employee=personas.colleague)
    assert good["Location"] == reverse("learning:external_detail", args=[external.pk])
    assert as_user(personas.admin).get(url).status_code == 403


@pytest.mark.django_db
def test_external_detail_file_and_decision(personas, world):
    detail = reverse("learning:external_detail", args=[world.external.pk])
    file_url = reverse("learning:external_file", args=[world.external.pk])
    owner = as_user(personas.employee.user)
    assert owner.get(detail).status_code == 200
    response = owner.get(file_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == TINY_PDF
    assert as_user(personas.operator).get(file_url).status_code == 404
    admin = as_user(personas.admin)
    assert "Simpan keputusan" in admin.get(detail).content.decode()
    decide = reverse("learning:external_decide", args=[world.external.pk])
    assert owner.post(decide, {"decision": "verify"}).status_code == 403
    admin.post(decide, {"decision": "reject"})  # no note: refused, a message
    world.external.refresh_from_db()
    assert world.external.status == ExternalCertificateStatus.SUBMITTED
    admin.post(decide, {"decision": "verify"})
    world.external.refresh_from_db()
    assert world.external.status == ExternalCertificateStatus.VERIFIED
    assert JpEntry.objects.filter(external=world.external, source=JpSource.EXTERNAL).exists()


@pytest.mark.django_db
def test_external_list_shows_mine_and_the_admin_queue(
    personas, world, django_assert_max_num_queries
):
    client = as_user(personas.admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("learning:external_list"))
    assert world.external.title in response.content.decode()
    mine = as_user(personas.employee.user).get(reverse("learning:external_list"))
    assert world.external.title in mine.content.decode()
    assert mine.context["queue"] is None


# --- completion confirmations ---------------------------------------------------------------


@pytest.mark.django_db
def test_supervisor_sees_and_confirms_team_completions(
    personas, world, django_assert_max_num_queries
):
    client = as_user(personas.supervisor.user)
    url = reverse("learning:completion_confirmations")
    with django_assert_max_num_queries(15):  # +1: the menu's selection-panel check
        response = client.get(url)
    assert list(response.context["registrations"]) == [world.completed]
    confirm = reverse("learning:completion_confirm", args=[world.completed.pk])
    assert as_user(personas.colleague.user).post(confirm).status_code == 404
    assert client.post(confirm).status_code == 302
    world.completed.refresh_from_db()
    assert world.completed.raised_assessment is not None
    assert list(client.get(url).context["registrations"]) == []
    assert as_user(personas.employee.user).get(url).status_code == 403
