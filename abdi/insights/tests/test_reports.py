"""Standard reports: DUK order worked by hand from the personas, bezetting counts, chosen
columns, scope, and the worker export with its download."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from abdi.insights.models import ReportExport
from abdi.testing import formula_like_cells

pytestmark = pytest.mark.django_db


def rows_of(response):
    return response.context["rows"]


def test_duk_order(personas, login):
    p = personas
    response = login(p.admin).get(reverse("insights:report", args=["duk"]))
    names = [r[2] for r in rows_of(response)]
    # IV/b: Dedi before Andi (same TMT golongan and class, Dedi's TMT CPNS 1994 is earlier);
    # III/d Siti; III/a: Budi and Rina (class 7; Budi's TMT CPNS 2010 before 2015), then Lia
    # (class 5).
    assert names == [
        "Dedi Kepala",
        "Andi Kepala",
        "Siti Atasan",
        "Budi Pegawai",
        "Rina Rekan",
        "Lia Luar",
    ]
    assert [r[0] for r in rows_of(response)] == [1, 2, 3, 4, 5, 6]


def test_bezetting_counts_vacancies(personas, login):
    response = login(personas.leader).get(reverse("insights:report", args=["bezetting"]))
    assert response.context["totals"] == {"posts": 11, "holders": 6, "vacant": 5}
    staff = next(r for r in rows_of(response) if r[1] == "Pengelola Layanan Kesehatan")
    assert staff[4:] == [3, 2, 1, 0]


def test_nominative_with_chosen_columns(personas, login):
    response = login(personas.admin).get(
        reverse("insights:report", args=["nominative"]), {"col": ["nip", "education", "bogus"]}
    )
    assert response.context["headers"] == ["No", "NIP", "Pendidikan"]
    assert {r[2] for r in rows_of(response)} == {"S1"}


def test_operator_reports_cover_the_own_opd(personas, login):
    client = login(personas.operator)
    response = client.get(reverse("insights:report", args=["duk"]))
    assert response.context["unit"] == personas.unit_a
    assert [r[2] for r in rows_of(response)] == [
        "Andi Kepala",
        "Siti Atasan",
        "Budi Pegawai",
        "Rina Rekan",
    ]
    url = reverse("insights:report", args=["duk"])
    assert client.get(url, {"unit": personas.unit_b.pk}).status_code == 404
    assert client.get(reverse("insights:report", args=["nothing"])).status_code == 404


def test_report_page_queries_are_bounded(personas, login, django_assert_max_num_queries):
    client = login(personas.admin)
    with django_assert_max_num_queries(12):
        client.get(reverse("insights:report", args=["duk"]))


def test_small_export_is_direct_and_formula_safe(personas, login):
    personas.colleague.name = "=HYPERLINK(1)"
    personas.colleague.save()
    response = login(personas.admin).post(
        reverse("insights:report_export", args=["nominative"]), {"col": ["nip", "name"]}
    )
    workbook = load_workbook(BytesIO(response.content))
    assert "=HYPERLINK(1)" in [c.value for c in formula_like_cells(workbook)]
    assert workbook.active.max_row == 7


def test_large_export_goes_to_the_worker(
    personas, login, settings, django_capture_on_commit_callbacks
):
    settings.ABDI_REPORT_SYNC_ROWS = 2
    client = login(personas.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("insights:report_export", args=["duk"]))
    export = ReportExport.objects.get()
    assert response.url == reverse("insights:export_detail", args=[export.pk])
    assert (export.status, export.total_rows, export.processed_rows) == ("done", 6, 6)
    page = client.get(response.url)
    assert "Unduh XLSX" in page.content.decode()
    download = client.get(reverse("insights:export_download", args=[export.pk]))
    sheet = load_workbook(BytesIO(b"".join(download.streaming_content))).active
    assert [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))][:3] == [
        1,
        personas.head_b.nip,
        "Dedi Kepala",
    ]
    # Someone else's export is a 404.
    assert login(personas.leader).get(response.url).status_code == 404


def test_pdf(personas, login):
    response = login(personas.admin).get(reverse("insights:report_pdf", args=["bezetting"]))
    assert response.content.startswith(b"%PDF")


def test_duk_api(personas, login, django_assert_max_num_queries):
    client = login(personas.operator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("api-report-duk"))
    body = response.json()
    assert body["count"] == 4
    first = body["results"][0]
    assert (first["number"], first["name"], first["rank"]) == (1, "Andi Kepala", "IV/b")
    assert client.get(reverse("api-report-duk"), {"unit": personas.unit_b.pk}).status_code == 404
    assert client.get(reverse("api-report-duk"), {"unit": "x"}).status_code == 400
    assert login(personas.employee.user).get(reverse("api-report-duk")).status_code == 403
