"""The personnel import file: its columns (docs/import-layout.md, the column names of a SIASN
export), and how a file is read (through `abdi.core.tabular`) and checked as a whole."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abdi.core import tabular
from abdi.employees.choices import EmploymentStatus, Sex

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# --- The layout -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # EmployeeInput field
    kind: str  # text | date | choice | code
    required: bool = False
    description: StrOrPromise = ""  # a lazy translation


COLUMNS: tuple[Column, ...] = (
    Column("NIP_BARU", "nip", "text", True, gettext_lazy("NIP 18 digit (PNS/CPNS) atau NI PPPK")),
    Column("NAMA", "name", "text", True, gettext_lazy("Nama tanpa gelar")),
    Column("GELAR_DEPAN", "front_title", "text", False, gettext_lazy("mis. dr., Ir., Drs.")),
    Column("GELAR_BELAKANG", "back_title", "text", False, gettext_lazy("mis. S.Kom., M.Si.")),
    Column("TEMPAT_LAHIR", "birth_place", "text", False, gettext_lazy("Kota/kabupaten lahir")),
    Column(
        "TANGGAL_LAHIR", "birth_date", "date", True, gettext_lazy("Tanggal; harus cocok dengan NIP")
    ),
    Column("JENIS_KELAMIN", "sex", "choice", True, gettext_lazy("L/P (atau M/F)")),
    Column("STATUS", "status", "choice", True, gettext_lazy("CPNS, PNS atau PPPK")),
    Column("NIK", "nik", "text", False, gettext_lazy("16 digit (data pribadi)")),
    Column(
        "ALAMAT", "address", "text", False, gettext_lazy("Alamat tempat tinggal (data pribadi)")
    ),
    Column("TELEPON", "phone", "text", False, gettext_lazy("Nomor telepon/HP (data pribadi)")),
    Column("EMAIL", "email", "text", False, gettext_lazy("Alamat e-mail")),
    Column(
        "TMT_CPNS",
        "tmt_cpns",
        "date",
        False,
        gettext_lazy("Tanggal; bulannya harus cocok dengan NIP"),
    ),
    Column("TMT_PNS", "tmt_pns", "date", False, gettext_lazy("Tanggal; tidak sebelum TMT CPNS")),
    Column(
        "TMT_PPPK", "appointment_date", "date", False, gettext_lazy("Tanggal pengangkatan PPPK")
    ),
    Column("GOL_KODE", "rank", "code", False, gettext_lazy("mis. III/a, atau PPPK-IX")),
    Column(
        "TMT_GOLONGAN",
        "rank_effective_from",
        "date",
        False,
        gettext_lazy("Tanggal; wajib bila GOL_KODE diisi atau berubah"),
    ),
    Column(
        "JABATAN_KODE",
        "position",
        "code",
        False,
        gettext_lazy("Kode jabatan; jabatan harus berada di UNOR_KODE"),
    ),
    Column(
        "TMT_JABATAN",
        "position_effective_from",
        "date",
        False,
        gettext_lazy("Tanggal; wajib bila JABATAN_KODE diisi atau berubah"),
    ),
    Column("UNOR_KODE", "org_unit", "code", True, gettext_lazy("Kode unit kerja")),
    Column(
        "PENDIDIKAN_KODE",
        "education_level",
        "code",
        False,
        gettext_lazy("SD, SMP, SMA, D1–D4, S1–S3"),
    ),
    Column(
        "TMT_KGB",
        "last_kgb_date",
        "date",
        False,
        gettext_lazy("Tanggal kenaikan gaji berkala terakhir"),
    ),
)
HEADERS = tuple(c.header for c in COLUMNS)
REQUIRED_HEADERS = tuple(c.header for c in COLUMNS if c.required)
COLUMN_OF_FIELD = {c.field: c.header for c in COLUMNS}
COLUMN_BY_HEADER = {c.header: c for c in COLUMNS}
HEADER_ALIASES = {"NIP": "NIP_BARU", "TGL_LAHIR": "TANGGAL_LAHIR", "GOLONGAN": "GOL_KODE"}
TEXT_FIELDS = (
    "front_title",
    "name",
    "back_title",
    "birth_place",
    "nik",
    "address",
    "phone",
    "email",
)
# Employee fields that an import may change (compared one by one to find real updates).
WRITABLE_FIELDS = (
    "name",
    "front_title",
    "back_title",
    "birth_place",
    "birth_date",
    "sex",
    "status",
    "kind",
    "nik",
    "address",
    "phone",
    "email",
    "tmt_cpns",
    "tmt_pns",
    "appointment_date",
    "rank_id",
    "rank_effective_from",
    "position_id",
    "position_effective_from",
    "org_unit_id",
    "education_level_id",
    "last_kgb_date",
)
SEX_VALUES = {
    "L": Sex.MALE,
    "M": Sex.MALE,
    "LAKI-LAKI": Sex.MALE,
    "LAKI LAKI": Sex.MALE,
    "1": Sex.MALE,
    "P": Sex.FEMALE,
    "F": Sex.FEMALE,
    "PEREMPUAN": Sex.FEMALE,
    "W": Sex.FEMALE,
    "2": Sex.FEMALE,
}
STATUS_VALUES = {s.upper(): s for s in EmploymentStatus.values}


def normalize_header(value: Any) -> str:
    text = str(value or "").strip().upper().replace(" ", "_").replace("-", "_")
    return HEADER_ALIASES.get(text, text)


def code_key(value: str) -> str:
    return value.strip().upper().replace(" ", "")


# --- Reading a file -------------------------------------------------------------------------


@dataclass
class Table:
    """A file's header (normalised) and its data rows as (sheet row number, cells)."""

    format: str  # "csv" | "xlsx"
    headers: list[str]
    rows: list[tuple[int, tuple[Any, ...]]]

    @property
    def missing_columns(self) -> list[str]:
        return [h for h in REQUIRED_HEADERS if h not in self.headers]

    @property
    def ignored_columns(self) -> list[str]:
        return [h for h in self.headers if h and h not in COLUMN_BY_HEADER]


def read_table(content: bytes, *, max_rows: int | None = None) -> Table:
    """Parse a CSV or XLSX file's bytes (type decided by content, not by the file name)."""
    raw = tabular.read_table(content, tabular.sniff_kind(content), tabular.Limits.default(max_rows))
    return Table(raw.format, [normalize_header(h) for h in raw.header], raw.rows)


def check_table(table: Table) -> None:
    """File-level problems: missing required columns, no rows, too many rows."""
    if table.missing_columns:
        raise ValidationError(
            _("Kolom wajib tidak ada: %(columns)s. Gunakan templat impor.")
            % {"columns": ", ".join(table.missing_columns)},
            code="columns",
        )
    if not table.rows:
        raise ValidationError(_("Berkas tidak berisi baris data."), code="empty")
    limit = settings.ABDI_IMPORT_MAX_ROWS
    if len(table.rows) > limit:
        raise ValidationError(
            _("Berkas berisi lebih dari %(limit)s baris data. Pecah menjadi beberapa berkas.")
            % {"limit": f"{limit:,}".replace(",", ".")},
            code="too_many_rows",
        )
