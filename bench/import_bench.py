"""Import speed: build an N-row XLSX against the seeded database, then time upload (parse and
file checks), the dry run and the write. Called by bench/run.py as `run(n_rows) -> dict`;
standalone: `DATABASE_URL=... python bench/import_bench.py 10000`.

The rows are what an OPD's SIASN export looks like: mostly new employees (valid, unique NIPs that
agree with birth date and sex) spread over the units and positions of the seeded agency, plus a
share of rows for employees that already exist (re-import: some with a changed field). Everything
runs in one transaction that is rolled back at the end, so the database is left as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path


def _setup_django() -> None:
    import django
    from django.apps import apps

    if not apps.ready:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        django.setup()


def build_xlsx(n_rows: int, *, update_share: float = 0.2, seed: int = 7) -> tuple[bytes, dict]:
    """An N-row file in the import layout; returns (bytes, what it holds)."""
    import openpyxl

    from abdi.core.models import EducationLevel, Rank
    from abdi.employees import import_format
    from abdi.employees.models import Employee
    from abdi.employees.rules import build_pns_nip
    from abdi.org.models import Position

    rng = random.Random(seed)
    positions = list(
        Position.objects.filter(is_active=True, org_unit__is_active=True)
        .select_related("org_unit")
        .only("code", "org_unit__code")
    )
    if not positions:
        raise RuntimeError("The database has no units and positions: seed it first (seed_demo).")
    ranks = list(
        Rank.objects.filter(kind="pns", code__startswith="III").values_list("code", flat=True)
    )
    levels = list(
        EducationLevel.objects.filter(code__in=["S1", "S2", "D4"]).values_list("code", flat=True)
    )
    existing_nips = set(Employee.objects.values_list("nip", flat=True))
    n_updates = min(int(n_rows * update_share), len(existing_nips))
    updates = list(
        Employee.objects.filter(kind="pns", status="pns")
        .select_related("org_unit", "rank", "position", "education_level")
        .order_by("?")[:n_updates]
    )

    # A normal (not write-only) workbook: shared strings and a dimension tag, as Excel writes.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "PEGAWAI"
    sheet.append(list(import_format.HEADERS))
    used: set[str] = set()
    iso = dt.date.isoformat
    changed = 0
    for e in updates:
        row = {
            "NIP_BARU": e.nip,
            "NAMA": e.name,
            "GELAR_DEPAN": e.front_title,
            "GELAR_BELAKANG": e.back_title,
            "TEMPAT_LAHIR": e.birth_place,
            "TANGGAL_LAHIR": e.birth_date,
            "JENIS_KELAMIN": "L" if e.sex == "m" else "P",
            "STATUS": e.status.upper(),
            "UNOR_KODE": e.org_unit.code,
        }
        if rng.random() < 0.5:  # half of them change: a new birth place
            row["TEMPAT_LAHIR"] = (e.birth_place or "Jambi") + " Baru"
            changed += 1
        sheet.append([row.get(h, "") for h in import_format.HEADERS])
        used.add(e.nip)
    n_new = n_rows - len(updates)
    for i in range(n_new):
        birth = dt.date(rng.randint(1966, 1999), rng.randint(1, 12), rng.randint(1, 28))
        tmt = dt.date(birth.year + rng.randint(22, 30), rng.randint(1, 12), 1)
        tmt = min(tmt, dt.date(2024, 1, 1))
        sex = rng.choice("mf")
        while True:
            nip = build_pns_nip(birth, tmt, sex, rng.randint(1, 999))
            if nip not in existing_nips and nip not in used:
                break
            birth += dt.timedelta(days=1)
        used.add(nip)
        position = rng.choice(positions)
        rank_tmt = dt.date(min(tmt.year + rng.randint(0, 12), 2025), 4, 1)
        row = {
            "NIP_BARU": nip,
            "NAMA": f"Pegawai Bench {i + 1}",
            "GELAR_BELAKANG": "S.E.",
            "TEMPAT_LAHIR": "Jambi",
            "TANGGAL_LAHIR": birth,  # a real XLSX date cell
            "JENIS_KELAMIN": "L" if sex == "m" else "P",
            "STATUS": "PNS",
            "NIK": f"1571{i:012d}",
            "TELEPON": "081234567890",
            "TMT_CPNS": iso(tmt),
            "TMT_PNS": iso(dt.date(tmt.year + 1, tmt.month, 1)),
            "GOL_KODE": rng.choice(ranks),
            "TMT_GOLONGAN": iso(max(rank_tmt, tmt)),
            "JABATAN_KODE": position.code,
            "TMT_JABATAN": iso(max(dt.date(2022, 1, 3), tmt)),
            "UNOR_KODE": position.org_unit.code,
            "PENDIDIKAN_KODE": rng.choice(levels),
        }
        sheet.append([row.get(h, "") for h in import_format.HEADERS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), {"new": n_new, "existing": len(updates), "changed": changed}


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def run(n_rows: int = 10_000, *, keep: bool = False) -> dict:
    """Time upload, dry run and write of an N-row XLSX; rows/s is over dry run + write."""
    _setup_django()
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, transaction

    from abdi.accounts.models import User
    from abdi.employees.choices import ImportStatus
    from abdi.employees.selectors import imports as import_reads
    from abdi.employees.services.imports import upload as job_upload
    from abdi.employees.services.imports import validation, writing

    # Count statements without Django's debug cursor: on SQLite it quotes every parameter of
    # every statement to log it, which would double the time of the bulk inserts.
    validate_queries, execute_queries = QueryCounter(), QueryCounter()
    content, holds = build_xlsx(n_rows)
    result: dict = {"rows": n_rows, "file_mb": round(len(content) / 2**20, 2), **holds}
    # tracemalloc makes this allocation-heavy code ~8x slower (measured: 156 rows/s with it,
    # 1,300 without), so the timed part runs without it; memory is reported as peak RSS.
    tracing = tracemalloc.is_tracing()
    if tracing:
        tracemalloc.stop()
        result["note"] = "timed with tracemalloc paused; see peak_rss_mb for memory"
    job = None
    with transaction.atomic():
        actor = User.objects.create_user(
            username=f"bench-import-{time.time_ns()}", is_superuser=True
        )
        t0 = time.perf_counter()
        job = job_upload.import_upload(
            actor=actor,
            uploaded_file=SimpleUploadedFile("bench.xlsx", content, "application/octet-stream"),
        )
        t1 = time.perf_counter()
        with connection.execute_wrapper(validate_queries):
            job = validation.import_validate(job)
        t2 = time.perf_counter()
        if job.status != ImportStatus.VALIDATED:
            result["error"] = f"dry run: {job.status}, {import_reads.report_errors(job)[:5]}"
        else:
            with connection.execute_wrapper(execute_queries):
                job = writing.import_execute(actor=actor, job=job)
            t3 = time.perf_counter()
            result.update(
                {
                    "status": job.status,
                    "created": job.created_count,
                    "updated": job.updated_count,
                    "warning_rows": job.report.get("warning_rows", 0),
                    "upload_s": round(t1 - t0, 2),
                    "validate_s": round(t2 - t1, 2),
                    "execute_s": round(t3 - t2, 2),
                    "seconds": round(t3 - t1, 2),
                    "rows_per_s": round(n_rows / (t3 - t1)),
                    "rows_per_s_with_upload": round(n_rows / (t3 - t0)),
                    "validate_queries": validate_queries.count,
                    "execute_queries": execute_queries.count,
                }
            )
        if not keep:
            transaction.set_rollback(True)
    if job is not None and not keep:
        rows_file = (job.report or {}).get("rows_file")
        job.file.delete(save=False)
        if rows_file:
            default_storage.delete(rows_file)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if tracing:
        tracemalloc.start()
    return result


if __name__ == "__main__":
    import json

    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print(json.dumps(run(rows), indent=2))
