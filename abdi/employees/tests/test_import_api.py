"""POST /api/v1/employees/import/: dry run, real import, row errors, bad files, permissions."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from abdi.employees.choices import ImportStatus
from abdi.employees.models import Employee, ImportJob
from abdi.employees.tests.test_import import csv_bytes, nip, row, xlsx_bytes

pytestmark = pytest.mark.django_db
URL = "/api/v1/employees/import/"


def api(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def post(client, content: bytes, name: str = "pegawai.csv", **data):
    return client.post(URL, {"file": SimpleUploadedFile(name, content), **data}, format="multipart")


def test_dry_run_is_the_default_and_writes_no_employee(personas):
    response = post(api(personas.operator), xlsx_bytes([row(1), row(2)]), "p.xlsx")
    assert response.status_code == 200, response.json()
    body = response.json()
    job = ImportJob.objects.get()
    assert body == {
        "job_id": job.pk,
        "status": "validated",
        "dry_run": True,
        "total_rows": 2,
        "error_count": 0,
        "created_count": 2,
        "updated_count": 0,
        "errors": [],
    }
    assert not Employee.objects.filter(nip__in=[nip(1), nip(2)]).exists()


def test_real_import_then_reimport_updates(personas):
    client = api(personas.operator)
    response = post(client, csv_bytes([row(1), row(2)]), dry_run="false")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "done" and response.json()["created_count"] == 2
    assert Employee.objects.filter(nip__in=[nip(1), nip(2)]).count() == 2

    response = post(client, csv_bytes([row(1, NAMA="Nama Baru"), row(2)]), dry_run="false")
    body = response.json()
    assert (body["created_count"], body["updated_count"]) == (0, 1)
    changed = Employee.objects.get(nip=nip(1))
    assert changed.name == "Nama Baru"
    assert changed.history.first().history_user == personas.operator


def test_row_errors_are_400_with_row_and_column_and_nothing_written(personas):
    before = Employee.objects.count()
    response = post(
        api(personas.operator),
        csv_bytes([row(1), row(2, TANGGAL_LAHIR="kemarin"), row(1)]),
        dry_run="false",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == ImportStatus.INVALID and body["error_count"] == 2
    assert [(e["row"], e["column"]) for e in body["errors"]] == [
        (3, "TANGGAL_LAHIR"),
        (4, "NIP_BARU"),
    ]
    assert Employee.objects.count() == before


def test_bad_file_is_400_without_a_job(personas):
    response = post(api(personas.admin), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "x.csv")
    assert response.status_code == 400
    assert "Jenis berkas tidak didukung" in response.json()["errors"]["file"][0]
    response = api(personas.admin).post(URL, {}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()["errors"]
    assert not ImportJob.objects.exists()


def test_permissions(personas):
    assert post(APIClient(), csv_bytes([row(1)])).status_code == 401
    assert post(api(personas.leader), csv_bytes([row(1)])).status_code == 403
    assert post(api(personas.employee.user), csv_bytes([row(1)])).status_code == 403
    assert not ImportJob.objects.exists()


def test_operator_row_outside_scope(personas):
    response = post(api(personas.operator), csv_bytes([row(1, UNOR_KODE="DISDIK")]))
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 2, "column": "UNOR_KODE", "message": "Unit kerja di luar wewenang Anda."}
    ]
