"""Import pages: upload, template, report, confirm, progress, and who may see which job."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from abdi.employees import import_format
from abdi.employees.choices import ImportStatus
from abdi.employees.models import Employee, ImportJob
from abdi.employees.rules import parse_nip
from abdi.employees.tests.test_import import csv_bytes, nip, row, upload

pytestmark = pytest.mark.django_db


def post_file(client, content: bytes, name: str = "pegawai.csv"):
    return client.post(
        reverse("employees:import"), {"file": SimpleUploadedFile(name, content, "text/csv")}
    )


def test_upload_page_explains_the_layout_and_lists_own_jobs(
    personas, login, django_assert_max_num_queries
):
    client = login(personas.operator)
    for n in range(3):
        upload(personas.operator, csv_bytes([row(n + 1)]), f"saya-{n}.csv")
    upload(personas.admin, csv_bytes([row(9)]), "milik-admin.csv")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("employees:import"))
    assert response.status_code == 200
    html = response.content.decode()
    for header in import_format.HEADERS:
        assert header in html
    assert reverse("employees:import_template", args=["xlsx"]) in html
    assert reverse("employees:import_template", args=["csv"]) in html
    assert "saya-2.csv" in html and "milik-admin.csv" not in html


def test_users_who_do_not_manage_employees_get_403(personas, login):
    client = login(personas.leader)
    assert client.get(reverse("employees:import")).status_code == 403
    assert client.get(reverse("employees:import_template", args=["csv"])).status_code == 403
    assert post_file(client, csv_bytes([row(1)])).status_code == 403
    assert not ImportJob.objects.exists()


def test_templates_have_header_and_a_valid_example(personas, login):
    client = login(personas.operator)
    response = client.get(reverse("employees:import_template", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    reader = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(reader[0]) == import_format.HEADERS and len(reader) == 2
    example = dict(zip(reader[0], reader[1], strict=True))
    assert parse_nip(example["NIP_BARU"]).valid
    assert example["UNOR_KODE"].startswith("DINKES")  # a unit in the operator's scope

    response = client.get(reverse("employees:import_template", args=["xlsx"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    # (the first 200 rows are formatted as text, so that Excel keeps NIPs whole; only 2 have data)
    rows = [r for r in sheet.iter_rows(values_only=True) if any(r)]
    assert sheet["A3"].number_format == "@"
    assert tuple(rows[0]) == import_format.HEADERS and len(rows) == 2
    assert parse_nip(rows[1][0]).valid
    assert client.get(reverse("employees:import_template", args=["pdf"])).status_code == 404


def test_upload_report_confirm_flow(personas, login):
    client = login(personas.operator)
    response = post_file(client, csv_bytes([row(1), row(2)]))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("employees:import_detail", args=[job.pk])
    html = client.get(response["Location"]).content.decode()
    assert job.status == ImportStatus.VALIDATED
    assert "Impor sekarang" in html and nip(1) in html
    assert not Employee.objects.filter(nip=nip(1)).exists()

    response = client.post(reverse("employees:import_confirm", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert "Impor selesai: 2 pegawai baru, 0 diperbarui." in response.content.decode()
    assert Employee.objects.filter(nip__in=[nip(1), nip(2)]).count() == 2
    # a second confirm does nothing and says why
    response = client.post(reverse("employees:import_confirm", args=[job.pk]), follow=True)
    assert "sudah diperiksa dan tanpa kesalahan" in response.content.decode()
    assert Employee.objects.filter(nip__in=[nip(1), nip(2)]).count() == 2


def test_report_shows_row_column_and_message_and_no_confirm_button(personas, login):
    client = login(personas.operator)
    post_file(client, csv_bytes([row(1), row(2, UNOR_KODE="DISDIK", GOL_KODE="X/x")]))
    job = ImportJob.objects.get()
    html = client.get(reverse("employees:import_detail", args=[job.pk])).content.decode()
    assert job.status == ImportStatus.INVALID
    assert "Unit kerja di luar wewenang Anda." in html
    assert "Kode golongan &#x27;X/x&#x27; tidak dikenal." in html
    assert '<td class="text-end">3</td><td class="nip small">UNOR_KODE</td>' in html
    assert "Impor sekarang" not in html
    response = client.post(reverse("employees:import_confirm", args=[job.pk]))
    assert response.status_code == 302
    assert not Employee.objects.filter(nip=nip(1)).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "Jenis berkas tidak didukung"),
        (b"PK\x03\x04\x14\x00broken", "XLSX rusak"),
    ],
)
def test_bad_file_is_refused_on_the_page(personas, login, content, message):
    response = post_file(login(personas.operator), content, "x.xlsx")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_too_large_file_is_refused_on_the_page(personas, login, settings):
    settings.ABDI_IMPORT_MAX_BYTES = 50
    response = post_file(login(personas.operator), csv_bytes([row(1)]))
    assert "Berkas terlalu besar" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_jobs_are_visible_to_their_creator_and_admins_only(personas, login, client):
    admins_job = upload(personas.admin, csv_bytes([row(1)]))
    operators_job = upload(personas.operator, csv_bytes([row(2)]))
    for name in ("employees:import_detail", "employees:import_progress"):
        client.force_login(personas.operator)
        assert client.get(reverse(name, args=[admins_job.pk])).status_code == 404
        assert client.get(reverse(name, args=[operators_job.pk])).status_code == 200
        client.force_login(personas.admin)
        assert client.get(reverse(name, args=[operators_job.pk])).status_code == 200
        client.force_login(personas.nobody)
        assert client.get(reverse(name, args=[operators_job.pk])).status_code == 404
    client.force_login(personas.operator)
    response = client.post(reverse("employees:import_confirm", args=[admins_job.pk]))
    assert response.status_code == 404


def test_progress_partial_polls_while_running_and_refreshes_when_done(personas, login):
    job = upload(personas.operator, csv_bytes([row(1), row(2)]))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING, processed_rows=1)
    client = login(personas.operator)
    url = reverse("employees:import_progress", args=[job.pk])
    response = client.get(url, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html and "50%" in html
    assert "HX-Refresh" not in response
    detail = client.get(reverse("employees:import_detail", args=[job.pk])).content.decode()
    assert 'id="import-progress"' in detail and "Impor sekarang" not in detail

    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE, processed_rows=2)
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    assert "every 1s" not in response.content.decode()


def test_big_upload_runs_through_the_worker_to_done(personas, login, settings):
    settings.ABDI_IMPORT_SYNC_ROW_LIMIT = 3
    client = login(personas.admin)
    rows = [row(n) for n in range(1, 8)]
    post_file(client, csv_bytes(rows))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.VALIDATED  # the immediate task backend ran the dry run
    client.post(reverse("employees:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.processed_rows == job.total_rows == 7
    assert Employee.objects.filter(nip__in=[r["NIP_BARU"] for r in rows]).count() == 7
