#!/usr/bin/env python
"""The last slow pages at 60,000–100,000 employees on PostgreSQL (issue "Scale", item 3):

- the agency-wide unit monitor (`/performance/monitor/units/?unit=<top unit>`, opening on the
  latest period with evaluations) and the same for the largest OPD;
- the first competency heat-map view after a change: each sample first makes the change the
  competency services report when an assessment or a standard commits
  (`services.requirements_changed()`), with the task backend immediate so that the worker's
  rebuild of the stored counts runs in this process as the worker would (timed apart, as
  `heatmap_worker_rebuild`), then times the view of the top unit's heat-map; code without stored
  counts counts the agency in that view;
- the employee list's "retiring within 12 months" filter (`/employees/?retiring_within_months=12`).

In-process (Django's test Client, `force_login` as the demo `admin`, DEBUG off): 3 warm-up
requests, then BENCH_REPEAT (20) timed ones; p50/p95/max, queries of one request, status codes.
The load average before and after is recorded (the machine is shared).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/abdi_scalepages \\
        .venv/bin/python bench/pages_bench.py --label after

The database must already hold a seeded demo (`seed_demo --employees 60000 --seed 42`, then
`VACUUM ANALYZE`); nothing is dropped or seeded here. The heat-map samples bump the heat-map's
version and rebuild derived counts only: no personnel record changes. Results go to
bench/results.json under "pages" → <label> (other keys are kept); BENCH_PAGES_DRY=1 prints only.
To measure other code on the same database, run this file from that checkout's directory (the
code is imported from the current directory; BENCH_COMMIT names it in the results).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"


def stats(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered) + 0.5)) - 1)]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(ordered[-1], 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default="after", help="before / after (the code measured)")
    args = parser.parse_args()
    sys.path.insert(0, str(Path.cwd()))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from abdi.accounts.models import User
    from abdi.competency import selectors as competency_selectors
    from abdi.employees.models import Employee
    from abdi.org.models import OrgUnit

    settings.ALLOWED_HOSTS = ["*"]
    # Pages render without a collectstatic manifest (the figures are the app and the database).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    repeat = int(os.environ.get("BENCH_REPEAT", 20))
    admin = User.objects.get(username="admin")
    root = OrgUnit.objects.filter(depth=1).order_by("path").first()
    biggest = (
        OrgUnit.objects.filter(depth=2)
        .order_by()
        .extra(  # noqa: S610 - a constant subquery, no input
            select={
                "n": "SELECT COUNT(*) FROM employees_employee e JOIN org_orgunit u "
                "ON u.id = e.org_unit_id WHERE u.path LIKE org_orgunit.path || '%%'"
            }
        )
        .order_by("-n")
        .first()
    )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=Path.cwd()
    ).stdout.strip()
    result: dict = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": os.environ.get("BENCH_COMMIT") or commit or "(not a git checkout)",
        "vendor": connection.vendor,
        "employees": Employee.objects.count(),
        "active_employees": Employee.objects.filter(is_active=True).count(),
        "org_units": OrgUnit.objects.count(),
        "repeat": repeat,
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "timings": {},
    }
    client = Client()
    client.force_login(admin)

    def queries_of(url: str) -> int:
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            client.get(url)
        return count[0]

    def timed(label: str, url: str, before_each=None) -> None:
        for _ in range(3):
            if before_each:
                before_each()
            client.get(url)
        queries = queries_of(url) if before_each is None else None
        samples, status = [], {}
        for _ in range(repeat):
            if before_each:
                before_each()
            t0 = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - t0) * 1000)
            status[str(response.status_code)] = status.get(str(response.status_code), 0) + 1
        result["timings"][label] = {**stats(samples), "queries": queries, "status": status}
        result["timings"][label]["url"] = url
        print(f"  {label:<40} {result['timings'][label]}", flush=True)

    timed("unit_monitor_agency", f"/performance/monitor/units/?unit={root.pk}")
    if biggest is not None:
        timed("unit_monitor_largest_opd", f"/performance/monitor/units/?unit={biggest.pk}")

    rebuilds: list[float] = []

    from abdi.competency.services import requirement_counts_rebuild, requirements_changed

    def change() -> None:
        requirements_changed()  # what every change reports on commit
        # ... and what the worker then runs (called here: the task backend is bound before
        # this script can swap it for the immediate one, so the queued task would never run).
        t0 = time.perf_counter()
        requirement_counts_rebuild()
        rebuilds.append((time.perf_counter() - t0) * 1000)

    timed("heatmap_first_view_after_change", f"/competency/units/{root.pk}/heatmap/", change)
    if hasattr(competency_selectors, "stored_requirement_counts"):
        result["timings"]["heatmap_worker_rebuild"] = {
            **stats(rebuilds),
            "note": "in the worker, not in a request: the change's rebuild of the stored counts",
        }
        print(f"  {'heatmap_worker_rebuild':<40} {result['timings']['heatmap_worker_rebuild']}")
    timed("employee_list_retiring_12m", "/employees/?retiring_within_months=12")
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps({k: v for k, v in result.items() if k != "timings"}), flush=True)
    if os.environ.get("BENCH_PAGES_DRY") == "1":
        return 0
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    pages = results.setdefault("pages", {})
    pages["target"] = "p95 <= 150 ms at 60,000-100,000 employees on PostgreSQL"
    pages[args.label] = result
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
