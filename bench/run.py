#!/usr/bin/env python
"""Abdi benchmark: seed N employees into a fresh SQLite file and a fresh PostgreSQL database,
then time the employee list and detail (page and API) in-process with Django's test Client.

    make bench                          # 100,000 employees, SQLite and PostgreSQL
    BENCH_EMPLOYEES=5000 make bench     # a quicker run
    BENCH_DATABASES=sqlite make bench   # one database only

Environment: BENCH_EMPLOYEES (100000), BENCH_REPEAT (30 timed requests per case),
BENCH_DATABASES (sqlite,postgres; "postgresql" is accepted), BENCH_POSTGRES_URL
(postgres://postgres@127.0.0.1:5432/abdi_bench), BENCH_IMPORT_ROWS (10000),
BENCH_REUSE_POSTGRES (0; 1 = use the database at BENCH_POSTGRES_URL as it is when it already
holds BENCH_EMPLOYEES employees: migrate, no drop, no seed — for re-measuring after a change).
Writes bench/results.json and prints a short table.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/abdi_bench"
TARGET_P95_MS = 150
TARGET_IMPORT_ROWS_PER_S = 1000


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# --------------------------------------------------------------------------- worker (one database)
def worker(label: str, out_path: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    n = env_int("BENCH_EMPLOYEES", 100_000)
    repeat = env_int("BENCH_REPEAT", 30)
    result: dict = {"database": label, "vendor": connection.vendor, "employees": n}
    settings.ALLOWED_HOSTS = ["*"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    result["migrate_s"] = round(time.perf_counter() - t0, 2)
    from abdi.accounts.models import User
    from abdi.employees.models import Employee
    from abdi.org.models import OrgUnit

    reuse = os.environ.get("BENCH_REUSE", "") == "1"
    if reuse and Employee.objects.count() != n:
        sys.exit(f"BENCH_REUSE_POSTGRES: the database does not hold {n} employees; seed it first")
    if reuse:
        result["seed_s"] = None
        result["reused_database"] = True
    else:
        t0 = time.perf_counter()
        call_command(
            "seed_demo",
            employees=n,
            seed=42,
            password="bench-pass-123",
            personnel_only=True,  # the personnel pages only; SKP data: bench/perf_bench.py
            verbosity=0,
        )
        result["seed_s"] = round(time.perf_counter() - t0, 1)
        result["seed_employees_per_s"] = round(n / result["seed_s"])
    result["peak_rss_after_seed_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    if connection.vendor == "postgresql":
        # What autovacuum does on a live database after a bulk load: statistics, and the
        # visibility map that lets the list read a page of ids from its index alone.
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")

    admin = User.objects.get(username="admin")
    operator = User.objects.get(username="operator.dinkes")
    nips = list(Employee.objects.order_by("?").values_list("nip", flat=True)[:repeat])
    op_nips = list(
        Employee.objects.filter(org_unit__path__startswith=OrgUnit.objects.get(code="DINKES").path)
        .order_by("?")
        .values_list("nip", flat=True)[:repeat]
    )
    surname = Employee.objects.order_by("id").values_list("name", flat=True)[n // 2].split()[-1]
    big_unit = OrgUnit.objects.get(code="DISDIK").pk
    small_unit = OrgUnit.objects.get(code="DINKES-B1").pk
    deep_page = max(1, n // 25 // 2)
    op_count = Employee.objects.filter(
        org_unit__path__startswith=OrgUnit.objects.get(code="DINKES").path
    ).count()

    # The machine may be shared: record how busy it was around the timings.
    result["load_average_before"] = [round(x, 2) for x in os.getloadavg()]

    def timed(client: Client, urls: list[str]) -> dict:
        for url in urls[:3]:  # warm-up
            client.get(url)
        times, statuses = [], {}
        for i in range(repeat):
            url = urls[i % len(urls)]
            t = time.perf_counter()
            resp = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            statuses[resp.status_code] = statuses.get(resp.status_code, 0) + 1
        times.sort()
        return {
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
            "max_ms": round(times[-1], 1),
            "status": statuses,
            "url": urls[0],
        }

    cases = {
        "page_list_page1": ["/employees/"],
        "page_list_deep": [f"/employees/?page={deep_page}"],
        "page_list_search": [f"/employees/?q={surname}"],
        "page_list_search_nip": [f"/employees/?q={nips[0][:8]}"],
        "page_list_unit": [f"/employees/?unit={big_unit}"],
        "page_list_unit_small": [f"/employees/?unit={small_unit}"],
        "page_list_retiring_12m": ["/employees/?retiring_within_months=12"],
        "page_detail": [f"/employees/{nip}/" for nip in nips],
        "api_list_page1": ["/api/v1/employees/"],
        "api_list_deep": [f"/api/v1/employees/?page={max(1, n // 50 // 2)}"],
        "api_list_search": [f"/api/v1/employees/?q={surname}"],
        "api_list_unit": [f"/api/v1/employees/?unit={big_unit}"],
        "api_detail": [f"/api/v1/employees/{nip}/" for nip in nips],
    }
    timings: dict = {}
    for who, user, detail_nips in (("admin", admin, nips), ("operator", operator, op_nips)):
        client = Client()
        client.force_login(user)
        for name, urls in cases.items():
            if who == "operator" and name in {"page_list_unit", "api_list_unit"}:
                urls = [u.replace(str(big_unit), str(small_unit)) for u in urls]
            if who == "operator" and name in {"page_list_deep", "api_list_deep"}:
                per_page = 25 if name == "page_list_deep" else 50
                urls = [urls[0].split("?")[0] + f"?page={max(1, op_count // per_page // 2)}"]
            if name in {"page_detail", "api_detail"}:
                prefix = "/api/v1/employees/" if name == "api_detail" else "/employees/"
                urls = [f"{prefix}{nip}/" for nip in detail_nips]
            timings[f"{who}:{name}"] = timed(client, urls)
    result["timings"] = timings
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]

    # queries per list must not grow with the page size
    client = Client()
    client.force_login(admin)
    queries = {}
    for size in (25, 100):
        with override_settings(ABDI_LIST_PAGE_SIZE=size), CaptureQueriesContext(connection) as q:
            status = client.get("/employees/?page=2").status_code
        queries[f"page_{size}"] = {"queries": len(q), "status": status}
        with CaptureQueriesContext(connection) as q:
            resp = client.get(f"/api/v1/employees/?page=2&page_size={size}")
        rows = None
        if resp.status_code == 200 and resp.headers.get("Content-Type", "").startswith(
            "application/json"
        ):
            body = resp.json()
            rows = len(body.get("results", [])) if isinstance(body, dict) else len(body)
        queries[f"api_{size}"] = {"queries": len(q), "status": resp.status_code, "rows": rows}
    queries["page_equal"] = queries["page_25"]["queries"] == queries["page_100"]["queries"]
    queries["api_equal"] = queries["api_25"]["queries"] == queries["api_100"]["queries"]
    result["queries_per_list"] = queries

    # import rows/s (bench/import_bench.py, written with the import feature)
    try:
        from bench.import_bench import run as import_run
    except ImportError as exc:
        result["import"] = {"skipped": f"bench/import_bench.py not available ({exc})"}
    else:
        rows = env_int("BENCH_IMPORT_ROWS", 10_000)
        # no tracemalloc here: it slows Python code 2-3x and would understate rows/s
        t0 = time.perf_counter()
        try:
            outcome = import_run(rows)
        except Exception as exc:  # report, do not lose the other figures
            result["import"] = {"error": repr(exc)}
        else:
            elapsed = time.perf_counter() - t0
            info = outcome if isinstance(outcome, dict) else {"result": repr(outcome)}
            info.setdefault("rows", rows)
            info.setdefault("seconds", round(elapsed, 2))
            info.setdefault("rows_per_s", round(rows / elapsed))
            info["peak_rss_mb_after_import"] = round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            )
            result["import"] = info
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    Path(out_path).write_text(json.dumps(result, indent=2, default=str))


# --------------------------------------------------------------------------- driver
def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    base, _sep, _db = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def machine() -> dict:
    info = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }
    try:
        mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
        info["memory_gb"] = round(int(mem) / 2**20, 1)
    except OSError:
        pass
    try:
        import django

        info["django"] = django.get_version()
    except ImportError:
        pass
    return info


def run_one(label: str, database_url: str, *, reuse: bool = False) -> dict:
    out = ROOT / "var" / "bench" / f"{label}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_MANIFEST_STATIC": "0",  # no collectstatic needed for in-process requests
        "DJANGO_LOG_LEVEL": "ERROR",  # 404s of a deep page are figures, not log lines
        "BENCH_REUSE": "1" if reuse else "0",
    }
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", label, str(out)], env=env, cwd=ROOT
    )
    if proc.returncode != 0:
        return {"database": label, "error": f"worker exited with {proc.returncode}"}
    data = json.loads(out.read_text())
    data["wall_s"] = round(time.perf_counter() - started, 1)
    return data


def table(results: dict) -> str:
    lines = []
    for label, r in results["databases"].items():
        if "error" in r:
            lines.append(f"{label}: {r['error']}")
            continue
        seed = "reused database" if r.get("reused_database") else f"seed {r['seed_s']} s"
        lines.append(
            f"== {label} ({r['employees']} employees): {seed}, peak RSS {r['peak_rss_mb']} MB, "
            f"load {r.get('load_average_before', ['?'])[0]}→{r.get('load_average_after', ['?'])[0]}"
        )
        lines.append(f"   {'case':<34} {'p50 ms':>8} {'p95 ms':>8}  status")
        for case, t in r["timings"].items():
            lines.append(
                f"   {case:<34} {t['p50_ms']:>8} {t['p95_ms']:>8}  "
                + ",".join(f"{k}×{v}" for k, v in t["status"].items())
            )
        q = r["queries_per_list"]
        lines.append(
            f"   queries page 25/100: {q['page_25']['queries']}/{q['page_100']['queries']}  "
            f"api 25/100: {q['api_25']['queries']}/{q['api_100']['queries']}"
        )
        imp = r.get("import", {})
        lines.append(f"   import: {imp.get('rows_per_s', imp)} rows/s")
    return "\n".join(lines)


def main() -> int:
    n = env_int("BENCH_EMPLOYEES", 100_000)
    wanted = [
        "postgres" if w.strip() == "postgresql" else w.strip()
        for w in os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",")
    ]
    results: dict = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "employees": n,
        "repeat": env_int("BENCH_REPEAT", 30),
        "targets": {
            "p95_ms_postgres_100k": TARGET_P95_MS,
            "import_rows_per_s": TARGET_IMPORT_ROWS_PER_S,
            "queries_per_list": "equal for page sizes 25 and 100",
        },
        "machine": machine(),
        "databases": {},
    }
    # The commit and the load average at the start (the machine may be shared).
    sys.path.insert(0, str(ROOT / "bench"))
    import season_lib

    ctx = season_lib.context(ROOT)
    results["commit"], results["load_average"] = ctx["commit"], ctx["load_average"]
    if n < 100_000:
        results["note"] = f"Smaller run ({n} employees); the targets are stated for 100,000."
    if "sqlite" in wanted:
        path = ROOT / "var" / "bench" / "bench.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        results["databases"]["sqlite"] = run_one("sqlite", f"sqlite:///{path}")
    if "postgres" in wanted and os.environ.get("BENCH_REUSE_POSTGRES", "") == "1":
        # An existing database, kept as it is (seeded earlier with the same N and seed).
        url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG)
        results["databases"]["postgres"] = run_one("postgres", url, reuse=True)
    elif "postgres" in wanted:
        url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG)
        name = url.rsplit("/", 1)[1]
        try:
            _pg_admin(url, f'DROP DATABASE IF EXISTS "{name}"')
            _pg_admin(url, f'CREATE DATABASE "{name}"')
        except Exception as exc:
            results["databases"]["postgres"] = {"database": "postgres", "error": repr(exc)}
        else:
            results["databases"]["postgres"] = run_one("postgres", url)
            try:
                _pg_admin(url, f'DROP DATABASE IF EXISTS "{name}"')
            except Exception as exc:  # pragma: no cover - reported only
                print(f"could not drop {name}: {exc}", file=sys.stderr)
    # Databases not run this time keep their figures from the previous results, marked as such.
    if RESULTS.exists():
        try:
            previous = json.loads(RESULTS.read_text())
        except ValueError:
            previous = {}
        for label, data in previous.get("databases", {}).items():
            if label not in results["databases"]:
                data.setdefault("from_run_of", previous.get("date"))
                results["databases"][label] = data
        # Sections written by the other benches (e.g. "feedback", "performance") are kept.
        own = {*results, "note"}
        for key, value in previous.items():
            if key not in own:
                results[key] = value
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(table(results))
    print(f"\nwritten: {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())
