#!/usr/bin/env python
"""DUK export of the whole agency with flat memory (issue 12, Speed: "DUK export of 100,000 rows
with flat memory").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/abdi_quiet .venv/bin/python bench/duk_export_bench.py

Runs what the worker runs for a DUK export (`report_table` + `write_xlsx`: rows read in chunks,
openpyxl's write-only workbook) as the demo `admin` for the top unit into a temporary file, and
samples this process's resident memory (/proc/self/statm) every 10,000 rows: flat memory means
the samples stop growing once the first chunk is in. Wall time, rows, file size and the load
average go to bench/results.json under "insights_duk_export" (other keys are kept);
BENCH_DUK_DRY=1 prints only. Nothing is written to the database.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return round(int(f.read().split()[1]) * PAGE / 2**20, 1)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from abdi.insights.choices import ReportKind
    from abdi.insights.services.reports import report_table, write_xlsx
    from abdi.org.models import OrgUnit

    admin = get_user_model().objects.get(username="admin")
    top = OrgUnit.objects.filter(depth=1).order_by("path").first()
    assert top is not None
    load_before = [round(x, 2) for x in os.getloadavg()]
    samples: list[tuple[int, float]] = [(0, rss_mb())]
    headers, qs, row = report_table(ReportKind.DUK, admin, top, [])

    def rows():
        for n, obj in enumerate(qs.iterator(chunk_size=2000), start=1):
            yield row(obj, n)
            if n % 10000 == 0:
                samples.append((n, rss_mb()))

    t0 = time.perf_counter()
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as target:
        count = write_xlsx(target, "DUK", headers, rows())
        target.flush()
        size = os.path.getsize(target.name)
    seconds = round(time.perf_counter() - t0, 1)
    after_first_chunk = [mb for n, mb in samples if n >= 10000]
    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": os.environ.get("BENCH_COMMIT", ""),
        "rows": count,
        "seconds": seconds,
        "file_mb": round(size / 2**20, 1),
        "rss_mb_every_10000_rows": samples,
        "rss_growth_after_10000_rows_mb": round(max(after_first_chunk) - min(after_first_chunk), 1)
        if after_first_chunk
        else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_average_before": load_before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result, indent=1))
    if os.environ.get("BENCH_DUK_DRY") == "1":
        return 0
    data = json.loads(RESULTS.read_text())
    data["insights_duk_export"] = result
    RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
