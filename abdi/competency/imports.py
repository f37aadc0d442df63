"""XLSX import of assessment results: one row per employee assessment, all rows or none.

Columns (first sheet, header in row 1): NIP, Tanggal, Metode, Asesor, Skor Potensi, then one
column per competency code (M1 … M8, SK1, technical codes) with a level 1–5 or empty."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from abdi.competency import services
from abdi.competency.choices import AssessmentMethod
from abdi.competency.models import Competency
from abdi.competency.permissions import can_manage_competency
from abdi.core import tabular
from abdi.core.audit import records_actor
from abdi.employees.models import Employee
from abdi.employees.rules import clean_nip

MAX_ROWS = 5000
BASE_COLUMNS = ("nip", "tanggal", "metode", "asesor", "skor potensi")


def _method(value) -> str | None:
    text = str(value or "").strip().lower()
    for choice in AssessmentMethod:
        if text in (choice.value, str(choice.label).lower()):
            return choice.value
    aliases = {"ac": "assessment_centre", "assessment center": "assessment_centre", "360": "360"}
    return aliases.get(text)


def _date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


@records_actor
@transaction.atomic
def assessment_import(*, actor, file) -> int:
    """Record every row's assessment; any bad row → ValidationError listing the rows, nothing
    written. Returns the number of assessments recorded."""
    if not can_manage_competency(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang dapat mengimpor hasil asesmen."))
    # One reader for every import (abdi.core.tabular): the size limit, the type by content, then
    # the limits of the sheet (rows incl. blank ones, columns, cell size) before it is read.
    content = tabular.upload_content(file)
    tabular.sniff_kind(content, kinds=("xlsx",), refuse=_("Berkas bukan XLSX yang dapat dibaca."))
    table = tabular.read_xlsx(content, tabular.Limits.default(MAX_ROWS))
    rows = [tuple(table.header)] + [cells for _number, cells in table.rows]
    header = [str(h or "").strip() for h in rows[0]]
    lowered = [h.lower() for h in header]
    if tuple(lowered[:5]) != BASE_COLUMNS:
        raise ValidationError(_("Kolom pertama harus: NIP, Tanggal, Metode, Asesor, Skor Potensi."))
    data_rows = [r for r in rows[1:] if any(v not in (None, "") for v in r)]
    if len(data_rows) > MAX_ROWS:
        raise ValidationError(_("Paling banyak %(n)d baris per impor.") % {"n": MAX_ROWS})
    codes = header[5:]
    competencies = {c.code: c for c in Competency.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c and c not in competencies]
    if unknown:
        raise ValidationError(_("Kode kompetensi tidak dikenal: %s") % ", ".join(unknown))
    nips = {clean_nip(r[0]) for r in data_rows}
    employees = {e.nip: e for e in Employee.objects.filter(nip__in=nips)}
    errors: list[str] = []
    count = 0
    for number, row in enumerate(data_rows, start=2):
        cells = list(row) + [None] * (len(header) - len(row))
        nip = clean_nip(cells[0])
        employee = employees.get(nip)
        if employee is None:
            errors.append(
                _("Baris %(row)d: NIP %(nip)s tidak ditemukan.") % {"row": number, "nip": nip}
            )
            continue
        levels = {
            competencies[code].pk: int(value)
            if isinstance(value, float) and value.is_integer()
            else value
            for code, value in zip(codes, cells[5:], strict=False)
            if code and value not in (None, "")
        }
        try:
            with transaction.atomic():
                services.assessment_record(
                    actor=actor,
                    employee=employee,
                    date=_date(cells[1]),
                    method=_method(cells[2]) or "",
                    assessor=str(cells[3] or ""),
                    levels=levels,
                    potential_score=cells[4],
                )
            count += 1
        except ValidationError as exc:
            messages = [str(m) for msgs in exc.message_dict.values() for m in msgs]
            errors.append(_("Baris %(row)d: %(msg)s") % {"row": number, "msg": " ".join(messages)})
    if errors:
        raise ValidationError(errors)
    if not count:
        raise ValidationError(_("Tidak ada baris data."))
    return count
