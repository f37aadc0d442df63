"""One reader for every CSV/XLSX import, with size limits checked BEFORE the sheet is read.

A spreadsheet is small on disk and huge in memory: 429 KB of XLSX can declare three million
blank rows, 223 KB can hold 20 rows × 100,000 cells, and one shared string can be 200 MB. So:

1. XLSX: every member of the ZIP must unpack to at most `max_member_bytes` (and all of them to at
   most `max_total_bytes`, with a sane compression ratio) — checked from the ZIP directory, before
   anything is unpacked; the first sheet's declared dimension (`<dimension ref="A1:…">`) must fit
   in `max_rows` × `max_columns`; then one streaming pass over the sheet (and the shared strings)
   stops at the first row past the limit — blank rows count, by their row number — the first row
   with too many cells, or the first cell longer than `max_cell_chars`. Only then does openpyxl
   read the sheet.
2. CSV: the same limits while reading, blank lines counted.

Before that, `upload_content(upload)` refuses a file larger than `ABDI_IMPORT_MAX_BYTES` before
reading it, and `sniff_kind(content, kinds=...)` decides CSV or XLSX by content (python-magic and
the ZIP signature), never by the file's name. `read_table(content, kind, limits)` returns the
header and the non-blank data rows as (sheet row number, cells); everything raises
ValidationError (code "too_large", "corrupt", "empty" or "file_type") with an Indonesian message.
The three importers (employees, feedback's SP4N-LAPOR! CSV, competency's assessments) read through
here and then check their own columns. (Formula-like text is a concern of what Abdi WRITES:
`abdi.core.exports` stores such cells as text; an imported cell is data and is never evaluated.)"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import iterparse

import magic
import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CELL_REF = re.compile(r"^([A-Z]{1,7})?(\d+)?$")
XLSX_MIMES = {
    "application/zip",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",
}
TEXT_MIMES = {"text/plain", "text/csv", "application/csv", "text/x-Algol68", "text/x-c"}
OLD_EXCEL_MIMES = {"application/vnd.ms-excel", "application/CDFV2", "application/x-ole-storage"}
KINDS = ("csv", "xlsx")


def upload_content(upload, *, max_bytes: int | None = None) -> bytes:
    """The bytes of an uploaded import file, refused (before reading it whole) when it is larger
    than `max_bytes` (default ABDI_IMPORT_MAX_BYTES). A file object without a `size` is read one
    byte past the limit and measured."""
    limit = max_bytes if max_bytes is not None else settings.ABDI_IMPORT_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is None or size <= limit:
        if hasattr(upload, "seek"):
            upload.seek(0)
        content = upload.read(limit + 1) if size is None else upload.read()
        size = len(content)
    if size > limit:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s). Batas ukuran berkas %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    return content


def sniff_kind(content: bytes, *, kinds: tuple[str, ...] = KINDS, refuse: str | None = None) -> str:
    """'csv' or 'xlsx' by content (python-magic plus the ZIP signature), else a ValidationError.
    An importer that takes one kind only passes `kinds` and its own `refuse` message."""
    if not content:
        raise ValidationError(_("Berkas kosong."), code="empty")
    mime = magic.from_buffer(content[:8192], mime=True)
    kind = None
    if mime in OLD_EXCEL_MIMES:
        if refuse is None:
            raise ValidationError(
                _("Format XLS lama tidak didukung. Simpan berkas sebagai XLSX atau CSV."),
                code="file_type",
            )
    elif content.startswith(b"PK\x03\x04") or mime in XLSX_MIMES - {"application/octet-stream"}:
        kind = "xlsx"
    elif (mime.startswith("text/") or mime in TEXT_MIMES) and b"\x00" not in content[:8192]:
        kind = "csv"
    if kind in kinds:
        return kind
    raise ValidationError(
        refuse
        or _("Jenis berkas tidak didukung (%(mime)s). Unggah berkas CSV atau XLSX.")
        % {"mime": mime},
        code="file_type",
    )


@dataclass(frozen=True)
class Limits:
    max_rows: int  # data rows (the header is one more), blank rows included
    max_columns: int = 200
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_member_bytes: int = 64 * 1024 * 1024  # one unpacked part of the XLSX (a sheet, strings)
    max_total_bytes: int = 128 * 1024 * 1024
    max_ratio: int = 200  # unpacked / packed, per member: beyond this it is a ZIP bomb

    @classmethod
    def default(cls, max_rows: int | None = None) -> Limits:
        return cls(
            max_rows=max_rows if max_rows is not None else settings.ABDI_IMPORT_MAX_ROWS,
            max_columns=settings.ABDI_IMPORT_MAX_COLUMNS,
            max_cell_chars=settings.ABDI_IMPORT_MAX_CELL_CHARS,
            max_member_bytes=settings.ABDI_IMPORT_MAX_UNPACKED_BYTES,
            max_total_bytes=2 * settings.ABDI_IMPORT_MAX_UNPACKED_BYTES,
        )


@dataclass
class RawTable:
    format: str  # "csv" | "xlsx"
    header: list[Any]
    rows: list[tuple[int, tuple[Any, ...]]]


def _too_large(message: str) -> ValidationError:
    return ValidationError(message, code="too_large")


def _too_many_rows(limits: Limits) -> ValidationError:
    return _too_large(
        _(
            "Berkas terlalu besar: lebih dari %(n)d baris (baris kosong ikut dihitung). "
            "Bagi menjadi beberapa berkas, atau hapus baris kosong di bawah data."
        )
        % {"n": limits.max_rows}
    )


def _too_many_columns(limits: Limits) -> ValidationError:
    return _too_large(
        _("Berkas terlalu lebar: lebih dari %(n)d kolom. Gunakan templat impor.")
        % {"n": limits.max_columns}
    )


def _cell_too_long(limits: Limits) -> ValidationError:
    return _too_large(
        _("Ada sel yang terlalu panjang (lebih dari %(n)d karakter).")
        % {"n": limits.max_cell_chars}
    )


def _corrupt() -> ValidationError:
    return ValidationError(
        _("Berkas XLSX rusak atau tidak dapat dibaca. Simpan ulang dari Excel lalu unggah lagi."),
        code="corrupt",
    )


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index


def _parse_ref(ref: str) -> tuple[int, int]:
    """'A1:Z300' → (300 rows, 26 columns); a single cell 'A1' → (1, 1)."""
    last = ref.split(":")[-1].upper().replace("$", "")
    match = CELL_REF.match(last)
    if not match:
        return 0, 0
    letters, digits = match.groups()
    return int(digits or 0), _column_index(letters or "A")


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    with archive.open("xl/workbook.xml") as handle:
        for _event, element in iterparse(handle):
            if element.tag == f"{MAIN_NS}sheet":
                rel_id = element.get(f"{REL_NS}id")
                break
        else:
            raise _corrupt()
    with archive.open("xl/_rels/workbook.xml.rels") as handle:
        for _event, element in iterparse(handle):
            if element.tag == f"{PKG_REL_NS}Relationship" and element.get("Id") == rel_id:
                target = element.get("Target", "")
                return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise _corrupt()


def check_xlsx(content: bytes, limits: Limits) -> None:
    """Refuse an XLSX that is too large to read, without reading it (see the module doc)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as exc:
        raise _corrupt() from exc
    with archive:
        total = 0
        for info in archive.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if (
                info.file_size > limits.max_member_bytes
                or total > limits.max_total_bytes
                or (info.file_size > 1024 * 1024 and ratio > limits.max_ratio)
            ):
                raise _too_large(
                    _("Berkas terlalu besar setelah dibuka (isi lembar kerja terlalu banyak).")
                )
        try:
            sheet = _first_sheet_path(archive)
            _scan_sheet(archive, sheet, limits)
            if "xl/sharedStrings.xml" in archive.namelist():
                _scan_strings(archive, limits)
        except ValidationError:
            raise
        except Exception as exc:  # KeyError (a missing part), XML errors
            raise _corrupt() from exc


def _scan_sheet(archive: zipfile.ZipFile, path: str, limits: Limits) -> None:
    row_limit = limits.max_rows + 1  # the header row
    cells = current = 0
    with archive.open(path) as handle:
        for event, element in iterparse(handle, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == f"{MAIN_NS}dimension":
                    rows, columns = _parse_ref(element.get("ref", ""))
                    if rows > row_limit:
                        raise _too_many_rows(limits)
                    if columns > limits.max_columns:
                        raise _too_many_columns(limits)
                elif tag == f"{MAIN_NS}row":
                    # A row without a number follows the previous one; blank rows count too.
                    number = element.get("r")
                    current = int(number) if number is not None else current + 1
                    if current > row_limit:
                        raise _too_many_rows(limits)
                    cells = 0
                elif tag == f"{MAIN_NS}c":
                    cells += 1
                    ref = element.get("r")
                    column = _parse_ref(ref)[1] if ref else cells
                    if cells > limits.max_columns or column > limits.max_columns:
                        raise _too_many_columns(limits)
                continue
            if tag in (f"{MAIN_NS}v", f"{MAIN_NS}t") and element.text:
                if len(element.text) > limits.max_cell_chars:
                    raise _cell_too_long(limits)
            elif tag == f"{MAIN_NS}row":
                element.clear()  # keep memory flat


def _scan_strings(archive: zipfile.ZipFile, limits: Limits) -> None:
    with archive.open("xl/sharedStrings.xml") as handle:
        for _event, element in iterparse(handle):
            if element.tag == f"{MAIN_NS}si":
                length = sum(len(t.text or "") for t in element.iter(f"{MAIN_NS}t"))
                if length > limits.max_cell_chars:
                    raise _cell_too_long(limits)
                element.clear()


def _blank(cells) -> bool:
    return not any(c is not None and str(c).strip() for c in cells)


def read_xlsx(content: bytes, limits: Limits) -> RawTable:
    check_xlsx(content, limits)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, XML errors: all mean "corrupt"
        raise _corrupt() from exc
    try:
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        header = next(iterator, None)
        if header is None:
            raise ValidationError(_("Berkas kosong."), code="empty")
        rows: list[tuple[int, tuple[Any, ...]]] = []
        for number, cells in enumerate(iterator, start=2):
            if number > limits.max_rows + 1:  # blank rows count too
                raise _too_many_rows(limits)
            if not _blank(cells):
                rows.append((number, tuple(cells)))
    except ValidationError:
        raise
    except Exception as exc:
        raise _corrupt() from exc
    finally:
        workbook.close()
    return RawTable("xlsx", list(header), rows)


def decode_text(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("Berkas CSV tidak dapat dibaca (pengkodean teks tidak dikenal)."))


def read_csv(text: str, limits: Limits, *, delimiter: str | None = None) -> RawTable:
    if delimiter is None:
        first_line = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=first_line.count)
    # csv's own field limit (131,072 characters by default) is process-wide, so it is never
    # changed here (another thread may be reading); each cell is measured against ours instead.
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            raise ValidationError(_("Berkas kosong."), code="empty")
        rows: list[tuple[int, tuple[Any, ...]]] = []
        for number, cells in enumerate(reader, start=2):
            if number > limits.max_rows + 1:
                raise _too_many_rows(limits)
            if len(cells) > limits.max_columns:
                raise _too_many_columns(limits)
            if any(len(cell) > limits.max_cell_chars for cell in cells):
                raise _cell_too_long(limits)
            if not _blank(cells):
                rows.append((number, tuple(cells)))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _cell_too_long(limits) from exc
        raise ValidationError(
            _("Berkas CSV rusak: %(error)s") % {"error": exc}, code="corrupt"
        ) from exc
    if any(len(cell) > limits.max_cell_chars for cell in header):
        raise _cell_too_long(limits)
    if len(header) > limits.max_columns:
        raise _too_many_columns(limits)
    return RawTable("csv", list(header), rows)


def read_table(content: bytes, kind: str, limits: Limits) -> RawTable:
    """Read an import file whose kind ('csv' or 'xlsx') the caller decided from its content."""
    if kind == "xlsx":
        return read_xlsx(content, limits)
    return read_csv(decode_text(content), limits)
