"""Reads of the personnel import: a job's row errors, and the template file with an example row
that passes the checks for the user who downloads it."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
from django.db.models import Q

from abdi.accounts.models import User
from abdi.core.exports import append_xlsx, csv_writer
from abdi.employees import rules
from abdi.employees.import_format import COLUMN_BY_HEADER, HEADERS
from abdi.employees.models import ImportJob
from abdi.employees.permissions import import_scope_paths
from abdi.org.models import OrgUnit, Position


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


# --- The template --------------------------------------------------------------------------


def template_example(actor: User) -> dict[str, str]:
    """One example row that passes the checks for this user: a unit (and position) in scope."""
    paths = import_scope_paths(actor)
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


def template_csv(actor: User) -> bytes:
    example = template_example(actor)
    out = io.StringIO(newline="")
    writer = csv_writer(out)
    writer.writerow(HEADERS)
    writer.writerow([example[h] for h in HEADERS])
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(actor: User) -> bytes:
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
