#!/usr/bin/env python
"""Careers benchmark (issue 10, items 6–8) on PostgreSQL.

    .venv/bin/python bench/careers_due_bench.py                      # 100,000 employees
    BENCH_CAREERS_EMPLOYEES=20000 .venv/bin/python bench/careers_due_bench.py

1. Drop and create the database (psql tools, -h 127.0.0.1 -U postgres), `migrate`, and
   `seed_demo --employees N --seed 42 --personnel-only` (SYNTHETIC generated province: ranks, TMT,
   KGB dates, predikats, discipline and awards), then ANALYZE.
2. In-process with Django's test Client (no network): p50/p95/max and query counts of the due
   list of every kind — the API `/api/v1/career-due/?kind=…` agency-wide (admin) and filtered by
   the largest OPD, and the page `/careers/due/?kind=…` of the Dinkes operator — first page.
3. A rotation plan of BENCH_CAREERS_MOVES (500) moves: pelaksana of several OPDs rotated round
   among their own posts (capacity kept), checked (`rotation_plan_report`) and applied in one
   transaction (`rotation_plan_apply`), with the time and the peak memory of the process.

Environment: BENCH_CAREERS_EMPLOYEES (100000), BENCH_CAREERS_URL
(postgres://postgres@127.0.0.1:5432/abdi_bench_careers), BENCH_REPEAT (20), BENCH_CAREERS_MOVES
(500), BENCH_CAREERS_REUSE (1 = keep a seeded database: no drop, no seed), BENCH_CAREERS_KEEP
(1 = do not drop at the end), BENCH_CAREERS_DRY (1 = do not write results.json).
The figures go to bench/results.json under "careers_proposals" (the other keys are kept).
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
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/abdi_bench_careers"
KINDS = ("kp", "kgb", "bup", "satyalancana")


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def stats(samples_ms: list[float]) -> dict:
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

    from abdi.accounts.models import User
    from abdi.employees.models import Employee
    from abdi.org.models import OrgUnit

    settings.ALLOWED_HOSTS = ["*"]
    repeat = env_int("BENCH_REPEAT", 20)
    admin = User.objects.get(username="admin")
    operator = User.objects.get(username="operator.dinkes")
    biggest = (
        Employee.objects.filter(is_active=True)
        .values("org_unit__path")
        .order_by()
        .annotate(n=Count("pk"))
    )
    opd_sizes: dict[str, int] = {}
    for row in biggest:
        opd_sizes[row["org_unit__path"][:8]] = (
            opd_sizes.get(row["org_unit__path"][:8], 0) + row["n"]
        )
    largest_path = max(opd_sizes, key=opd_sizes.get)
    largest = OrgUnit.objects.get(path=largest_path)
    result: dict = {
        "data": {
            "employees": Employee.objects.count(),
            "largest_opd": f"{largest.code} ({opd_sizes[largest_path]} employees)",
        },
        "timings": {},
    }

    def timed(label: str, user, url: str) -> None:
        client = Client()
        client.force_login(user)
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        samples = []
        for _ in range(repeat):
            count[0] = 0
            with connection.execute_wrapper(counter):
                t0 = time.perf_counter()
                response = client.get(url)
                samples.append((time.perf_counter() - t0) * 1000)
        body = response.json() if url.startswith("/api/") else {}
        result["timings"][label] = {
            **stats(samples),
            "queries": count[0],
            **({"rows_in_list": body.get("count")} if body else {}),
        }
        print(label, result["timings"][label], flush=True)

    for kind in KINDS:
        timed(f"api {kind} agency, first page", admin, f"/api/v1/career-due/?kind={kind}")
        timed(
            f"api {kind} largest OPD, first page",
            admin,
            f"/api/v1/career-due/?kind={kind}&unit={largest.pk}",
        )
        timed(f"page {kind} operator Dinkes", operator, f"/careers/due/?kind={kind}")

    # A rotation plan of N moves: pelaksana rotated round among their own posts, per OPD.
    from django.db import transaction

    from abdi.careers import services
    from abdi.careers.models import RotationPlan

    n_moves = env_int("BENCH_CAREERS_MOVES", 500)
    today = dt.date.today()
    movers = list(
        Employee.objects.filter(
            is_active=True,
            position__kind="pelaksana",
            position_effective_from__lt=today,
        )
        .select_related("position")
        .order_by("nip")[: n_moves * 3]
    )
    picked, seen = [], set()
    for employee in movers:
        if employee.position_id in seen:
            continue
        picked.append(employee)
        seen.add(employee.position_id)
        if len(picked) == n_moves:
            break
    plan = services.rotation_plan_create(actor=admin, title="Bench", effective_from=today)
    from abdi.careers.models import RotationMove

    RotationMove.objects.bulk_create(
        RotationMove(
            plan=plan,
            employee=e,
            from_position_id=e.position_id,
            target_position_id=picked[(i + 1) % len(picked)].position_id,
            decree_number=f"BENCH/{i}",
        )
        for i, e in enumerate(picked)
    )
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        t0 = time.perf_counter()
        report = services.rotation_plan_report(plan)
        check_ms = (time.perf_counter() - t0) * 1000
    check_queries = count[0]
    count[0] = 0
    with connection.execute_wrapper(counter):
        t0 = time.perf_counter()
        with transaction.atomic():
            services.rotation_plan_apply(actor=admin, plan=plan)
        apply_ms = (time.perf_counter() - t0) * 1000
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["rotation_plan"] = {
        "moves": len(picked),
        "check_ok": report.ok,
        "check_ms": round(check_ms, 1),
        "check_queries": check_queries,
        "apply_ms": round(apply_ms, 1),
        "apply_queries": count[0],
        "status": RotationPlan.objects.get(pk=plan.pk).status,
        "max_rss_mb_before": round(rss0 / 1024, 1),
        "max_rss_mb_after": round(rss1 / 1024, 1),
    }
    print("rotation", result["rotation_plan"], flush=True)
    Path(out_path).write_text(json.dumps(result))


def run(cmd: list[str], env: dict) -> None:
    subprocess.run(cmd, env=env, cwd=ROOT, check=True)


def main() -> None:
    n = env_int("BENCH_CAREERS_EMPLOYEES", 100_000)
    url = os.environ.get("BENCH_CAREERS_URL", DEFAULT_URL)
    dbname = urllib.parse.urlparse(url).path.lstrip("/")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_MANIFEST_STATIC": "0",
    }
    result: dict = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": "postgresql",
        "employees": n,
        "synthetic_data": "seed_demo --seed 42 --personnel-only (generated province)",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    }
    if os.environ.get("BENCH_CAREERS_REUSE") != "1":
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", dbname])
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", dbname], env)
        run([PYTHON, "manage.py", "migrate", "-v0"], env)
        t0 = time.perf_counter()
        run(
            [PYTHON, "manage.py", "seed_demo", "--employees", str(n), "--seed", "42",
             "--password", "bench-pass-2026", "--personnel-only"],
            env,
        )  # fmt: skip
        result["seed_s"] = round(time.perf_counter() - t0, 1)
    run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", dbname, "-qc", "ANALYZE"], env)
    out = ROOT / "var" / "bench_careers.json"
    out.parent.mkdir(exist_ok=True)
    run([PYTHON, __file__, "--measure", str(out)], env)
    result.update(json.loads(out.read_text()))
    if os.environ.get("BENCH_CAREERS_KEEP") != "1":
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", dbname])
    if os.environ.get("BENCH_CAREERS_DRY") != "1":
        results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        results["careers_proposals"] = result
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        measure(sys.argv[2])
    else:
        main()
