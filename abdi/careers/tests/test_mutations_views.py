"""Pages of transfer requests and rotation plans."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from abdi.careers.models import RotationPlan, TransferRequest
from abdi.careers.testing_proposals import PDF

pytestmark = pytest.mark.django_db


def test_employee_requests_a_transfer_on_the_page(personas, client):
    p = personas
    client.force_login(p.outsider.user)  # TMT CPNS 2017: another agency is refused
    response = client.post(
        reverse("careers:transfer_create"),
        {
            "kind": "other",
            "destination_agency": "Kabupaten Lain",
            "reason": "Ikut keluarga.",
            "document": SimpleUploadedFile("s.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "10 tahun sejak pengangkatan" in response.content.decode()
    client.force_login(p.employee.user)
    response = client.post(
        reverse("careers:transfer_create"),
        {
            "kind": "within",
            "destination_unit": p.unit_b.pk,
            "destination_position_code": p.staff_position_b.code,
            "reason": "Dekat rumah.",
            "document": SimpleUploadedFile("s.pdf", PDF, "application/pdf"),
        },
    )
    transfer = TransferRequest.objects.get()
    assert response.url == reverse("careers:transfer_detail", args=[transfer.pk])
    client.force_login(p.operator)
    client.post(reverse("careers:transfer_decide", args=[transfer.pk]), {"decision": "approve"})
    transfer.refresh_from_db()
    assert transfer.status == "home_ok"


def test_rotation_plan_on_the_pages(personas, client):
    p = personas
    client.force_login(p.admin)
    client.post(
        reverse("careers:rotations"),
        {"title": "Rotasi akhir tahun", "effective_from": timezone.localdate().isoformat()},
    )
    plan = RotationPlan.objects.get()
    for nip, code, number in (
        (p.employee.nip, p.staff_position_b.code, "SK-1"),
        (p.outsider.nip, p.staff_position.code, "SK-2"),
    ):
        client.post(
            reverse("careers:rotation_move_add", args=[plan.pk]),
            {"nip": nip, "position_code": code, "decree_number": number},
        )
    client.post(reverse("careers:rotation_action", args=[plan.pk, "check"]))
    page = client.get(reverse("careers:rotation_detail", args=[plan.pk])).content.decode()
    assert "Semua perpindahan lolos pemeriksaan" in page
    client.post(reverse("careers:rotation_action", args=[plan.pk, "apply"]))
    p.employee.refresh_from_db()
    assert p.employee.position_id == p.staff_position_b.pk
