#!/usr/bin/env python
"""Performance-management benchmark on PostgreSQL.

    .venv/bin/python bench/perf_bench.py                      # 60,000 employees
    BENCH_PERF_EMPLOYEES=20000 .venv/bin/python bench/perf_bench.py

1. Drop and create the database (psql tools, -h 127.0.0.1 -U postgres), `migrate`, and
   `seed_demo --employees N --seed 42`, then ANALYZE: the province with the current year's SKP cycle, built
   with bulk inserts by abdi/demo/builders/performance.py — SYNTHETIC data (generated names,
   RHK, indicators, realisations and ratings), not a real agency's.
2. In-process with Django's test Client (no network): p50/p95/max of the supervisor's team page
   (`/performance/monitor/` and its 30-second HTMX refresh) for the demo supervisor and for the
   appraisers with the largest teams, and of the agency-wide distribution (the calibration page of
   the top unit for the latest evaluated quarter, the distribution API, the unit monitor).
3. A burst of realisation submissions: gunicorn on 127.0.0.1 against the same database, and a
   small load generator (threads + http.client) in which BENCH_BURST_USERS employees, each logged
   in with a session of their own, post the realisation form of their approved SKP for the
   current quarter BENCH_BURST_ROUNDS times (each with new values), at most BENCH_BURST_SECONDS
   in all. Records p50/p95/max, status counts and errors, then checks that every accepted write
   (302) is in the database with the last accepted value.

Environment: BENCH_PERF_EMPLOYEES (60000), BENCH_PERF_URL
(postgres://postgres@127.0.0.1:5432/abdi_bench_perf), BENCH_REPEAT (20),
BENCH_PERF_REUSE (0; 1 = keep a database that already holds N employees: no drop, no seed),
BENCH_PERF_KEEP (0; 1 = do not drop the database at the end), BENCH_BURST_USERS (200),
BENCH_BURST_THREADS (16), BENCH_BURST_ROUNDS (2), BENCH_BURST_SECONDS (180),
BENCH_GUNICORN_WORKERS (3), BENCH_PORT (8931), BENCH_PERF_DRY (1 = do not write results.json).
The figures go to bench/results.json under "performance" (the other keys are kept).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
PYTHON = sys.executable
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/abdi_bench_perf"


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


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


# --------------------------------------------------------------------------- in-process timings
def measure(out_path: str) -> None:
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from abdi.accounts.models import User
    from abdi.employees.models import Employee
    from abdi.org.models import OrgUnit
    from abdi.performance.models import (
        SKP,
        Activity,
        Evaluation,
        Indicator,
        PerformancePeriod,
        Realisation,
    )

    settings.ALLOWED_HOSTS = ["*"]
    repeat = env_int("BENCH_REPEAT", 20)
    today = dt.date.today()
    result: dict = {
        "data": {
            "employees": Employee.objects.count(),
            "skps": SKP.objects.count(),
            "skps_approved": SKP.objects.filter(status="approved").count(),
            "indicators": Indicator.objects.count(),
            "activities": Activity.objects.count(),
            "realisations": Realisation.objects.count(),
            "evaluations": Evaluation.objects.count(),
        },
        "timings": {},
    }
    latest = (
        PerformancePeriod.objects.filter(end__lt=today)
        .exclude(kind="year")
        .order_by("-end")
        .first()
    )
    root = OrgUnit.objects.get(depth=1)

    # Supervisors: the demo login, and the appraisers with the most SKPs to appraise (bench logins).
    supervisors = [("atasan", User.objects.get(username="atasan"))]
    biggest = (
        SKP.objects.values("appraiser_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("appraiser_id", "n")[:3]
    )
    for rank, (employee_id, n) in enumerate(biggest, start=1):
        employee = Employee.objects.get(pk=employee_id)
        if employee.user_id is None:
            user = User.objects.create(username=f"bench.sup{rank}")
            user.set_unusable_password()
            user.save()
            employee.user = user
            employee.save(update_fields=["user"])
        supervisors.append((f"appraiser_top{rank}_{n}_skps", employee.user))
    # The head of the largest OPD: the team is everyone below (thousands, 50 per page).
    head = Employee.objects.filter(position__code="DISDIK-KA", is_active=True).first()
    if head is not None:
        if head.user_id is None:
            user = User.objects.create(username="bench.kadisdik")
            user.set_unusable_password()
            user.save()
            head.user = user
            head.save(update_fields=["user"])
        below = Employee.objects.filter(
            org_unit__path__startswith=head.org_unit.path, is_active=True
        ).count()
        supervisors.append((f"opd_head_DISDIK_{below}_below", head.user))
    admin = User.objects.get(username="admin")

    def timed(label: str, user, url: str, headers: dict | None = None) -> None:
        client = Client()
        client.force_login(user)
        headers = headers or {}
        for _ in range(3):
            client.get(url, headers=headers)
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        # a wrapper survives the reconnect at each request's end (CONN_MAX_AGE=0)
        with connection.execute_wrapper(counter):
            client.get(url, headers=headers)
        samples, status = [], {}
        for _ in range(repeat):
            t0 = time.perf_counter()
            response = client.get(url, headers=headers)
            samples.append((time.perf_counter() - t0) * 1000)
            status[str(response.status_code)] = status.get(str(response.status_code), 0) + 1
        result["timings"][label] = {
            **stats(samples),
            "queries": count[0],
            "status": status,
            "url": url,
        }
        print(f"  {label:<48} {result['timings'][label]}", flush=True)

    for label, user in supervisors:
        timed(f"team_monitor:{label}", user, "/performance/monitor/")
        timed(
            f"team_monitor_refresh:{label}",
            user,
            "/performance/monitor/team/",
            {"HX-Request": "true"},
        )
    if latest is not None:
        code = latest.code
        timed("agency_calibration_page", admin, f"/performance/calibration/{root.pk}/{code}/")
        timed(
            "agency_distribution_api",
            admin,
            f"/api/v1/org-units/{root.pk}/predikat-distribution/?period={code}",
        )
        result["period"] = code
    timed("agency_unit_monitor", admin, f"/performance/monitor/units/?unit={root.pk}")
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    Path(out_path).write_text(json.dumps(result))


# --------------------------------------------------------------------------- burst preparation
def prepare_burst(out_path: str) -> None:
    """Logins (sessions) for BENCH_BURST_USERS employees with an approved SKP, and their forms."""
    setup_django()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import _get_new_csrf_string

    from abdi.accounts.models import User
    from abdi.employees.models import Employee
    from abdi.performance.models import SKP, PerformancePeriod

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # noqa: N806
    today = dt.date.today()
    period = (
        PerformancePeriod.objects.filter(start__lte=today, end__gte=today, is_closed=False)
        .exclude(kind="year")
        .first()
    )
    n = env_int("BENCH_BURST_USERS", 200)
    rng = random.Random(42)
    candidates = list(
        SKP.objects.filter(
            status="approved",
            employee__user__isnull=True,
            employee__is_active=True,
            performance_year=period.performance_year,
        ).values_list("pk", "employee_id")
    )
    rng.shuffle(candidates)
    users = []
    for skp_id, employee_id in candidates[:n]:
        skp = SKP.objects.get(pk=skp_id)
        indicators = list(
            skp.work_results.filter(indicators__target_value__isnull=False)
            .values_list("indicators__pk", flat=True)
            .distinct()
        )
        if not indicators:
            continue
        user = User.objects.create(username=f"bench.burst{employee_id}")
        user.set_unusable_password()
        user.save()
        Employee.objects.filter(pk=employee_id).update(user=user)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        users.append(
            {
                "user_id": user.pk,
                "skp": skp_id,
                "indicators": indicators,
                "session": session.session_key,
                "csrf": _get_new_csrf_string(),
            }
        )
    Path(out_path).write_text(json.dumps({"period": period.code, "users": users}))


def verify_burst(burst_path: str, log_path: str, out_path: str) -> None:
    """Every accepted submission's last values are in the database."""
    setup_django()
    from abdi.performance.models import Realisation

    burst = json.loads(Path(burst_path).read_text())
    log = json.loads(Path(log_path).read_text())
    expected: dict[int, str] = {}
    for entry in log:  # per user in order: the last accepted value wins
        if entry["ok"]:
            for ind, value in entry["values"].items():
                expected[int(ind)] = value
    found = dict(
        Realisation.objects.filter(
            period__code=burst["period"], indicator_id__in=list(expected)
        ).values_list("indicator_id", "value")
    )
    missing = [k for k in expected if k not in found]
    wrong = [k for k, v in expected.items() if k in found and f"{found[k]:.2f}" != v]
    Path(out_path).write_text(
        json.dumps(
            {
                "accepted_indicator_writes": len(expected),
                "found": len(found),
                "missing": len(missing),
                "wrong_value": len(wrong),
            }
        )
    )


# --------------------------------------------------------------------------- load generator
def run_burst(burst: dict, port: int) -> tuple[list[dict], dict]:
    users = burst["users"]
    code = burst["period"]
    rounds = env_int("BENCH_BURST_ROUNDS", 2)
    threads = env_int("BENCH_BURST_THREADS", 16)
    deadline = time.monotonic() + env_int("BENCH_BURST_SECONDS", 180)
    queue = list(enumerate(users))
    lock = threading.Lock()
    log: list[dict] = []
    errors: list[str] = []

    def post(conn, user, n):
        values = {
            str(ind): f"{(user['user_id'] * 7 + ind + n) % 97 + 1}.00" for ind in user["indicators"]
        }
        body = {"csrfmiddlewaretoken": user["csrf"]}
        for ind, value in values.items():
            body[f"ind-{ind}-value"] = value
            body[f"ind-{ind}-self_assessment"] = f"Beban uji ronde {n + 1}."
        data = urllib.parse.urlencode(body)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sessionid={user['session']}; csrftoken={user['csrf']}",
            "Host": f"127.0.0.1:{port}",
        }
        t0 = time.perf_counter()
        conn.request("POST", f"/performance/skp/{user['skp']}/realisations/{code}/", data, headers)
        response = conn.getresponse()
        response.read()
        ms = (time.perf_counter() - t0) * 1000
        return response.status, ms, values, response.getheader("Location", "")

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if not queue or time.monotonic() > deadline:
                    break
                _index, user = queue.pop(0)
            for n in range(rounds):
                if time.monotonic() > deadline:
                    break
                try:
                    status, ms, values, location = post(conn, user, n)
                except Exception as exc:  # noqa: BLE001 — every failure counts as an error
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    with lock:
                        errors.append(repr(exc))
                        log.append({"status": 0, "ok": False, "ms": None, "values": {}})
                    continue
                ok = status == 302 and "/realisations/" in location
                with lock:
                    log.append({"status": status, "ok": ok, "ms": ms, "values": values})
        conn.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    status: dict[str, int] = {}
    for entry in log:
        status[str(entry["status"])] = status.get(str(entry["status"]), 0) + 1
    summary = {
        **stats([e["ms"] for e in log if e["ms"] is not None]),
        "requests": len(log),
        "users": len(users),
        "threads": threads,
        "rounds_per_user": rounds,
        "elapsed_s": round(elapsed, 1),
        "requests_per_s": round(len(log) / elapsed, 1) if elapsed else None,
        "status": status,
        "errors": len([e for e in log if not e["ok"]]),
        "exceptions": errors[:5],
    }
    return log, summary


def wait_for_port(port: int, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/accounts/login/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on port {port}")


# --------------------------------------------------------------------------- orchestration
def run(cmd: list[str], env: dict, **kw) -> subprocess.CompletedProcess:
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kw)


def main() -> None:
    n = env_int("BENCH_PERF_EMPLOYEES", 60_000)
    url = os.environ.get("BENCH_PERF_URL", DEFAULT_URL)
    dbname = urllib.parse.urlparse(url).path.lstrip("/")
    port = env_int("BENCH_PORT", 8931)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_MANIFEST_STATIC": "0",
    }
    tmp = ROOT / "var" / "bench_perf"
    tmp.mkdir(parents=True, exist_ok=True)
    result: dict = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": "postgresql",
        "employees": n,
        "synthetic_data": "seed_demo --seed 42 (generated province; SKP cycle from "
        "abdi/demo/builders/performance.py, bulk inserts)",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    }
    reuse = os.environ.get("BENCH_PERF_REUSE") == "1"
    if not reuse:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", dbname])
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", dbname], env)
        t0 = time.perf_counter()
        run([PYTHON, "manage.py", "migrate", "-v0"], env)
        result["migrate_s"] = round(time.perf_counter() - t0, 1)
        t0 = time.perf_counter()
        run(
            [PYTHON, "manage.py", "seed_demo", "--employees", str(n), "--seed", "42",
             "--password", "bench-pass-2026"],
            env,
        )  # fmt: skip
        result["seed_s"] = round(time.perf_counter() - t0, 1)
    else:
        run([PYTHON, "manage.py", "migrate", "-v0"], env)
        result["seed_s"] = os.environ.get("BENCH_PERF_SEED_S", "not measured in this run (reuse)")

    # Fresh statistics, as autovacuum would have them on a database in use: right after a bulk
    # load the planner would otherwise guess row counts from an empty table.
    t0 = time.perf_counter()
    run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", dbname, "-qc", "ANALYZE"], env)
    result["analyze_s"] = round(time.perf_counter() - t0, 1)
    measured = tmp / "measure.json"
    run([PYTHON, __file__, "--measure", str(measured)], env)
    result.update(json.loads(measured.read_text()))

    burst_path, log_path, verify_path = (
        tmp / "burst.json",
        tmp / "burst_log.json",
        tmp / "verify.json",
    )
    run([PYTHON, __file__, "--prepare-burst", str(burst_path)], env)
    burst = json.loads(burst_path.read_text())
    workers = str(env_int("BENCH_GUNICORN_WORKERS", 3))
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", workers, "--no-control-socket", "--timeout", "120",
         "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        wait_for_port(port)
        log, summary = run_burst(burst, port)
    finally:
        server.terminate()
        server.wait(timeout=30)
    log_path.write_text(json.dumps(log))
    run([PYTHON, __file__, "--verify", str(burst_path), str(log_path), str(verify_path)], env)
    summary["verification"] = json.loads(verify_path.read_text())
    summary["gunicorn_workers"] = int(workers)
    summary["period"] = burst["period"]
    result["realisation_burst"] = summary
    print(json.dumps(summary, indent=1))

    if os.environ.get("BENCH_PERF_KEEP") != "1" and not reuse:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", dbname])
    if os.environ.get("BENCH_PERF_DRY") == "1":
        print("BENCH_PERF_DRY=1: results.json not written")
        return
    # read-modify-write: only the "performance" key is ours
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data["performance"] = result
    RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {RESULTS} ['performance']")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        measure(sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == "--prepare-burst":
        prepare_burst(sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == "--verify":
        verify_burst(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main()
