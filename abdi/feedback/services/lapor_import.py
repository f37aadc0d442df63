"""Import of complaints exported from SP4N-LAPOR! (CSV). The mapping is in docs/lapor-import.md.

Check first (a dry run with row errors), then write all rows or none. A report whose
"No. Laporan" is already in Abdi is skipped, so importing the same file twice adds nothing."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.core import tabular
from abdi.core.calendar import JAKARTA
from abdi.core.selectors import working_day_deadline
from abdi.feedback.choices import ComplaintAction as A
from abdi.feedback.choices import ComplaintChannel, ComplaintKind
from abdi.feedback.choices import ComplaintStatus as S
from abdi.feedback.models import Complaint, ComplaintEvent
from abdi.feedback.selectors.complaints import deadline_days
from abdi.feedback.services import complaints as svc
from abdi.org.models import OrgUnit

# (canonical column, accepted header spellings, required)
COLUMNS = [
    ("external_id", ("no. laporan", "no laporan", "nomor laporan", "tracking id"), True),
    ("received", ("tanggal laporan", "tanggal", "tgl laporan"), True),
    ("title", ("judul", "judul laporan"), True),
    ("description", ("isi laporan", "isi", "uraian"), True),
    ("kind", ("klasifikasi", "jenis laporan", "jenis"), False),
    ("category", ("kategori",), False),
    ("unit", ("instansi tujuan", "unit", "unit kerja", "instansi"), True),
    ("status", ("status",), False),
    ("reporter_name", ("nama pelapor", "pelapor"), False),
]
KINDS = {
    "pengaduan": ComplaintKind.COMPLAINT,
    "aspirasi": ComplaintKind.ASPIRATION,
    "permintaan informasi": ComplaintKind.INFORMATION_REQUEST,
    "informasi": ComplaintKind.INFORMATION_REQUEST,
}
# SP4N-LAPOR! status -> Abdi status
STATUSES = {
    "": S.RECEIVED,
    "belum terverifikasi": S.RECEIVED,
    "baru": S.RECEIVED,
    "terverifikasi": S.VERIFIED,
    "belum ditindaklanjuti": S.VERIFIED,
    "diteruskan": S.DISPATCHED,
    "proses": S.DISPATCHED,
    "sedang diproses": S.DISPATCHED,
    "ditindaklanjuti": S.FOLLOWED_UP,
    "selesai": S.CLOSED,
    "arsip": S.ARCHIVED,
    "diarsipkan": S.ARCHIVED,
}
DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d-%m-%Y",
)


def max_rows() -> int:
    return settings.ABDI_LAPOR_IMPORT_MAX_ROWS


@dataclass
class Row:
    line: int
    external_id: str
    received_at: dt.datetime | None = None
    title: str = ""
    description: str = ""
    kind: str = ComplaintKind.COMPLAINT
    category: str = ""
    unit: OrgUnit | None = None
    status: str = S.RECEIVED
    reporter_name: str = ""
    errors: list[str] = field(default_factory=list)
    exists: bool = False


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    token: str = ""

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(r.errors for r in self.rows)

    @property
    def error_rows(self) -> list[Row]:
        return [r for r in self.rows if r.errors]

    @property
    def to_create(self) -> list[Row]:
        return [r for r in self.rows if not r.exists and not r.errors]

    @property
    def skipped(self) -> list[Row]:
        return [r for r in self.rows if r.exists]


@dataclass(frozen=True)
class Result:
    created: int
    skipped: int


def read_upload(upload: File) -> str:
    """The uploaded CSV as text, through the one import reader (size, type by content, encoding)."""
    raw = tabular.upload_content(upload)
    tabular.sniff_kind(raw, kinds=("csv",), refuse=_("Berkas ini bukan CSV (teks)."))
    return tabular.decode_text(raw)


def _header_map(header: list[str]) -> tuple[dict[str, int], list[str]]:
    normalized = [re.sub(r"\s+", " ", h.strip().lower()) for h in header]
    found, missing = {}, []
    for key, names, required in COLUMNS:
        index = next((i for i, h in enumerate(normalized) if h in names), None)
        if index is not None:
            found[key] = index
        elif required:
            missing.append(names[0].title())
    return found, missing


def _parse_date(value: str) -> dt.datetime | None:
    value = value.strip()
    for fmt in DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        return parsed.replace(tzinfo=JAKARTA)
    return None


def lapor_import_check(content: str) -> Report:
    """Read and validate every row; nothing is written."""
    report = Report()
    sample = content[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        # One reader with limits (rows incl. blank ones, columns, cell size): abdi.core.tabular.
        table = tabular.read_csv(
            content, tabular.Limits.default(max_rows()), delimiter=dialect.delimiter
        )
    except ValidationError as exc:
        report.file_errors.extend(exc.messages)
        return report
    columns, missing = _header_map(table.header)
    if missing:
        report.file_errors.append(
            _("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)}
        )
        return report
    raw_rows = table.rows
    units = list(OrgUnit.objects.filter(is_active=True).only("pk", "code", "name", "path"))
    by_code = {u.code.lower(): u for u in units}
    by_name: dict[str, list[OrgUnit]] = {}
    for u in units:
        by_name.setdefault(u.name.strip().lower(), []).append(u)

    def cell(r: Sequence[str], key: str) -> str:
        i = columns.get(key)
        return r[i].strip() if i is not None and i < len(r) else ""

    seen: set[str] = set()
    for line, r in raw_rows:
        row = Row(line=line, external_id=cell(r, "external_id")[:60])
        if not row.external_id:
            row.errors.append(_("No. Laporan kosong."))
        elif row.external_id in seen:
            row.errors.append(
                _("No. Laporan %(id)s muncul dua kali dalam berkas.") % {"id": row.external_id}
            )
        seen.add(row.external_id)
        row.received_at = _parse_date(cell(r, "received"))
        if row.received_at is None:
            row.errors.append(_("Tanggal Laporan tidak dikenali (gunakan DD/MM/YYYY)."))
        elif row.received_at > timezone.now():
            row.errors.append(_("Tanggal Laporan di masa depan."))
        row.title = cell(r, "title")[:200]
        row.description = cell(r, "description")
        if not row.title:
            row.errors.append(_("Judul kosong."))
        if not row.description:
            row.errors.append(_("Isi Laporan kosong."))
        kind = cell(r, "kind").lower()
        if kind and kind not in KINDS:
            row.errors.append(_('Klasifikasi "%(v)s" tidak dikenal.') % {"v": cell(r, "kind")})
        row.kind = KINDS.get(kind, ComplaintKind.COMPLAINT)
        row.category = cell(r, "category")[:100]
        unit_value = cell(r, "unit")
        unit = by_code.get(unit_value.lower())
        if unit is None:
            named = by_name.get(unit_value.lower(), [])
            if len(named) == 1:
                unit = named[0]
            elif named:
                row.errors.append(
                    _('Nama unit "%(v)s" tidak unik; gunakan kode unit.') % {"v": unit_value}
                )
            else:
                row.errors.append(_('Unit "%(v)s" tidak ditemukan.') % {"v": unit_value})
        row.unit = unit
        status = cell(r, "status").lower()
        if status not in STATUSES:
            row.errors.append(_('Status "%(v)s" tidak dikenal.') % {"v": cell(r, "status")})
        row.status = STATUSES.get(status, S.RECEIVED)
        row.reporter_name = cell(r, "reporter_name")[:150]
        report.rows.append(row)
    existing = set(
        Complaint.objects.filter(
            external_id__in=[r.external_id for r in report.rows if r.external_id]
        ).values_list("external_id", flat=True)
    )
    for row in report.rows:
        row.exists = row.external_id in existing
        if row.exists:
            row.errors = []  # already imported: skipped, whatever it says now
    return report


def _apply_status(complaint: Complaint, row: Row, actor: User) -> None:
    """Carry the SP4N-LAPOR! status over without inventing steps: the timeline says imported."""
    if row.status == S.RECEIVED:
        return
    complaint.status = row.status
    fields = ["status", "updated_at"]
    at = row.received_at
    if row.status in (S.DISPATCHED, S.FOLLOWED_UP, S.CLOSED):
        complaint.dispatched_unit = row.unit
        complaint.dispatched_at = at
        fields += ["dispatched_unit", "dispatched_at"]
    if row.status == S.DISPATCHED:
        complaint.follow_up_due = working_day_deadline(timezone.now(), deadline_days("follow_up"))
        fields.append("follow_up_due")
    if row.status == S.CLOSED:
        complaint.closed_at = timezone.now()
        fields.append("closed_at")
    complaint.save(update_fields=fields)
    ComplaintEvent.objects.create(
        complaint=complaint,
        action=A.NOTE,
        actor=actor,
        from_status=S.RECEIVED,
        to_status=row.status,
        internal_note=_("Status di SP4N-LAPOR! saat diimpor: %(s)s.") % {"s": row.status},
    )


def lapor_import_execute(*, actor: User, content: str) -> Result:
    """Write every new row, or none when any row has an error."""
    report = lapor_import_check(content)
    if not report.ok:
        raise ValidationError(
            report.file_errors
            or [
                _("Baris %(line)d: %(errors)s") % {"line": r.line, "errors": "; ".join(r.errors)}
                for r in report.error_rows
            ]
        )
    with transaction.atomic():
        for row in report.to_create:
            complaint = svc.complaint_submit(
                data=svc.ComplaintInput(
                    kind=row.kind,
                    title=row.title,
                    description=row.description,
                    org_unit=row.unit,
                    reporter_name=row.reporter_name,
                ),
                channel=ComplaintChannel.LAPOR,
                actor=actor,
                received_at=row.received_at,
                external_id=row.external_id,
                event_action=A.IMPORT,
                event_note=(_("Kategori: %(c)s") % {"c": row.category}) if row.category else "",
            )
            _apply_status(complaint, row, actor)
    return Result(created=len(report.to_create), skipped=len(report.skipped))


# --- staging between the dry run and the confirmation ------------------------------------------

_TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")


def _staged_path(token: str) -> str:
    if not _TOKEN_RE.match(token or ""):
        raise ValidationError(_("Berkas uji coba tidak ditemukan; unggah ulang berkasnya."))
    return f"lapor-import/{token}.csv"


def stage(content: str) -> str:
    token = uuid.uuid4().hex
    default_storage.save(_staged_path(token), ContentFile(content.encode("utf-8")))
    return token


def load_staged(token: str) -> str:
    path = _staged_path(token)
    if not default_storage.exists(path):
        raise ValidationError(_("Berkas uji coba tidak ditemukan; unggah ulang berkasnya."))
    with default_storage.open(path, "rb") as handle:
        return handle.read().decode("utf-8")


def discard_staged(token: str) -> None:
    with contextlib.suppress(ValidationError):
        default_storage.delete(_staged_path(token))
