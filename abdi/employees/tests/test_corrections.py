"""Correction requests through the pages: submit with a checked document, decide, download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from abdi.accounts.models import RoleAssignment
from abdi.employees.models import CorrectionRequest, Employee
from abdi.testing import make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\nIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _submit(client, *, content=PDF, name="akta.pdf", field="name", value="Budi Pegawai Santoso"):
    return client.post(
        reverse("employees:correction_create"),
        {
            "field_name": field,
            "requested_value": value,
            "reason": "Nama di akta kelahiran lengkap dengan Santoso.",
            "document": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )


@pytest.fixture
def pending(personas, login):
    response = _submit(login(personas.employee.user))
    assert response.status_code == 302, response.context and response.context["form"].errors
    return CorrectionRequest.objects.get()


def test_fake_pdf_is_refused_by_content(personas, login):
    response = _submit(login(personas.employee.user), content=b"ini hanya teks, bukan PDF\n" * 20)
    assert response.status_code == 200
    errors = response.context["form"].errors["document"]
    assert "bukan PDF, JPEG, atau PNG" in errors[0]
    assert not CorrectionRequest.objects.exists()


def test_too_large_document_is_refused(personas, login, settings):
    settings.ABDI_DOCUMENT_MAX_BYTES = 100
    response = _submit(login(personas.employee.user), content=PDF + b"0" * 200)
    assert "terlalu besar" in response.context["form"].errors["document"][0]
    assert not CorrectionRequest.objects.exists()


def test_valid_pdf_is_accepted_and_stored_under_a_safe_name(personas, pending):
    assert pending.employee == personas.employee
    assert pending.current_value == "Budi Pegawai"
    assert pending.status == "pending"
    assert pending.document.name.endswith(".pdf")
    assert "akta" not in pending.document.name


def test_png_named_pdf_is_stored_as_png(personas, login):
    assert _submit(login(personas.employee.user), content=PNG, name="x.pdf").status_code == 302
    assert CorrectionRequest.objects.get().document.name.endswith(".png")


def test_form_shows_indonesian_field_names_and_current_values(personas, login):
    response = login(personas.employee.user).get(reverse("employees:correction_create"))
    choices = dict(response.context["form"].fields["field_name"].choices)
    assert choices["birth_place"] == "Tempat lahir"
    assert ("nik", "NIK", "1571010101850001") in response.context["current_values"]


def test_user_without_employee_record_cannot_submit(personas, login):
    assert login(personas.operator).get(reverse("employees:correction_create")).status_code == 403


def test_operator_of_unit_approves_and_change_is_in_history(personas, login, pending):
    client = login(personas.operator)
    response = client.post(
        reverse("employees:correction_approve", args=[pending.pk]),
        {"approve-note": "Sesuai akta."},
    )
    assert response.status_code == 302
    employee = Employee.objects.get(pk=personas.employee.pk)
    assert employee.name == "Budi Pegawai Santoso"
    latest = employee.history.first()
    assert latest.name == "Budi Pegawai Santoso"
    assert latest.history_change_reason == f"Koreksi data #{pending.pk} disetujui"
    assert latest.history_user == personas.operator
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by, pending.decision_note) == (
        "approved",
        personas.operator,
        "Sesuai akta.",
    )


def test_reject_requires_a_reason(personas, login, pending):
    client = login(personas.operator)
    url = reverse("employees:correction_reject", args=[pending.pk])
    response = client.post(url, {"reject-note": "  "})
    assert response.status_code == 400
    assert "Alasan penolakan wajib diisi." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert client.post(url, {"reject-note": "Dokumen tidak terbaca."}).status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.decision_note) == ("rejected", "Dokumen tidak terbaca.")
    assert Employee.objects.get(pk=personas.employee.pk).name == "Budi Pegawai"


def test_decisions_are_post_only(personas, login, pending):
    client = login(personas.operator)
    assert client.get(reverse("employees:correction_approve", args=[pending.pk])).status_code == 405


def test_outsider_operator_gets_404(personas, login, pending):
    other = make_user("operator_disdik")
    RoleAssignment.objects.create(user=other, role="operator", org_unit=personas.unit_b)
    client = login(other)
    for name in ("correction_detail", "correction_document"):
        assert client.get(reverse(f"employees:{name}", args=[pending.pk])).status_code == 404
    assert (
        client.post(
            reverse("employees:correction_approve", args=[pending.pk]), {"approve-note": ""}
        ).status_code
        == 404
    )
    assert not client.get(reverse("employees:corrections")).context["page_obj"].object_list
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_employee_cannot_approve_own_request(personas, login, pending):
    client = login(personas.employee.user)
    detail = client.get(reverse("employees:correction_detail", args=[pending.pk]))
    assert detail.status_code == 200 and not detail.context["can_decide"]
    response = client.post(reverse("employees:correction_approve", args=[pending.pk]))
    assert response.status_code == 403
    assert Employee.objects.get(pk=personas.employee.pk).name == "Budi Pegawai"


def test_document_only_for_those_who_see_the_request(personas, login, pending):
    url = reverse("employees:correction_document", args=[pending.pk])
    assert login(personas.colleague.user).get(url).status_code == 404
    assert login(personas.outsider.user).get(url).status_code == 404
    for user in (personas.employee.user, personas.operator, personas.admin):
        response = login(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"


def test_list_scope_pending_first_and_query_guard(
    personas, login, pending, django_assert_max_num_queries
):
    pending.status = "rejected"
    pending.save()
    for employee in (personas.colleague, personas.supervisor):
        for field, value in (("birth_place", "Padang"), ("email", "a@b.id")):
            assert _submit(login(employee.user), field=field, value=value).status_code == 302
    client = login(personas.operator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("employees:corrections"))
    rows = list(response.context["page_obj"])
    assert rows[0].status == "pending" and rows[-1].status == "rejected"
    filtered = client.get(reverse("employees:corrections"), {"status": "rejected"})
    assert [r.pk for r in filtered.context["page_obj"]] == [pending.pk]
    own = login(personas.colleague.user).get(reverse("employees:corrections"))
    assert {r.employee_id for r in own.context["page_obj"]} == {personas.colleague.pk}


@pytest.mark.django_db
def test_reject_by_someone_who_may_not_decide_is_forbidden_before_the_form_is_read(personas, login):
    from abdi.employees import services as employee_services

    request = employee_services.correction_request_submit(
        actor=personas.employee.user,
        employee=personas.employee,
        field_name="birth_place",
        requested_value="Muaro Jambi",
        reason="Salah ketik",
        document=SimpleUploadedFile(
            "bukti.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"
        ),
    )
    client = login(personas.auditor)
    response = client.post(f"/corrections/{request.pk}/reject/", {"reject-note": ""})
    assert response.status_code == 403
