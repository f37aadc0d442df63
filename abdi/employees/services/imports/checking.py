"""Personnel import: the file layout, reading CSV/XLSX, the dry run and the all-or-nothing write.

The layout (docs/import-layout.md) follows the column names of a SIASN export. One file is one
ImportJob: `import_upload` checks the file and stores it, `import_validate` is the dry run (every
row's errors and a preview), `import_execute` writes the whole file in one transaction, updating
employees by NIP. Reference tables and the employees named in the file are loaded once, up front;
rows are then checked in memory and written in batches (docs/decisions/0003-import.md).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import magic
import openpyxl
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from abdi.accounts.permissions import is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.core import tabular
from abdi.core.choices import EmployeeKind
from abdi.core.derived import employee_units_changed
from abdi.core.exports import append_xlsx, csv_writer
from abdi.core.heartbeat import worker_dead
from abdi.core.models import EducationLevel, Rank
from abdi.employees import rules
from abdi.employees.choices import EmploymentStatus, ImportStatus, Sex
from abdi.employees.models import Employee, ImportJob, PositionHistory, RankHistory
from abdi.employees.permissions import can_manage_employees
from abdi.employees.rules import clean_nip
from abdi.employees.services import EmployeeInput, employee_input_problems, min_appointment_age
from abdi.employees.services_retirement import retirement_dates_refresh
from abdi.org.models import OrgUnit, Position

logger = logging.getLogger(__name__)

BATCH_SIZE = 500  # rows per progress update and per bulk write
IN_CHUNK = 500  # values per `IN (...)` lookup (portable under SQLite's parameter limit)
PREVIEW_LIMIT = 200  # creates/updates listed in the report
ERROR_ROWS_LIMIT = 2000  # rows with errors kept in the report (error_count stays exact)
# A running job without progress for this long has lost its worker (the write of 200,000 rows,
# the largest file allowed, takes a few minutes).
STALE_AFTER = dt.timedelta(minutes=15)
XLSX_MIMES = {
    "application/zip",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",
}
TEXT_MIMES = {"text/plain", "text/csv", "application/csv", "text/x-Algol68", "text/x-c"}
OLD_EXCEL_MIMES = {"application/vnd.ms-excel", "application/CDFV2", "application/x-ole-storage"}


# --- The layout -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # EmployeeInput field
    kind: str  # text | date | choice | code
    required: bool = False
    description: str = ""  # a lazy translation


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


def _code_key(value: str) -> str:
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


def _sniff_kind(content: bytes) -> str:
    """'csv' or 'xlsx' by content (python-magic plus the ZIP signature), else a ValidationError."""
    if not content:
        raise ValidationError(_("Berkas kosong."), code="empty")
    mime = magic.from_buffer(content[:8192], mime=True)
    if mime in OLD_EXCEL_MIMES:
        raise ValidationError(
            _("Format XLS lama tidak didukung. Simpan berkas sebagai XLSX atau CSV."),
            code="file_type",
        )
    if content.startswith(b"PK\x03\x04") or mime in XLSX_MIMES - {"application/octet-stream"}:
        return "xlsx"
    if (mime.startswith("text/") or mime in TEXT_MIMES) and b"\x00" not in content[:8192]:
        return "csv"
    raise ValidationError(
        _("Jenis berkas tidak didukung (%(mime)s). Unggah berkas CSV atau XLSX.") % {"mime": mime},
        code="file_type",
    )


def read_table(content: bytes, *, max_rows: int | None = None) -> Table:
    """Parse a CSV or XLSX file's bytes (type decided by content, not by the file name)."""
    raw = tabular.read_table(content, _sniff_kind(content), tabular.Limits.default(max_rows))
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


# --- Who sees which job --------------------------------------------------------------------


def import_jobs_visible_to(user) -> QuerySet[ImportJob]:
    """BKPSDM admins see every job; other users only their own."""
    qs = ImportJob.objects.select_related("created_by", "scope_unit")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_bkpsdm_admin(user):
        return qs
    return qs.filter(created_by=user)


def _operator_paths(user) -> tuple[str, ...] | None:
    """None: the user may import anywhere; else the unit subtrees they may import into."""
    if is_bkpsdm_admin(user):
        return None
    paths = role_scope(user).paths_for(Role.OPERATOR)
    return paths if paths is None else tuple(paths)


# --- Upload ---------------------------------------------------------------------------------


@transaction.atomic
def import_upload(*, actor, uploaded_file) -> ImportJob:
    """Check an uploaded file (type by content, size, rows, columns) and store it as a job.

    A file that fails any check raises ValidationError and leaves nothing behind."""
    if not can_manage_employees(actor):
        raise PermissionDenied
    limit = settings.ABDI_IMPORT_MAX_BYTES
    if uploaded_file.size > limit:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s). Batas ukuran berkas %(limit)s.")
            % {"size": filesizeformat(uploaded_file.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    content = uploaded_file.read()
    table = read_table(content)
    check_table(table)
    paths = _operator_paths(actor)
    scope_unit = None
    if paths:
        scope_unit = OrgUnit.objects.filter(path=paths[0]).first()
    name = (getattr(uploaded_file, "name", "") or f"impor.{table.format}").rsplit("/", 1)[-1]
    job = ImportJob(
        original_name=name[:255],
        total_rows=len(table.rows),
        created_by=actor,
        scope_unit=scope_unit,
        report={
            "format": table.format,
            "ignored_columns": table.ignored_columns,
            "absent_columns": [h for h in HEADERS if h not in table.headers],
        },
    )
    job.file.save(f"impor.{table.format}", ContentFile(content), save=False)
    _save_rows(job, table)
    job.save()
    return job


def _cell_json(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _save_rows(job: ImportJob, table: Table) -> None:
    """Keep the parsed rows beside the file: the dry run and the write read them back instead of
    parsing the XLSX again (parsing is the slowest step; see docs/decisions/0003-import.md)."""
    payload = {
        "format": table.format,
        "headers": table.headers,
        "rows": [[n, [_cell_json(c) for c in cells]] for n, cells in table.rows],
    }
    name = default_storage.save(
        f"{job.file.name}.rows.json",
        ContentFile(json.dumps(payload, separators=(",", ":")).encode()),
    )
    job.report = {**job.report, "rows_file": name}


def _read_job(job: ImportJob) -> Table:
    rows_file = (job.report or {}).get("rows_file")
    if rows_file and default_storage.exists(rows_file):
        with default_storage.open(rows_file, "rb") as handle:
            payload = json.loads(handle.read())
        table = Table(
            payload["format"],
            payload["headers"],
            [(n, tuple(cells)) for n, cells in payload["rows"]],
        )
    else:
        with job.file.open("rb") as handle:
            table = read_table(handle.read())
    check_table(table)
    return table


# --- Checking rows --------------------------------------------------------------------------


@dataclass
class Reference:
    """Everything a row is checked against, loaded with a fixed number of queries."""

    units: dict[str, OrgUnit]
    units_by_id: dict[int, OrgUnit]
    positions: dict[str, Position]
    positions_by_id: dict[int, Position]
    ranks: dict[str, Rank]
    ranks_by_id: dict[int, Rank]
    education: dict[str, EducationLevel]
    education_by_id: dict[int, EducationLevel]
    holders: Counter
    min_age: int
    today: dt.date

    @classmethod
    def load(cls) -> Reference:
        units = list(OrgUnit.objects.all())
        ranks = list(Rank.objects.all())
        education = list(EducationLevel.objects.select_related("highest_rank"))
        units_by_id = {u.pk: u for u in units}
        positions = {}
        for p in Position.objects.all():
            # Attach the unit (already loaded) so messages can name it without a query.
            p.org_unit = units_by_id[p.org_unit_id]
            positions[_code_key(p.code)] = p
        holders = Counter(
            dict(
                Employee.objects.filter(is_active=True, position__isnull=False)
                .order_by()
                .values("position_id")
                .annotate(n=Count("id"))
                .values_list("position_id", "n")
            )
        )
        return cls(
            units={_code_key(u.code): u for u in units},
            units_by_id=units_by_id,
            positions=positions,
            positions_by_id={p.pk: p for p in positions.values()},
            ranks={_code_key(r.code): r for r in ranks},
            ranks_by_id={r.pk: r for r in ranks},
            education={_code_key(e.code): e for e in education},
            education_by_id={e.pk: e for e in education},
            holders=holders,
            min_age=min_appointment_age(),
            today=timezone.localdate(),
        )


def _chunks(items: list, size: int = IN_CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_by_nip(nips: Iterable[str]) -> dict[str, Employee]:
    found: dict[str, Employee] = {}
    for chunk in _chunks(sorted(set(nips))):
        for employee in Employee.objects.filter(nip__in=chunk):
            found[employee.nip] = employee
    return found


@dataclass
class RowPlan:
    row: int
    data: EmployeeInput
    existing: Employee | None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass
class Plan:
    creates: list[RowPlan] = field(default_factory=list)
    updates: list[RowPlan] = field(default_factory=list)
    unchanged: int = 0
    errors: dict[int, list[dict[str, str]]] = field(default_factory=dict)
    warnings: dict[int, list[dict[str, str]]] = field(default_factory=dict)

    @property
    def error_count(self) -> int:
        return sum(len(v) for v in self.errors.values())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _parse_date(value: Any) -> dt.date | None:
    """None for an empty cell; ValueError for anything that is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError
    text = value.strip()
    if not text:
        return None
    if " " in text:  # "2020-01-02 00:00:00" from some exports
        text = text.split(" ", 1)[0]
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


def _display(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


class RowChecker:
    """Checks rows one by one against preloaded data; collects errors, warnings and the plan."""

    def __init__(self, *, actor, table: Table, reference: Reference) -> None:
        self.actor = actor
        self.reference = reference
        self.paths = _operator_paths(actor)
        self.index = {h: i for i, h in enumerate(table.headers) if h in COLUMN_BY_HEADER}
        self.table = table
        nip_index = self.index["NIP_BARU"]
        nips = []
        for _number, cells in table.rows:
            if nip_index < len(cells):
                nip = clean_nip(_text(cells[nip_index]))
                if nip:
                    nips.append(nip)
        self.existing = _existing_by_nip(nips)
        self.seen: dict[str, int] = {}
        self.plan = Plan()
        self.holders = self._future_holders()

    def _future_holders(self) -> Counter:
        """Active holders per position once the file is in: today's holders, minus the
        employees the file moves away, plus the file's own rows (estimated from the cells)."""
        holders = Counter(self.reference.holders)
        pos_index = self.index.get("JABATAN_KODE")
        if pos_index is None:
            return holders
        nip_index = self.index["NIP_BARU"]
        for _number, cells in self.table.rows:
            code = _code_key(_text(cells[pos_index])) if pos_index < len(cells) else ""
            position = self.reference.positions.get(code) if code else None
            nip = clean_nip(_text(cells[nip_index])) if nip_index < len(cells) else ""
            existing = self.existing.get(nip)
            if position is None:
                continue
            if existing is not None and existing.position_id and existing.is_active:
                if existing.position_id == position.pk:
                    continue
                holders[existing.position_id] -= 1
            holders[position.pk] += 1
        return holders

    def _in_scope(self, unit: OrgUnit) -> bool:
        return self.paths is None or any(unit.path.startswith(p) for p in self.paths)

    def check(self, number: int, cells: tuple[Any, ...]) -> None:
        errors: list[dict[str, str]] = []

        def err(column: str, message: str) -> None:
            errors.append({"column": column, "message": str(message)})

        def cell(header: str) -> Any:
            i = self.index.get(header)
            return cells[i] if i is not None and i < len(cells) else None

        ref = self.reference
        values: dict[str, Any] = {}
        nip_cell = cell("NIP_BARU")
        if isinstance(nip_cell, float):
            err(
                "NIP_BARU",
                _(
                    "NIP tersimpan sebagai angka sehingga digit terakhirnya hilang. "
                    "Format kolom NIP_BARU sebagai teks."
                ),
            )
            nip = ""
        else:
            nip = clean_nip(_text(nip_cell))
        existing = self.existing.get(nip) if nip else None

        for column in COLUMNS:
            raw = cell(column.header)
            text = _text(raw)
            if not text:
                if column.required and not (column.header == "NIP_BARU" and errors):
                    err(column.header, _("Wajib diisi."))
                continue
            if column.kind == "text":
                values[column.field] = nip if column.field == "nip" else text
            elif column.kind == "date":
                try:
                    values[column.field] = _parse_date(raw)
                except ValueError:
                    err(
                        column.header,
                        _("'%(value)s' bukan tanggal. Tulis TTTT-BB-HH atau HH-BB-TTTT.")
                        % {"value": text},
                    )
            elif column.field == "sex":
                sex = SEX_VALUES.get(text.upper())
                if sex is None:
                    err(column.header, _("Isi L (laki-laki) atau P (perempuan)."))
                else:
                    values["sex"] = sex
            elif column.field == "status":
                status = STATUS_VALUES.get(text.upper())
                if status is None:
                    err(column.header, _("Isi CPNS, PNS atau PPPK."))
                else:
                    values["status"] = status
            else:
                table = {
                    "rank": ref.ranks,
                    "position": ref.positions,
                    "org_unit": ref.units,
                    "education_level": ref.education,
                }[column.field]
                obj = table.get(_code_key(text))
                if obj is None:
                    message = {
                        "rank": _("Kode golongan '%(code)s' tidak dikenal."),
                        "position": _("Kode jabatan '%(code)s' tidak dikenal."),
                        "org_unit": _("Kode unit kerja '%(code)s' tidak dikenal."),
                        "education_level": _("Kode pendidikan '%(code)s' tidak dikenal."),
                    }[column.field]
                    err(column.header, message % {"code": text})
                else:
                    values[column.field] = obj

        # Text lengths and formats (NIK, phone, e-mail) as the model defines them.
        for name in TEXT_FIELDS:
            if name in values:
                try:
                    Employee._meta.get_field(name).run_validators(values[name])
                except ValidationError as exc:
                    for message in exc.messages:
                        err(COLUMN_OF_FIELD[name], message)

        if nip:
            first = self.seen.get(nip)
            if first is not None:
                err(
                    "NIP_BARU",
                    _("NIP ini sudah muncul di baris %(row)d pada berkas yang sama.")
                    % {"row": first},
                )
            else:
                self.seen[nip] = number

        unit = values.get("org_unit")
        if unit is not None and not self._in_scope(unit):
            err("UNOR_KODE", _("Unit kerja di luar wewenang Anda."))
        if existing is not None:
            current_unit = ref.units_by_id.get(existing.org_unit_id)
            if current_unit is not None and not self._in_scope(current_unit):
                err(
                    "NIP_BARU",
                    _("Pegawai dengan NIP ini berada di unit kerja di luar wewenang Anda."),
                )

        data = self._merge(existing, values, err)
        warnings: list[str] = []
        if data is not None:
            changed_position = data.position is not None and (
                existing is None or existing.position_id != data.position.pk
            )
            holders = None
            if changed_position:
                # The other holders once the file is in (this row counted in the total).
                holders = max(self.holders[data.position.pk] - 1, 0)
            problems, warnings = employee_input_problems(
                data,
                min_age=ref.min_age,
                position_holders=holders,
                today=ref.today,
            )
            # A cell that could not be read has said so already: no second message about it.
            unreadable = {e["column"] for e in errors}
            for name, messages in problems.items():
                column = COLUMN_OF_FIELD.get(name, "NIP_BARU")
                if column in unreadable and name != "nip":
                    continue
                for message in messages:
                    err(column, message)

        if errors:
            self.plan.errors[number] = errors
            return
        if warnings:
            self.plan.warnings[number] = [{"column": "", "message": str(w)} for w in warnings]
        if existing is None:
            self.plan.creates.append(RowPlan(number, data, None))
            return
        changes = _changes(existing, data)
        if changes:
            self.plan.updates.append(RowPlan(number, data, existing, changes))
        else:
            self.plan.unchanged += 1

    def _merge(
        self, existing: Employee | None, values: dict[str, Any], err
    ) -> EmployeeInput | None:
        """The employee's data after this row: the row's non-empty cells over the stored values.

        An empty cell never clears a stored value."""
        ref = self.reference
        if existing is not None:
            base: dict[str, Any] = {
                "nip": existing.nip,
                "name": existing.name,
                "birth_date": existing.birth_date,
                "sex": existing.sex,
                "status": existing.status,
                "org_unit": ref.units_by_id.get(existing.org_unit_id),
                "front_title": existing.front_title,
                "back_title": existing.back_title,
                "birth_place": existing.birth_place,
                "nik": existing.nik,
                "address": existing.address,
                "phone": existing.phone,
                "email": existing.email,
                "tmt_cpns": existing.tmt_cpns,
                "tmt_pns": existing.tmt_pns,
                "appointment_date": existing.appointment_date,
                "rank": ref.ranks_by_id.get(existing.rank_id),
                "rank_effective_from": existing.rank_effective_from,
                "position": _position_by_id(ref, existing.position_id),
                "position_effective_from": existing.position_effective_from,
                "education_level": ref.education_by_id.get(existing.education_level_id),
                "last_kgb_date": existing.last_kgb_date,
            }
            rank = values.get("rank")
            if (
                rank is not None
                and rank.pk != existing.rank_id
                and "rank_effective_from" not in values
            ):
                err("TMT_GOLONGAN", _("TMT golongan wajib diisi bila golongan berubah."))
                return None
            position = values.get("position")
            if (
                position is not None
                and position.pk != existing.position_id
                and "position_effective_from" not in values
            ):
                err("TMT_JABATAN", _("TMT jabatan wajib diisi bila jabatan berubah."))
                return None
            base.update(values)
            values = base
        required = ("nip", "name", "birth_date", "sex", "status", "org_unit")
        if any(values.get(name) in (None, "") for name in required):
            return None
        return EmployeeInput(**values)


def _position_by_id(ref: Reference, pk: int | None) -> Position | None:
    return None if pk is None else ref.positions_by_id.get(pk)


def _employee_values(data: EmployeeInput) -> dict[str, Any]:
    values = {
        name: getattr(data, name)
        for name in (
            "name",
            "front_title",
            "back_title",
            "birth_place",
            "birth_date",
            "sex",
            "status",
            "nik",
            "address",
            "phone",
            "email",
            "tmt_cpns",
            "tmt_pns",
            "appointment_date",
            "rank_effective_from",
            "position_effective_from",
            "last_kgb_date",
        )
    }
    values["kind"] = EmployeeKind.PPPK if data.status == EmploymentStatus.PPPK else EmployeeKind.PNS
    values["rank_id"] = data.rank.pk if data.rank else None
    values["position_id"] = data.position.pk if data.position else None
    values["org_unit_id"] = data.org_unit.pk
    values["education_level_id"] = data.education_level.pk if data.education_level else None
    return values


def _changes(existing: Employee, data: EmployeeInput) -> dict[str, tuple[Any, Any]]:
    new = _employee_values(data)
    return {
        name: (getattr(existing, name), new[name])
        for name in WRITABLE_FIELDS
        if getattr(existing, name) != new[name]
    }


ProgressCallback = Callable[[int], None]


def _progress_saver(job: ImportJob) -> ProgressCallback:
    def save(done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, updated_at=timezone.now())

    return save


def build_plan(
    *, actor, table: Table, progress: ProgressCallback | None = None
) -> tuple[Plan, Reference]:
    reference = Reference.load()
    checker = RowChecker(actor=actor, table=table, reference=reference)
    for i, (number, cells) in enumerate(table.rows, start=1):
        checker.check(number, cells)
        if progress and i % BATCH_SIZE == 0:
            progress(i)
    return checker.plan, reference


# --- Report ---------------------------------------------------------------------------------


FIELD_LABELS = {
    "rank_id": "GOL_KODE",
    "position_id": "JABATAN_KODE",
    "org_unit_id": "UNOR_KODE",
    "education_level_id": "PENDIDIKAN_KODE",
    "kind": "STATUS",
}


def _change_display(name: str, value: Any, ref: Reference) -> str:
    if value is None:
        return "—"
    if name == "rank_id":
        return ref.ranks_by_id[value].code
    if name == "position_id":
        return _position_by_id(ref, value).name
    if name == "org_unit_id":
        return ref.units_by_id[value].name
    if name == "education_level_id":
        return ref.education_by_id[value].code
    return _display(value)


def _report(job: ImportJob, plan: Plan, ref: Reference) -> dict[str, Any]:
    error_rows = sorted(plan.errors)
    report = {
        key: job.report.get(key)
        for key in ("format", "ignored_columns", "absent_columns", "rows_file")
        if key in job.report
    }
    report.update(
        {
            "errors": {str(n): plan.errors[n] for n in error_rows[:ERROR_ROWS_LIMIT]},
            "error_rows": len(error_rows),
            "errors_truncated": len(error_rows) > ERROR_ROWS_LIMIT,
            "warnings": {str(n): w for n, w in sorted(plan.warnings.items())[:ERROR_ROWS_LIMIT]},
            "warning_rows": len(plan.warnings),
            "preview": {
                "create": [
                    {
                        "row": p.row,
                        "nip": rules.parse_nip(p.data.nip).value,
                        "name": p.data.name,
                        "unit": p.data.org_unit.name,
                        "position": p.data.position.name if p.data.position else "",
                        "rank": p.data.rank.code if p.data.rank else "",
                    }
                    for p in plan.creates[:PREVIEW_LIMIT]
                ],
                "update": [
                    {
                        "row": p.row,
                        "nip": p.existing.nip,
                        "name": p.data.name,
                        "changes": [
                            {
                                "column": FIELD_LABELS.get(name, COLUMN_OF_FIELD.get(name, name)),
                                "old": _change_display(name, old, ref),
                                "new": _change_display(name, new, ref),
                            }
                            for name, (old, new) in p.changes.items()
                            if name != "kind"
                        ],
                    }
                    for p in plan.updates[:PREVIEW_LIMIT]
                ],
                "create_count": len(plan.creates),
                "update_count": len(plan.updates),
                "unchanged_count": plan.unchanged,
                "truncated": max(len(plan.creates), len(plan.updates)) > PREVIEW_LIMIT,
            },
        }
    )
    return report


def report_errors(job: ImportJob) -> list[dict[str, Any]]:
    """The job's row errors as a flat list [{row, column, message}], in row order."""
    rows = []
    for number, errors in (job.report or {}).get("errors", {}).items():
        for e in errors:
            rows.append({"row": int(number), "column": e["column"], "message": e["message"]})
    for message in (job.report or {}).get("file_errors", []):
        rows.append({"row": 0, "column": "", "message": message})
    rows.sort(key=lambda r: r["row"])
    return rows


def _mark_failed(job: ImportJob, message: str) -> None:
    job.status = ImportStatus.FAILED
    job.report = {**(job.report or {}), "file_errors": [message]}
    job.error_count = max(job.error_count, 1)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "report", "error_count", "finished_at", "updated_at"])


# --- Dry run ---------------------------------------------------------------------------------


def import_validate(job: ImportJob) -> ImportJob:
    """The dry run: check every row, fill the report, and mark the job VALIDATED or INVALID.

    Nothing but the job is written. Runs in the request for small files, in a task for big ones."""
    job.status, job.processed_rows = ImportStatus.VALIDATING, 0
    job.save(update_fields=["status", "processed_rows", "updated_at"])
    try:
        table = _read_job(job)
        plan, reference = build_plan(
            actor=job.created_by, table=table, progress=_progress_saver(job)
        )
    except ValidationError as exc:
        _mark_failed(job, " ".join(exc.messages))
        return job
    except Exception:
        logger.exception("import %s: validation failed", job.pk)
        _mark_failed(job, _("Pemeriksaan berkas gagal karena kesalahan sistem. Coba unggah ulang."))
        return job
    job.report = _report(job, plan, reference)
    job.total_rows = len(table.rows)
    job.processed_rows = len(table.rows)
    job.error_count = plan.error_count
    job.created_count = len(plan.creates)
    job.updated_count = len(plan.updates)
    job.status = ImportStatus.INVALID if plan.errors else ImportStatus.VALIDATED
    job.save()
    return job


def import_heartbeat_key(job_id: int) -> str:
    return f"employees.import:{job_id}"


def import_mark_stale(job: ImportJob) -> ImportJob:
    """A job that has shown no progress for STALE_AFTER while validating or importing lost its
    worker (stopped or restarted): the write transaction was rolled back, so say so."""
    if job.status not in (ImportStatus.VALIDATING, ImportStatus.IMPORTING):
        return job
    # As soon as the worker's heartbeat is missed (its process is gone, or its beat is overdue);
    # without a heartbeat (a small file done in the request), after STALE_AFTER without progress.
    dead = worker_dead(import_heartbeat_key(job.pk))
    if dead or (dead is None and job.updated_at < timezone.now() - STALE_AFTER):
        _mark_failed(
            job,
            _(
                "Proses terhenti karena pekerja latar belakang berhenti. Tidak ada data yang "
                "diubah; unggah ulang berkas untuk mencoba lagi."
            ),
        )
    return job


# --- Writing -------------------------------------------------------------------------------


def _claim(job: ImportJob) -> None:
    """VALIDATED → IMPORTING, once: a second click or a second worker gets a ValidationError."""
    job.refresh_from_db()
    if job.status != ImportStatus.VALIDATED or job.error_count:
        raise ValidationError(
            _("Hanya berkas yang sudah diperiksa dan tanpa kesalahan yang dapat diimpor."),
            code="not_validated",
        )
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.VALIDATED).update(
        status=ImportStatus.IMPORTING, processed_rows=0, updated_at=timezone.now()
    )
    if not claimed:
        raise ValidationError(_("Berkas ini sedang atau sudah diimpor."), code="not_validated")
    job.status, job.processed_rows = ImportStatus.IMPORTING, 0


def import_execute(*, actor, job: ImportJob) -> ImportJob:
    """Import a validated file: the whole file in one transaction, or nothing."""
    if not can_manage_employees(actor):
        raise PermissionDenied
    _claim(job)
    return import_execute_claimed(actor=actor, job=job)


def import_execute_claimed(*, actor, job: ImportJob) -> ImportJob:
    try:
        table = _read_job(job)
        # The check runs again: the data may have changed since the dry run.
        plan, reference = build_plan(actor=actor, table=table, progress=_progress_saver(job))
        if plan.errors:
            job.report = _report(job, plan, reference)
            job.error_count = plan.error_count
            job.status = ImportStatus.INVALID
            job.save()
            raise ValidationError(
                _(
                    "Data berubah sejak pemeriksaan: %(n)d baris kini bermasalah. Tidak ada yang diimpor."
                )
                % {"n": len(plan.errors)},
                code="invalid",
            )
        reason = _("Impor berkas %(name)s") % {"name": job.original_name}
        with transaction.atomic():
            _write(plan, actor=actor, reason=reason[:255])
    except ValidationError:
        raise
    except Exception:
        logger.exception("import %s: writing failed", job.pk)
        _mark_failed(job, _("Impor gagal karena kesalahan sistem; tidak ada data yang diubah."))
        raise
    job.report = _report(job, plan, reference)
    job.created_count = len(plan.creates)
    job.updated_count = len(plan.updates)
    job.processed_rows = job.total_rows
    job.status = ImportStatus.DONE
    job.finished_at = timezone.now()
    job.save()
    return job


def _write(plan: Plan, *, actor, reason: str) -> None:
    now = timezone.now()
    history = {"default_user": actor, "default_change_reason": reason, "batch_size": BATCH_SIZE}

    new_employees = []
    for p in plan.creates:
        employee = Employee(nip=rules.parse_nip(p.data.nip).value, **_employee_values(p.data))
        new_employees.append(employee)
    created = bulk_create_with_history(new_employees, Employee, **history)

    changed_fields: set[str] = set()
    updated = []
    for p in plan.updates:
        for name, (_old, new) in p.changes.items():
            setattr(p.existing, name, new)
            changed_fields.add(name)
        p.existing.updated_at = now
        updated.append(p.existing)
    if updated:
        bulk_update_with_history(
            updated, Employee, fields=sorted(changed_fields | {"updated_at"}), **history
        )

    touched = list(created) + updated
    # Per-unit counts of the apps above follow the employees' units (old and new).
    employee_units_changed(
        {e.org_unit_id for e in created}
        | {
            unit_id
            for p in plan.updates
            if "org_unit_id" in p.changes or "position_id" in p.changes
            for unit_id in (p.changes.get("org_unit_id", (None, None))[0], p.existing.org_unit_id)
        }
    )
    # The stored BUP date follows its inputs (birth date, position) in the same transaction.
    retirement_dates_refresh(
        employee_ids=[
            e.pk
            for e, p in zip(touched, plan.creates + plan.updates, strict=True)
            if p.existing is None or "birth_date" in p.changes or "position_id" in p.changes
        ]
    )
    rank_changed = [
        e
        for e, p in zip(touched, plan.creates + plan.updates, strict=True)
        if e.rank_id
        and e.rank_effective_from
        and (p.existing is None or "rank_id" in p.changes or "rank_effective_from" in p.changes)
    ]
    position_changed = [
        e
        for e, p in zip(touched, plan.creates + plan.updates, strict=True)
        if e.position_id
        and e.position_effective_from
        and (p.existing is None or "position_id" in p.changes)
    ]
    _write_rank_history(rank_changed, history)
    _write_position_history(position_changed, now, history)


def _write_rank_history(employees: list[Employee], history: dict) -> None:
    ids = [e.pk for e in employees]
    known = set()
    for chunk in _chunks(ids):
        known.update(
            RankHistory.objects.filter(employee_id__in=chunk).values_list(
                "employee_id", "rank_id", "effective_from"
            )
        )
    rows = [
        RankHistory(employee_id=e.pk, rank_id=e.rank_id, effective_from=e.rank_effective_from)
        for e in employees
        if (e.pk, e.rank_id, e.rank_effective_from) not in known
    ]
    if rows:
        bulk_create_with_history(rows, RankHistory, **history)


def _write_position_history(employees: list[Employee], now, history: dict) -> None:
    """Close the open row of each employee who changes position, and open a new one
    (as services._record_position_change does for a single employee)."""
    ids = [e.pk for e in employees]
    open_rows: dict[int, list[PositionHistory]] = {}
    for chunk in _chunks(ids):
        for row in PositionHistory.objects.filter(
            employee_id__in=chunk, effective_until__isnull=True
        ).order_by("-effective_from"):
            open_rows.setdefault(row.employee_id, []).append(row)
    to_close, to_create = [], []
    for e in employees:
        current = open_rows.get(e.pk, [])
        if current and current[0].position_id == e.position_id:
            continue
        start = e.position_effective_from
        for row in current:
            row.effective_until = max(row.effective_from, start - dt.timedelta(days=1))
            row.updated_at = now
            to_close.append(row)
        to_create.append(
            PositionHistory(
                employee_id=e.pk,
                position_id=e.position_id,
                org_unit_id=e.org_unit_id,
                effective_from=start,
            )
        )
    if to_close:
        bulk_update_with_history(
            to_close, PositionHistory, fields=["effective_until", "updated_at"], **history
        )
    if to_create:
        bulk_create_with_history(to_create, PositionHistory, **history)


# --- Small in the request, big in the worker ---------------------------------------------------


def runs_in_background(job: ImportJob) -> bool:
    return job.total_rows > settings.ABDI_IMPORT_SYNC_ROW_LIMIT


def import_validate_start(job: ImportJob) -> ImportJob:
    """Validate now (small file) or hand the job to the task worker (big file)."""
    if not runs_in_background(job):
        return import_validate(job)
    from abdi.employees.tasks import validate_import

    job.status, job.processed_rows = ImportStatus.VALIDATING, 0
    job.save(update_fields=["status", "processed_rows", "updated_at"])
    validate_import.enqueue(job_id=job.pk)
    job.refresh_from_db()
    return job


def import_execute_start(*, actor, job: ImportJob) -> ImportJob:
    """Import now (small file) or claim the job and hand it to the task worker (big file)."""
    if not can_manage_employees(actor):
        raise PermissionDenied
    if not runs_in_background(job):
        return import_execute(actor=actor, job=job)
    from abdi.employees.tasks import execute_import

    _claim(job)
    execute_import.enqueue(job_id=job.pk, actor_id=actor.pk)
    job.refresh_from_db()
    return job


# --- The template --------------------------------------------------------------------------


def template_example(actor) -> dict[str, str]:
    """One example row that passes the checks for this user: a unit (and position) in scope."""
    paths = _operator_paths(actor)
    positions = Position.objects.filter(is_active=True, org_unit__is_active=True)
    units = OrgUnit.objects.filter(is_active=True)
    if paths is not None:
        scope = Q(pk__in=[])
        unit_scope = Q(pk__in=[])
        for p in paths:
            scope |= Q(org_unit__path__startswith=p)
            unit_scope |= Q(path__startswith=p)
        positions, units = positions.filter(scope), units.filter(unit_scope)
    position = (
        positions.filter(kind="pelaksana").select_related("org_unit").order_by("-posts").first()
        or positions.select_related("org_unit").order_by("-posts").first()
    )
    unit = position.org_unit if position else units.order_by("path").first()
    birth, tmt_cpns = dt.date(1990, 5, 17), dt.date(2015, 3, 1)
    return {
        "NIP_BARU": rules.build_pns_nip(birth, tmt_cpns, "m", 1),
        "NAMA": "Budi Santoso",
        "GELAR_DEPAN": "",
        "GELAR_BELAKANG": "S.Kom.",
        "TEMPAT_LAHIR": "Jambi",
        "TANGGAL_LAHIR": birth.isoformat(),
        "JENIS_KELAMIN": "L",
        "STATUS": "PNS",
        "NIK": "1571011705900001",
        "ALAMAT": "Jl. Merdeka No. 1",
        "TELEPON": "081234567890",
        "EMAIL": "budi.santoso@example.go.id",
        "TMT_CPNS": tmt_cpns.isoformat(),
        "TMT_PNS": "2016-03-01",
        "TMT_PPPK": "",
        "GOL_KODE": "III/a",
        "TMT_GOLONGAN": "2015-03-01",
        "JABATAN_KODE": position.code if position else "",
        "TMT_JABATAN": "2020-01-02" if position else "",
        "UNOR_KODE": unit.code if unit else "KODE-UNIT",
        "PENDIDIKAN_KODE": "S1",
        "TMT_KGB": "2023-03-01",
    }


def template_csv(actor) -> bytes:
    example = template_example(actor)
    out = io.StringIO(newline="")
    writer = csv_writer(out)
    writer.writerow(HEADERS)
    writer.writerow([example[h] for h in HEADERS])
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(actor) -> bytes:
    example = template_example(actor)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "PEGAWAI"
    append_xlsx(sheet, list(HEADERS))
    append_xlsx(sheet, [example[h] for h in HEADERS])
    for i, header in enumerate(HEADERS, start=1):
        letter = openpyxl.utils.get_column_letter(i)
        sheet.column_dimensions[letter].width = max(len(header), len(example[header])) + 2
        # Text format: Excel must not turn an 18-digit NIP or a 16-digit NIK into a rounded number.
        for row in sheet.iter_rows(min_row=1, max_row=200, min_col=i, max_col=i):
            row[0].number_format = "@"
        sheet.cell(row=1, column=i).font = openpyxl.styles.Font(
            bold=True, color="B00020" if COLUMN_BY_HEADER[header].required else None
        )
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
