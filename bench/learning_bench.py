#!/usr/bin/env python
"""Competency and learning benchmark on PostgreSQL: the unit heat-map and the JP
dashboard over 60,000 employees.

    .venv/bin/python bench/learning_bench.py                       # 60,000 employees
    BENCH_LEARNING_EMPLOYEES=10000 .venv/bin/python bench/learning_bench.py

1. Drop and create the database, `migrate`, `seed_demo --personnel-only --with-competency`
   (the province's employees — SYNTHETIC data — with position standards, assessments for ~85 %,
   the catalogue and JP lines of this year and last), then ANALYZE.
2. In-process with Django's test Client (no network): p50/p95/max and the number of queries of
   - the unit heat-map (`competency:unit_heatmap`) of the whole agency, of the largest OPD and of
     one bidang, as the BKPSDM admin;
   - the JP dashboard (`learning:jp_dashboard`) of the agency and of the largest OPD, page 1 and
     a deep page of the below-target list, as the admin;
   - an employee's gap page and JP page.

Environment: BENCH_LEARNING_EMPLOYEES (60000), BENCH_LEARNING_URL
(postgres://postgres@127.0.0.1:5432/abdi_bench_learning), BENCH_REPEAT (20),
BENCH_LEARNING_REUSE (1 = keep a database that already holds the data: no drop, no seed),
BENCH_LEARNING_KEEP (1 = do not drop it at the end).
The figures go to bench/results.json under "learning" (the other keys are kept).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
PYTHON = sys.executable
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/abdi_bench_learning"


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def stats(samples_ms: list[float]) -> dict:
    if not samples_ms:
        return {"n": 0}
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered) + 0.5)) - 1)]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(ordered[-1], 1),
    }


def measure(out_path: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from abdi.accounts.models import User
    from abdi.competency.models import Assessment, AssessmentResult, PositionStandard
    from abdi.employees.models import Employee
    from abdi.learning.models import JpEntry
    from abdi.org.models import OrgUnit

    settings.ALLOWED_HOSTS = ["*"]
    repeat = env_int("BENCH_REPEAT", 20)
    year = dt.date.today().year
    result: dict = {
        "data": {
            "employees": Employee.objects.filter(is_active=True).count(),
            "assessed_employees": Assessment.objects.values("employee_id").distinct().count(),
            "assessment_results": AssessmentResult.objects.count(),
            "position_standards": PositionStandard.objects.count(),
            "jp_lines": JpEntry.objects.count(),
            "jp_lines_this_year": JpEntry.objects.filter(year=year).count(),
        },
        "timings": {},
    }
    root = OrgUnit.objects.get(depth=1)
    opd_counts = (
        Employee.objects.filter(is_active=True, org_unit__depth__gte=2)
        .values("org_unit__path")
        .annotate(n=Count("pk"))
    )
    by_opd: dict[str, int] = {}
    for row in opd_counts:
        prefix = row["org_unit__path"][: 2 * root.steplen]
        by_opd[prefix] = by_opd.get(prefix, 0) + row["n"]
    largest = OrgUnit.objects.get(path=max(by_opd, key=by_opd.get))
    bidang = (
        OrgUnit.objects.filter(path__startswith=largest.path, depth=largest.depth + 1)
        .order_by("path")
        .first()
    )
    admin = User.objects.get(username="admin")
    employee = Employee.objects.filter(user__username="pegawai").first() or (
        Employee.objects.filter(is_active=True, competency_assessments__isnull=False).first()
    )

    from django.core.cache import cache

    def timed(label: str, user, url: str, *, uncached: bool = False) -> None:
        """uncached: the cache is emptied before each request (the heat-map's first view)."""
        client = Client()
        client.force_login(user)
        for _ in range(2):
            client.get(url)
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            client.get(url)
        samples, status = [], {}
        for _ in range(repeat):
            if uncached:
                cache.clear()
            t0 = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - t0) * 1000)
            status[str(response.status_code)] = status.get(str(response.status_code), 0) + 1
        result["timings"][label] = {**stats(samples), "queries": count[0], "status": status}
        result["timings"][label]["url"] = url
        print(f"  {label:<44} {result['timings'][label]}", flush=True)

    heatmap = "competency:unit_heatmap"
    timed("heatmap_agency", admin, reverse(heatmap, args=[root.pk]))
    timed("heatmap_agency_uncached", admin, reverse(heatmap, args=[root.pk]), uncached=True)
    timed(f"heatmap_largest_opd_{by_opd[largest.path]}", admin, reverse(heatmap, args=[largest.pk]))
    timed(
        f"heatmap_largest_opd_{by_opd[largest.path]}_uncached",
        admin,
        reverse(heatmap, args=[largest.pk]),
        uncached=True,
    )
    if bidang is not None:
        timed("heatmap_bidang", admin, reverse(heatmap, args=[bidang.pk]))
    dashboard = reverse("learning:jp_dashboard")
    timed("jp_dashboard_agency", admin, f"{dashboard}?year={year}")
    timed("jp_dashboard_agency_deep_page", admin, f"{dashboard}?year={year}&page=200")
    timed("jp_dashboard_largest_opd", admin, f"{dashboard}?year={year}&unit={largest.pk}")
    if employee is not None:
        timed("employee_gaps", admin, reverse("competency:employee_gaps", args=[employee.nip]))
        timed("employee_jp", admin, reverse("learning:employee_jp", args=[employee.nip]))
    result["largest_opd"] = largest.name
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    Path(out_path).write_text(json.dumps(result))


def run(cmd: list[str], env: dict) -> None:
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, env=env, cwd=ROOT, check=True)


def main() -> None:
    n = env_int("BENCH_LEARNING_EMPLOYEES", 60_000)
    url = os.environ.get("BENCH_LEARNING_URL", DEFAULT_URL)
    dbname = urllib.parse.urlparse(url).path.lstrip("/")
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "DJANGO_MANIFEST_STATIC": "0"}
    tmp = ROOT / "var" / "bench_learning"
    tmp.mkdir(parents=True, exist_ok=True)
    result: dict = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": "postgresql",
        "employees": n,
        "synthetic_data": "seed_demo --personnel-only --with-competency --seed 42",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    }
    reuse = os.environ.get("BENCH_LEARNING_REUSE") == "1"
    if not reuse:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", dbname])
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", dbname], env)
        run([PYTHON, "manage.py", "migrate", "-v0"], env)
        t0 = time.perf_counter()
        run(
            [PYTHON, "manage.py", "seed_demo", "--personnel-only", "--with-competency",
             "--employees", str(n), "--seed", "42", "--password", "bench-pass-2026"],
            env,
        )  # fmt: skip
        result["seed_s"] = round(time.perf_counter() - t0, 1)
    run([PYTHON, "manage.py", "createcachetable"], env)  # the heat-map caches its counts
    run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", dbname, "-qc", "ANALYZE"], env)
    measured = tmp / "measure.json"
    run([PYTHON, __file__, "--measure", str(measured)], env)
    result.update(json.loads(measured.read_text()))
    if os.environ.get("BENCH_LEARNING_KEEP") != "1" and not reuse:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", dbname])
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data["learning"] = result
    RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {RESULTS} ['learning']")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        measure(sys.argv[2])
    else:
        main()
