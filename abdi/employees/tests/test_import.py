"""Personnel import services: reading, the dry run, the all-or-nothing write, history, scope."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from abdi.employees import import_format
from abdi.employees.choices import ImportStatus
from abdi.employees.models import Employee, ImportJob, PositionHistory, RankHistory
from abdi.employees.rules import build_pns_nip
from abdi.employees.selectors import imports as import_reads
from abdi.employees.services.imports import plan as row_plan
from abdi.employees.services.imports import upload as job_upload
from abdi.employees.services.imports import validation, writing

pytestmark = pytest.mark.django_db

REASON = "Impor berkas"


def nip(n: int, *, sex: str = "m", birth=dt.date(1991, 4, 12)) -> str:
    return build_pns_nip(birth, dt.date(2016, 3, 1), sex, n)


def row(n: int = 1, **overrides) -> dict[str, str]:
    """A valid row for the persona agency: Bidang Pelayanan (in the operator's OPD)."""
    values = {
        "NIP_BARU": nip(n, sex=overrides.pop("_sex", "m")),
        "NAMA": f"Pegawai Impor {n}",
        "GELAR_DEPAN": "",
        "GELAR_BELAKANG": "S.E.",
        "TEMPAT_LAHIR": "Jambi",
        "TANGGAL_LAHIR": "1991-04-12",
        "JENIS_KELAMIN": "L",
        "STATUS": "PNS",
        "NIK": "",
        "ALAMAT": "",
        "TELEPON": "",
        "EMAIL": "",
        "TMT_CPNS": "2016-03-01",
        "TMT_PNS": "2017-03-01",
        "TMT_PPPK": "",
        "GOL_KODE": "III/a",
        "TMT_GOLONGAN": "2016-03-01",
        "JABATAN_KODE": "",
        "TMT_JABATAN": "",
        "UNOR_KODE": "DINKES-YAN",
        "PENDIDIKAN_KODE": "S1",
        "TMT_KGB": "",
    }
    values.update(overrides)
    return values


def csv_bytes(rows: list[dict], headers=import_format.HEADERS, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    for r in rows:
        writer.writerow([r.get(h, "") for h in headers])
    return out.getvalue().encode()


def xlsx_bytes(rows: list[dict], headers=import_format.HEADERS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for r in rows:
        sheet.append([r.get(h, "") for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(actor, content: bytes, name: str = "pegawai.csv") -> ImportJob:
    return job_upload.import_upload(
        actor=actor, uploaded_file=SimpleUploadedFile(name, content, "application/octet-stream")
    )


def dry_run(actor, content: bytes, name: str = "pegawai.csv") -> ImportJob:
    return validation.import_validate(upload(actor, content, name))


def errors_of(job: ImportJob) -> set[tuple[int, str]]:
    return {(e["row"], e["column"]) for e in import_reads.report_errors(job)}


# --- valid files ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_three_valid_rows_import(personas, fmt):
    rows = [
        row(1),
        row(2, JABATAN_KODE="DINKES-STAF-YAN", TMT_JABATAN="2020-01-02"),
        row(3, NAMA="Sri Wahyuni", JENIS_KELAMIN="P", _sex="f", NIK="1571015204910003"),
    ]
    content = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    before = Employee.objects.count()
    job = dry_run(personas.admin, content, f"pegawai.{fmt}")
    assert job.status == ImportStatus.VALIDATED, import_reads.report_errors(job)
    assert (job.total_rows, job.error_count, job.created_count, job.updated_count) == (3, 0, 3, 0)
    assert [p["nip"] for p in job.report["preview"]["create"]] == [nip(1), nip(2), nip(3, sex="f")]
    assert Employee.objects.count() == before  # a dry run writes nothing

    job = writing.import_execute(actor=personas.admin, job=job)
    assert job.status == ImportStatus.DONE
    assert job.processed_rows == 3 and job.finished_at is not None
    assert Employee.objects.count() == before + 3
    sri = Employee.objects.get(nip=nip(3, sex="f"))
    assert (sri.name, sri.sex, sri.kind, sri.status) == ("Sri Wahyuni", "f", "pns", "pns")
    assert sri.org_unit == personas.subunit_a and sri.rank.code == "III/a"
    assert sri.nik == "1571015204910003" and sri.education_level.code == "S1"
    record = sri.history.get()
    assert record.history_type == "+" and record.history_user == personas.admin
    assert record.history_change_reason == f"{REASON} pegawai.{fmt}"
    assert RankHistory.objects.filter(employee=sri, rank__code="III/a").count() == 1
    with_position = Employee.objects.get(nip=nip(2))
    open_row = PositionHistory.objects.get(employee=with_position)
    assert open_row.position == personas.staff_position and open_row.effective_until is None
    assert open_row.history.get().history_user == personas.admin


def test_semicolon_csv_dd_mm_yyyy_dates_and_mf_sex(personas):
    content = csv_bytes(
        [row(1, TANGGAL_LAHIR="12-04-1991", TMT_CPNS="01/03/2016", JENIS_KELAMIN="M")],
        delimiter=";",
    )
    job = dry_run(personas.admin, content)
    assert job.status == ImportStatus.VALIDATED, import_reads.report_errors(job)


def test_xlsx_date_cells_and_unknown_extra_columns(personas):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    headers = [*import_format.HEADERS, "KETERANGAN"]
    sheet.append(headers)
    values = row(1)
    values["TANGGAL_LAHIR"] = dt.datetime(1991, 4, 12)
    values["TMT_CPNS"] = dt.date(2016, 3, 1)
    values["KETERANGAN"] = "diabaikan"
    sheet.append([values.get(h, "") for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    job = dry_run(personas.admin, out.getvalue(), "a.xlsx")
    assert job.status == ImportStatus.VALIDATED, import_reads.report_errors(job)
    assert job.report["ignored_columns"] == ["KETERANGAN"]


def test_reimport_updates_by_nip_with_history(personas):
    first = dry_run(personas.admin, csv_bytes([row(1), row(2)]))
    writing.import_execute(actor=personas.admin, job=first)
    count = Employee.objects.count()

    changed = [
        row(1, TEMPAT_LAHIR="Muaro Jambi", GOL_KODE="III/b", TMT_GOLONGAN="2020-04-01"),
        row(2),
    ]
    job = dry_run(personas.operator, csv_bytes(changed), "ulang.csv")
    assert job.status == ImportStatus.VALIDATED, import_reads.report_errors(job)
    assert (job.created_count, job.updated_count) == (0, 1)
    assert job.report["preview"]["unchanged_count"] == 1
    update = job.report["preview"]["update"][0]
    assert {"column": "TEMPAT_LAHIR", "old": "Jambi", "new": "Muaro Jambi"} in update["changes"]

    writing.import_execute(actor=personas.operator, job=job)
    assert Employee.objects.count() == count  # never duplicates
    e = Employee.objects.get(nip=nip(1))
    assert e.birth_place == "Muaro Jambi" and e.rank.code == "III/b"
    latest = e.history.first()
    assert latest.history_type == "~" and latest.history_user == personas.operator
    assert latest.history_change_reason == f"{REASON} ulang.csv"
    assert latest.prev_record.birth_place == "Jambi"
    # a new rank with its TMT is a new rank history row; the old one stays
    assert set(e.rank_history.values_list("rank__code", "effective_from")) == {
        ("III/a", dt.date(2016, 3, 1)),
        ("III/b", dt.date(2020, 4, 1)),
    }
    # the unchanged row got no history row
    assert Employee.objects.get(nip=nip(2)).history.count() == 1


def test_reimport_with_new_position_closes_the_open_position_row(personas):
    employee = personas.employee  # Staf Pelayanan since 2021-01-04
    content = csv_bytes(
        [
            row(
                1,
                NIP_BARU=employee.nip,
                NAMA=employee.name,
                TANGGAL_LAHIR=employee.birth_date.isoformat(),
                TMT_CPNS=employee.tmt_cpns.isoformat(),
                TMT_PNS=employee.tmt_pns.isoformat(),
                TMT_GOLONGAN="2020-04-01",
                JABATAN_KODE="DINKES-KABID-YAN",
                TMT_JABATAN="2024-07-01",
            )
        ]
    )
    job = dry_run(personas.admin, content)
    assert job.status == ImportStatus.VALIDATED, import_reads.report_errors(job)
    writing.import_execute(actor=personas.admin, job=job)
    rows = list(employee.position_history.order_by("effective_from"))
    assert [(r.position.code, r.effective_until) for r in rows] == [
        ("DINKES-STAF-YAN", dt.date(2024, 6, 30)),
        ("DINKES-KABID-YAN", None),
    ]
    assert rows[0].history.first().history_user == personas.admin
    employee.refresh_from_db()
    assert employee.position_id == personas.supervisor_position.pk
    assert employee.rank_history.count() == 1  # rank unchanged: no new row


def test_changing_rank_without_tmt_is_an_error(personas):
    e = personas.employee
    content = csv_bytes(
        [
            row(
                1,
                NIP_BARU=e.nip,
                NAMA=e.name,
                TANGGAL_LAHIR=e.birth_date.isoformat(),
                TMT_CPNS=e.tmt_cpns.isoformat(),
                TMT_PNS="",
                GOL_KODE="III/b",
                TMT_GOLONGAN="",
            )
        ]
    )
    job = dry_run(personas.admin, content)
    assert errors_of(job) == {(2, "TMT_GOLONGAN")}


# --- errors: every kind, row and column named, nothing written --------------------------------


def test_each_kind_of_row_error_names_row_and_column_and_nothing_is_written(personas):
    rows = [
        row(1),  # row 2: fine
        row(2, NIP_BARU="19910412201603100"),  # row 3: 17 digits
        row(3, UNOR_KODE="TIDAK-ADA"),  # row 4
        row(4, JABATAN_KODE="JAB-X", TMT_JABATAN="2020-01-02"),  # row 5
        row(5, GOL_KODE="V/z"),  # row 6
        row(6, TMT_CPNS="31-02-2016"),  # row 7: bad date
        row(1),  # row 8: duplicate of row 2
        row(7, JENIS_KELAMIN="P"),  # row 9: NIP digit 15 says male
        row(8, PENDIDIKAN_KODE="S9"),  # row 10
    ]
    before = (Employee.objects.count(), Employee.history.count(), RankHistory.objects.count())
    job = dry_run(personas.admin, csv_bytes(rows))
    assert job.status == ImportStatus.INVALID
    assert errors_of(job) == {
        (3, "NIP_BARU"),
        (4, "UNOR_KODE"),
        (5, "JABATAN_KODE"),
        (6, "GOL_KODE"),
        (7, "TMT_CPNS"),
        (8, "NIP_BARU"),
        (9, "JENIS_KELAMIN"),
        (10, "PENDIDIKAN_KODE"),
    }
    messages = {(e["row"], e["column"]): e["message"] for e in import_reads.report_errors(job)}
    # the same message as the employee form (rules.parse_nip / services.validate_employee_input)
    assert messages[(3, "NIP_BARU")] == "NIP harus 18 digit, bukan 17."
    assert messages[(4, "UNOR_KODE")] == "Kode unit kerja 'TIDAK-ADA' tidak dikenal."
    assert messages[(5, "JABATAN_KODE")] == "Kode jabatan 'JAB-X' tidak dikenal."
    assert messages[(6, "GOL_KODE")] == "Kode golongan 'V/z' tidak dikenal."
    assert "bukan tanggal" in messages[(7, "TMT_CPNS")]
    assert messages[(8, "NIP_BARU")] == "NIP ini sudah muncul di baris 2 pada berkas yang sama."
    assert messages[(9, "JENIS_KELAMIN")] == "Jenis kelamin tidak cocok dengan digit ke-15 NIP."
    assert job.error_count == 8

    with pytest.raises(ValidationError):
        writing.import_execute(actor=personas.admin, job=job)
    assert (
        Employee.objects.count(),
        Employee.history.count(),
        RankHistory.objects.count(),
    ) == before


def test_a_failure_while_writing_rolls_back_everything(personas, monkeypatch):
    job = dry_run(personas.admin, csv_bytes([row(1), row(2), row(3)]))
    before = (Employee.objects.count(), Employee.history.count())

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writing, "_write_position_history", broken)
    with pytest.raises(RuntimeError):
        writing.import_execute(actor=personas.admin, job=job)
    assert (Employee.objects.count(), Employee.history.count()) == before
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "tidak ada data yang diubah" in import_reads.report_errors(job)[0]["message"]


def test_execute_needs_a_validated_job_and_runs_once(personas):
    job = dry_run(personas.admin, csv_bytes([row(1)]))
    writing.import_execute(actor=personas.admin, job=job)
    with pytest.raises(ValidationError):
        writing.import_execute(actor=personas.admin, job=job)
    assert Employee.objects.filter(nip=nip(1)).count() == 1


def test_operator_row_outside_scope_is_a_row_error(personas):
    rows = [row(1), row(2, UNOR_KODE="DISDIK")]
    job = dry_run(personas.operator, csv_bytes(rows))
    assert job.status == ImportStatus.INVALID
    assert import_reads.report_errors(job) == [
        {"row": 3, "column": "UNOR_KODE", "message": "Unit kerja di luar wewenang Anda."}
    ]
    assert job.scope_unit == personas.unit_a


def test_operator_cannot_move_an_employee_of_another_opd(personas):
    o = personas.outsider
    content = csv_bytes(
        [
            row(
                1,
                NIP_BARU=o.nip,
                NAMA=o.name,
                TANGGAL_LAHIR=o.birth_date.isoformat(),
                JENIS_KELAMIN="P",
                TMT_CPNS=o.tmt_cpns.isoformat(),
                TMT_PNS="",
                TMT_GOLONGAN="2020-04-01",
            )
        ]
    )
    job = dry_run(personas.operator, content)
    messages = {(e["column"], e["message"]) for e in import_reads.report_errors(job)}
    assert (
        "NIP_BARU",
        "Pegawai dengan NIP ini berada di unit kerja di luar wewenang Anda.",
    ) in messages
    o.refresh_from_db()
    assert o.org_unit == personas.unit_b


def test_users_without_import_rights_are_refused(personas):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        upload(personas.leader, csv_bytes([row(1)]))
    assert not ImportJob.objects.exists()


# --- bad files: a clear message, no job -------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "data.csv", "tidak didukung"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01",
            "x.xlsx",
            "tidak didukung",
        ),
        (b"PK\x03\x04\x14\x00\x00\x00broken zip", "rusak.xlsx", "XLSX rusak"),
        (b"", "kosong.csv", "Berkas kosong"),
        (b"NAMA,ALAMAT\nBudi,Jambi\n", "kolom.csv", "Kolom wajib tidak ada: NIP_BARU"),
        (",".join(import_format.HEADERS).encode() + b"\n", "header.csv", "tidak berisi baris"),
    ],
)
def test_bad_files_are_refused_without_a_job(personas, content, name, message):
    with pytest.raises(ValidationError) as exc:
        upload(personas.admin, content, name)
    assert message in " ".join(exc.value.messages)
    assert not ImportJob.objects.exists()


def test_truncated_xlsx_is_corrupt(personas):
    content = xlsx_bytes([row(1)])
    with pytest.raises(ValidationError) as exc:
        upload(personas.admin, content[: len(content) // 2], "potong.xlsx")
    assert "XLSX rusak" in exc.value.messages[0]
    assert not ImportJob.objects.exists()


def test_too_large_and_too_many_rows(personas, settings):
    settings.ABDI_IMPORT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as exc:
        upload(personas.admin, csv_bytes([row(1)]))
    assert "terlalu besar" in exc.value.messages[0]
    settings.ABDI_IMPORT_MAX_BYTES = 10_000_000
    settings.ABDI_IMPORT_MAX_ROWS = 2
    with pytest.raises(ValidationError) as exc:
        upload(personas.admin, csv_bytes([row(1), row(2), row(3)]))
    assert "lebih dari 2 baris" in exc.value.messages[0]
    assert not ImportJob.objects.exists()


def test_nip_stored_as_a_number_in_excel_is_explained(personas):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(import_format.HEADERS))
    values = row(1)
    values["NIP_BARU"] = float(values["NIP_BARU"])
    sheet.append([values[h] for h in import_format.HEADERS])
    out = io.BytesIO()
    workbook.save(out)
    job = dry_run(personas.admin, out.getvalue(), "angka.xlsx")
    [error] = import_reads.report_errors(job)
    assert error["column"] == "NIP_BARU" and "sebagai teks" in error["message"]


# --- big files go through the task ------------------------------------------------------------


def test_big_file_goes_through_the_tasks_and_reaches_done(personas, settings, monkeypatch):
    settings.ABDI_IMPORT_SYNC_ROW_LIMIT = 5
    monkeypatch.setattr(row_plan, "BATCH_SIZE", 4)
    from django_tasks.signals import task_enqueued, task_finished

    calls = []

    def on_enqueued(sender, task_result, **kwargs):
        calls.append(("enqueued", task_result.task.name))

    def on_finished(sender, task_result, **kwargs):
        calls.append((task_result.status.lower(), task_result.task.name))

    task_enqueued.connect(on_enqueued)
    task_finished.connect(on_finished)
    progress = []
    original_saver = row_plan.progress_saver

    def saver(job):
        save = original_saver(job)

        def record(done):
            progress.append(done)
            save(done)

        return record

    monkeypatch.setattr(row_plan, "progress_saver", saver)

    rows = [row(n) for n in range(1, 13)]
    job = upload(personas.admin, csv_bytes(rows))
    assert writing.runs_in_background(job)
    job = writing.import_validate_start(job)
    assert job.status == ImportStatus.VALIDATED
    job = writing.import_execute_start(actor=personas.admin, job=job)
    job.refresh_from_db()
    task_enqueued.disconnect(on_enqueued)
    task_finished.disconnect(on_finished)
    assert calls == [
        ("enqueued", "validate_import"),
        ("successful", "validate_import"),
        ("enqueued", "execute_import"),
        ("successful", "execute_import"),
    ]
    assert job.status == ImportStatus.DONE
    assert job.processed_rows == job.total_rows == 12
    assert job.progress_percent == 100
    assert progress == [4, 8, 12, 4, 8, 12]  # every batch, in the dry run and in the write
    assert Employee.objects.filter(nip__in=[r["NIP_BARU"] for r in rows]).count() == 12


def test_template_example_row_passes_the_dry_run(personas):
    for content, name in (
        (import_reads.template_csv(personas.operator), "templat.csv"),
        (import_reads.template_xlsx(personas.operator), "templat.xlsx"),
    ):
        job = dry_run(personas.operator, content, name)
        assert job.status == ImportStatus.VALIDATED, import_reads.report_errors(job)
        assert job.total_rows == 1


def test_an_unreadable_cell_gets_one_message(personas):
    content = csv_bytes([row(1, JABATAN_KODE="DINKES-STAF-YAN", TMT_JABATAN="31-13-2020")])
    job = dry_run(personas.admin, content)
    assert [(e["column"], e["message"][:13]) for e in import_reads.report_errors(job)] == [
        ("TMT_JABATAN", "'31-13-2020' ")
    ]


def test_a_job_that_lost_its_worker_is_marked_failed(personas):
    from django.utils import timezone

    job = upload(personas.admin, csv_bytes([row(1)]))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING)
    job.refresh_from_db()
    assert validation.import_mark_stale(job).status == ImportStatus.IMPORTING  # still fresh
    ImportJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - validation.STALE_AFTER - dt.timedelta(seconds=1)
    )
    job.refresh_from_db()
    job = validation.import_mark_stale(job)
    assert job.status == ImportStatus.FAILED
    assert "Tidak ada data yang diubah" in import_reads.report_errors(job)[0]["message"]
