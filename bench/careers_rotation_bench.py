#!/usr/bin/env python
"""Rotation plan application benchmark (issue 10, item 7) on PostgreSQL.

    .venv/bin/python bench/careers_rotation_bench.py
    BENCH_ROTATION_MOVES=500 .venv/bin/python bench/careers_rotation_bench.py

1. Drop and create the database, `migrate`, then build a SYNTHETIC organisation directly (one
   OPD, BENCH_ROTATION_MOVES pelaksana posts of one seat each, one holder each with a position
   history row): the plan's cost does not depend on how many other employees exist.
2. A plan rotating every holder one post along (a single cycle: every post stays full, so the
   capacity rule is judged after the whole plan), checked (`rotation_plan_report`) and applied
   (`rotation_plan_apply`, one transaction through the bulk path of
   `abdi.employees.services.position_changes_apply`): time, queries, peak memory, and
   that every rule's records exist (a closed and an opened position row per move, a
   simple-history row per employee with the actor, the plan's step).
3. The machine's load average before and after, since the machine is shared.

Environment: BENCH_ROTATION_URL (postgres://postgres@127.0.0.1:5432/abdi_bench_rotation),
BENCH_ROTATION_MOVES (500), BENCH_ROTATION_KEEP (1 = do not drop at the end),
BENCH_ROTATION_DRY (1 = do not write results.json). The figures go to bench/results.json under
"careers_rotation" (the other keys are kept).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
PYTHON = sys.executable
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/abdi_bench_rotation"


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def measure(out_path: str, n: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from abdi.accounts.models import User
    from abdi.careers import services
    from abdi.careers.models import RotationMove, RotationPlan
    from abdi.employees.models import Employee, PositionHistory
    from abdi.org.models import Agency, OrgUnit, Position

    admin = User.objects.create_superuser(username="bench_admin", password="bench-pass-2026")
    agency = Agency.objects.create(code="BENCH", name="Pemerintah Bench", region="Bench")
    unit = OrgUnit.objects.add_root(
        {"agency": agency, "code": "BENCH-OPD", "name": "Dinas Bench", "kind": "opd"}
    )
    positions = Position.objects.bulk_create(
        Position(
            code=f"BENCH-{i:05d}",
            name=f"Pelaksana Bench {i}",
            kind="pelaksana",
            class_grade=6,
            org_unit=unit,
            posts=1,
        )
        for i in range(n)
    )
    since = dt.date(2018, 1, 2)
    employees = Employee.objects.bulk_create(
        Employee(
            nip=f"19850101201001{i:04d}"[:18],
            kind="pns",
            status="pns",
            name=f"Pegawai Bench {i}",
            birth_date=dt.date(1985, 1, 1),
            sex="m",
            org_unit=unit,
            position=positions[i],
            position_effective_from=since,
            tmt_cpns=dt.date(2010, 1, 1),
        )
        for i in range(n)
    )
    PositionHistory.objects.bulk_create(
        PositionHistory(employee=e, position=e.position, org_unit=unit, effective_from=since)
        for e in employees
    )
    today = timezone.localdate()
    plan = services.rotation_plan_create(actor=admin, title="Bench", effective_from=today)
    RotationMove.objects.bulk_create(
        RotationMove(
            plan=plan,
            employee=e,
            from_position_id=e.position_id,
            target_position_id=positions[(i + 1) % n].pk,
            decree_number=f"BENCH/{i}",
        )
        for i, e in enumerate(employees)
    )
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    load_before = load()
    with connection.execute_wrapper(counter):
        t0 = time.perf_counter()
        report = services.rotation_plan_report(plan)
        check_ms = (time.perf_counter() - t0) * 1000
    check_queries, count[0] = count[0], 0
    with connection.execute_wrapper(counter):
        t0 = time.perf_counter()
        with transaction.atomic():
            services.rotation_plan_apply(actor=admin, plan=plan)
        apply_ms = (time.perf_counter() - t0) * 1000
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    ids = [e.pk for e in employees]
    history = Employee.history.filter(id__in=ids, history_user=admin)
    result = {
        "moves": n,
        "check_ok": report.ok,
        "check_ms": round(check_ms, 1),
        "check_queries": check_queries,
        "apply_ms": round(apply_ms, 1),
        "apply_queries": count[0],
        "status": RotationPlan.objects.get(pk=plan.pk).status,
        "records": {
            "position_rows_closed": PositionHistory.objects.filter(
                employee_id__in=ids, effective_until=today - dt.timedelta(days=1)
            ).count(),
            "position_rows_opened": PositionHistory.objects.filter(
                employee_id__in=ids, effective_from=today, decree_number__startswith="BENCH/"
            ).count(),
            "employee_history_rows_with_actor": history.count(),
            "plan_apply_steps": plan.steps.filter(action="apply").count(),
            "employees_moved": Employee.objects.filter(
                pk__in=ids, position_effective_from=today
            ).count(),
        },
        "max_rss_mb_before": round(rss0 / 1024, 1),
        "max_rss_mb_after": round(rss1 / 1024, 1),
        "load_average_before": load_before,
        "load_average_after": load(),
    }
    print("rotation", result, flush=True)
    Path(out_path).write_text(json.dumps(result))


def run(cmd: list[str], env: dict) -> None:
    subprocess.run(cmd, env=env, cwd=ROOT, check=True)


def main() -> None:
    n = int(os.environ.get("BENCH_ROTATION_MOVES", 500))
    url = os.environ.get("BENCH_ROTATION_URL", DEFAULT_URL)
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
        "synthetic_data": "one OPD, one-seat pelaksana posts, one holder each (a single cycle)",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "shared": "other engineers' tests and benches ran at the same time",
        },
        "previous_apply_ms_500_moves": 36600,
    }
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", dbname])
    run(["createdb", "-h", "127.0.0.1", "-U", "postgres", dbname], env)
    run([PYTHON, "manage.py", "migrate", "-v0"], env)
    out = ROOT / "var" / "bench_rotation.json"
    out.parent.mkdir(exist_ok=True)
    run([PYTHON, __file__, "--measure", str(out), str(n)], env)
    result.update(json.loads(out.read_text()))
    if os.environ.get("BENCH_ROTATION_KEEP") != "1":
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", dbname])
    if os.environ.get("BENCH_ROTATION_DRY") != "1":
        results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        results["careers_rotation"] = result
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        measure(sys.argv[2], int(sys.argv[3]))
    else:
        main()
