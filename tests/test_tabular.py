"""Finding 8 of issue 14: oversized spreadsheets are refused before they are read — declared
dimensions, blank rows (counted against the row limit), too many cells in a row, one huge cell —
by the one reader every importer uses (abdi.core.tabular)."""

from __future__ import annotations

import csv
import io
import time
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from abdi.core import tabular

LIMITS = tabular.Limits(max_rows=100, max_columns=50, max_cell_chars=1000)


def _xlsx(rows=(("NIP", "NAMA"), ("1", "Budi"))) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_sheet(sheet_xml: str, strings_xml: str | None = None) -> bytes:
    """A valid workbook whose first sheet (and shared strings) are replaced by hand-written XML."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode()
            target.writestr(info.filename, data)
        if strings_xml is not None:
            target.writestr("xl/sharedStrings.xml", strings_xml)
    return out.getvalue()


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _sheet(rows: str, dimension: str = "A1") -> str:
    return (
        f'<worksheet {NS}><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )


def _refused(content: bytes, limits=LIMITS) -> str:
    with pytest.raises(ValidationError) as exc:
        tabular.read_table(content, "xlsx", limits)
    assert exc.value.code == "too_large"
    return exc.value.messages[0]


def test_a_normal_sheet_is_read():
    table = tabular.read_table(_xlsx(), "xlsx", LIMITS)
    assert table.header == ["NIP", "NAMA"] and table.rows == [(2, ("1", "Budi"))]


def test_three_million_declared_rows_are_refused_before_reading():
    content = _with_sheet(
        _sheet('<row r="3000000"><c r="A3000000"><v>1</v></c></row>', "A1:A3000000")
    )
    started = time.monotonic()
    message = _refused(content, tabular.Limits(max_rows=200_000))
    assert "200000 baris" in message
    assert time.monotonic() - started < 30  # was 116 s of CPU; never a strict timing assertion


def test_blank_rows_count_against_the_limit_even_if_the_dimension_lies():
    blank = "".join(f'<row r="{n}"/>' for n in range(2, 200))
    content = _with_sheet(
        _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>NIP</t></is></c></row>' + blank)
    )
    assert "baris kosong ikut dihitung" in _refused(content)
    # rows without a number
    content = _with_sheet(_sheet("<row/>" * 300))
    _refused(content)


def test_too_many_cells_in_a_row_are_refused():
    cells = "".join(f"<c><v>{i}</v></c>" for i in range(60))
    assert "kolom" in _refused(_with_sheet(_sheet(f"<row>{cells}</row>")))
    # declared: 20 rows × 100,000 columns
    assert "kolom" in _refused(_with_sheet(_sheet("", dimension="A1:EQXD20")))


def test_a_huge_cell_is_refused():
    long_text = "x" * 5000
    inline = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{long_text}</t></is></c></row>'
    assert "terlalu panjang" in _refused(_with_sheet(_sheet(inline)))
    strings = f'<sst {NS} count="1" uniqueCount="1"><si><t>{long_text}</t></si></sst>'
    shared = _with_sheet(_sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), strings)
    _refused(shared)
    # A member that unpacks beyond the limit is refused from the ZIP directory alone.
    small = tabular.Limits(max_rows=100, max_member_bytes=100_000, max_total_bytes=10_000_000)
    big = f"<sst {NS}><si><t>{'y' * 200_000}</t></si></sst>"
    _refused(_with_sheet(_sheet(""), big), small)


def test_csv_limits():
    blank_lines = "NIP,NAMA\n" + "\n" * 150
    with pytest.raises(ValidationError) as exc:
        tabular.read_table(blank_lines.encode(), "csv", LIMITS)
    assert exc.value.code == "too_large"
    with pytest.raises(ValidationError):
        tabular.read_table(("A," * 60 + "\n").encode(), "csv", LIMITS)
    with pytest.raises(ValidationError):
        tabular.read_table(("NIP\n" + "z" * 2000 + "\n").encode(), "csv", LIMITS)


def test_csv_reading_leaves_the_process_wide_field_limit_alone(monkeypatch):
    # csv.field_size_limit is one value for every thread: a reader that set it to its own limit
    # (even restoring it afterwards) would make another thread's read fail or pass at the wrong
    # size. Cells are measured against the import's limit instead.
    real = csv.field_size_limit
    changes = []

    def watched(*args):
        changes.extend(args)
        return real(*args)

    monkeypatch.setattr(csv, "field_size_limit", watched)
    with pytest.raises(ValidationError) as exc:
        tabular.read_table(("NIP,NAMA\n1," + "z" * 1001 + "\n").encode(), "csv", LIMITS)
    assert exc.value.code == "too_large"
    with pytest.raises(ValidationError) as exc:
        tabular.read_table(("z" * 1001 + "\n1\n").encode(), "csv", LIMITS)
    assert exc.value.code == "too_large"
    assert tabular.read_table(("NIP\n" + "z" * 1000 + "\n").encode(), "csv", LIMITS).rows
    assert changes == []


# --- every importer goes through the reader ------------------------------------------------


def _declared_rows(n: int) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["NIP"])
    book.active.cell(row=n, column=1, value="x")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_employee_import_reader(settings):
    from abdi.employees.import_format import read_table

    settings.ABDI_IMPORT_MAX_ROWS = 50
    with pytest.raises(ValidationError) as exc:
        read_table(_declared_rows(1_000_000))
    assert exc.value.code == "too_large"


@pytest.mark.django_db
def test_competency_assessment_import(personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from abdi.competency.imports import assessment_import

    upload = SimpleUploadedFile("asesmen.xlsx", _declared_rows(1_000_000))
    with pytest.raises(ValidationError) as exc:
        assessment_import(actor=personas.admin, file=upload)
    assert "baris" in exc.value.messages[0]


def test_survey_paper_import():
    from abdi.feedback.services.surveys import parse_paper_xlsx

    with pytest.raises(ValidationError) as exc:
        parse_paper_xlsx(io.BytesIO(_declared_rows(1_000_000)))
    assert "baris" in exc.value.message_dict["file"][0]


@pytest.mark.django_db
def test_lapor_import(settings):
    from abdi.feedback.services.lapor_import import lapor_import_check

    settings.ABDI_LAPOR_IMPORT_MAX_ROWS = 10
    report = lapor_import_check("No. Laporan,Judul\n" + "\n" * 50)
    assert report.file_errors and "baris" in report.file_errors[0]


# --- One reader before the rows: the upload's size and its type by content (0047) -------------


def test_an_upload_over_the_size_limit_is_refused_with_its_size_and_the_limit(settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.ABDI_IMPORT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as exc:
        tabular.upload_content(SimpleUploadedFile("besar.csv", b"x" * 2048))
    assert exc.value.code == "too_large"
    message = exc.value.messages[0]
    assert message.startswith("Berkas terlalu besar (2") and "Batas ukuran berkas 1" in message


def test_a_file_object_without_a_size_is_measured_one_byte_past_the_limit(settings):
    settings.ABDI_IMPORT_MAX_BYTES = 10
    assert tabular.upload_content(io.BytesIO(b"0123456789")) == b"0123456789"
    with pytest.raises(ValidationError):
        tabular.upload_content(io.BytesIO(b"0123456789A"))


def test_the_kind_is_decided_by_content_and_a_one_kind_importer_keeps_its_message():
    assert tabular.sniff_kind(_xlsx()) == "xlsx"
    assert tabular.sniff_kind(b"NIP;NAMA\n1;Budi\n") == "csv"
    with pytest.raises(ValidationError, match="Berkas bukan XLSX"):
        tabular.sniff_kind(b"NIP,NAMA\n1,Budi\n", kinds=("xlsx",), refuse="Berkas bukan XLSX")
    with pytest.raises(ValidationError, match="tidak didukung"):
        tabular.sniff_kind(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
    with pytest.raises(ValidationError, match="kosong"):
        tabular.sniff_kind(b"")


def test_lapor_upload_goes_through_the_one_reader(settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from abdi.feedback.services.lapor_import import read_upload

    text = "No. Laporan;Judul\n1;Jalan rusak é\n"
    assert read_upload(SimpleUploadedFile("lapor.csv", text.encode("cp1252"))) == text
    with pytest.raises(ValidationError, match="bukan CSV"):
        read_upload(SimpleUploadedFile("lapor.csv", _xlsx()))
    settings.ABDI_IMPORT_MAX_BYTES = 8
    with pytest.raises(ValidationError, match="terlalu besar"):
        read_upload(SimpleUploadedFile("lapor.csv", text.encode()))


@pytest.mark.django_db
def test_competency_import_refuses_a_csv_with_its_own_message(personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from abdi.competency.imports import assessment_import

    with pytest.raises(ValidationError, match="bukan XLSX"):
        assessment_import(
            actor=personas.admin, file=SimpleUploadedFile("a.csv", b"NIP,Tanggal\n1,2024-01-01\n")
        )
