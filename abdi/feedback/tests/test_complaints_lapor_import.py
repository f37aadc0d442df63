"""SP4N-LAPOR! CSV import: dry run with row errors, all-or-nothing, no duplicates on re-import."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from abdi.feedback.choices import ComplaintChannel
from abdi.feedback.choices import ComplaintStatus as S
from abdi.feedback.models import Complaint
from abdi.feedback.services import lapor_import as lapor
from abdi.feedback.testing import build_feedback_personas

GOOD = (
    "No. Laporan;Tanggal Laporan;Judul;Isi Laporan;Klasifikasi;Kategori;Instansi Tujuan;Status\n"
    "LAP-001;05/01/2026 09:30;Antrian lama;Menunggu 3 jam;Pengaduan;Kesehatan;PKM-KENALI;Belum Terverifikasi\n"
    "LAP-002;06/01/2026;Usul jam buka;Buka sore;Aspirasi;Kesehatan;Puskesmas Kenali Besar;Proses\n"
    "LAP-003;2026-01-07;Info biaya;Berapa biaya?;Permintaan Informasi;;DISDIK;Selesai\n"
)


@pytest.fixture
def fp(personas):
    return build_feedback_personas(personas)


@pytest.mark.django_db
def test_check_maps_columns_units_and_statuses(fp, personas):
    report = lapor.lapor_import_check(GOOD)
    assert report.ok and len(report.to_create) == 3
    rows = {r.external_id: r for r in report.rows}
    assert rows["LAP-001"].unit == fp.puskesmas  # by code
    assert rows["LAP-002"].unit == fp.puskesmas and rows["LAP-002"].kind == "aspiration"  # name
    assert rows["LAP-003"].unit == personas.unit_b and rows["LAP-003"].status == S.CLOSED
    assert Complaint.objects.count() == 0  # a dry run writes nothing


@pytest.mark.django_db
def test_import_is_idempotent(fp, personas):
    first = lapor.lapor_import_execute(actor=fp.coordinator, content=GOOD)
    assert (first.created, first.skipped) == (3, 0)
    c = Complaint.objects.get(external_id="LAP-002")
    assert c.channel == ComplaintChannel.LAPOR and c.status == S.DISPATCHED
    assert c.dispatched_unit == fp.puskesmas and c.follow_up_due is not None
    assert c.events.first().action == "import"
    second = lapor.lapor_import_execute(actor=fp.coordinator, content=GOOD)
    assert (second.created, second.skipped) == (0, 3)
    assert Complaint.objects.count() == 3


@pytest.mark.django_db
def test_one_bad_row_writes_nothing(fp):
    bad = GOOD + (
        "LAP-004;31/02/2026;X;Y;Pengaduan;;NOPE;Belum Terverifikasi\n"
        "LAP-001;05/01/2026;Dup;Dup;Pengaduan;;PKM-KENALI;Aneh\n"
    )
    report = lapor.lapor_import_check(bad)
    assert not report.ok
    errors = {r.line: " ".join(r.errors) for r in report.error_rows}
    assert "Tanggal Laporan" in errors[5] and "tidak ditemukan" in errors[5]
    assert "dua kali" in errors[6] and "Status" in errors[6]
    with pytest.raises(ValidationError):
        lapor.lapor_import_execute(actor=fp.coordinator, content=bad)
    assert Complaint.objects.count() == 0


@pytest.mark.django_db
def test_missing_columns_reported(fp):
    report = lapor.lapor_import_check("Judul,Isi\nx,y\n")
    assert not report.ok and "No. Laporan" in report.file_errors[0]


@pytest.mark.django_db
def test_import_page_dry_run_then_confirm(fp, personas, login):
    client = login(fp.coordinator)
    upload = SimpleUploadedFile("lapor.csv", GOOD.encode("utf-8"), content_type="text/csv")
    r = client.post(reverse("feedback:lapor_import"), {"file": upload})
    assert r.status_code == 200 and "3 baru" in r.content.decode()
    assert Complaint.objects.count() == 0
    token = client.session["lapor_import_token"]
    r = client.post(reverse("feedback:lapor_import"), {"confirm": "1", "token": token})
    assert r.status_code == 302 and Complaint.objects.count() == 3
    assert login(fp.liaison).get(reverse("feedback:lapor_import")).status_code == 403
    assert login(personas.admin).get(reverse("feedback:lapor_import")).status_code == 403
