#!/usr/bin/env python
"""Seed benchmark: the whole demo province (`seed_demo`, not --personnel-only) at N employees.

    .venv/bin/python bench/seed_bench.py                         # 100,000 employees, PostgreSQL
    BENCH_SEED_EMPLOYEES=10000 .venv/bin/python bench/seed_bench.py
    BENCH_SEED_DATABASE=sqlite BENCH_SEED_EMPLOYEES=2000 .venv/bin/python bench/seed_bench.py

1. PostgreSQL: drop and create the database at BENCH_SEED_URL
   (postgres://postgres@127.0.0.1:5432/abdi_bench_seed); SQLite: a fresh file under var/bench/.
   `migrate` and `createcachetable` (not timed).
2. `seed_demo --employees N --seed 42` in a process of its own under `/usr/bin/time -v`: wall
   time, CPU time (user + system) and the peak resident memory of that process (the database
   server's own memory and CPU are not in it). The load average before and after is recorded:
   on a shared machine the wall time depends on what else runs; the CPU time much less.
3. Row counts of the largest tables, then the database is dropped (BENCH_SEED_KEEP=1 keeps it).

Targets (issue "Scale", item 2): PostgreSQL, 100,000 employees, ≤ 180 s and ≤ 1 GB.
The figures go to bench/results.json under "seed" → "<database>_<N>" (other keys are kept).
BENCH_SEED_DRY=1 prints them without writing; BENCH_SEED_TEMPLATE=<database> creates the database
as a copy of a migrated, empty one (no migration to wait for).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
PYTHON = sys.executable
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/abdi_bench_seed"
TARGET_SECONDS = 180
TARGET_PEAK_MB = 1024
TABLES = [
    "employees_employee",
    "employees_historicalemployee",
    "employees_rankhistory",
    "performance_skp",
    "performance_indicator",
    "performance_activity",
    "performance_realisation",
    "performance_historicalrealisation",
    "performance_evaluation",
    "competency_assessment",
    "learning_registration",
    "learning_jpentry",
]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def run(cmd: list[str], env: dict) -> None:
    subprocess.run(cmd, env=env, cwd=ROOT, check=True)


def time_v(output: str) -> dict:
    """The figures of GNU time's -v report."""

    def field(label: str) -> str:
        m = re.search(rf"^\s*{re.escape(label)}: (.+)$", output, re.M)
        return m.group(1).strip() if m else ""

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    parts = [float(p) for p in wall.split(":")] if wall else []
    seconds = sum(p * 60**i for i, p in enumerate(reversed(parts)))
    user = float(field("User time (seconds)") or 0)
    system = float(field("System time (seconds)") or 0)
    return {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(user + system, 1),
        "cpu_user_seconds": round(user, 1),
        "peak_rss_mb": round(int(field("Maximum resident set size (kbytes)") or 0) / 1024),
    }


def counts(env: dict) -> dict:
    code = (
        "import json, django; django.setup()\n"
        "from django.db import connection\n"
        f"tables = {TABLES!r}\n"
        "out = {}\n"
        "with connection.cursor() as c:\n"
        "    for t in tables:\n"
        "        c.execute(f'SELECT count(*) FROM {t}')\n"
        "        out[t] = c.fetchone()[0]\n"
        "print(json.dumps(out))\n"
    )
    proc = subprocess.run(
        [PYTHON, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def commit() -> str:
    proc = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return proc.stdout.strip()


def main() -> None:
    n = env_int("BENCH_SEED_EMPLOYEES", 100_000)
    database = os.environ.get("BENCH_SEED_DATABASE", "postgres")
    keep = os.environ.get("BENCH_SEED_KEEP", "") == "1"
    if database == "sqlite":
        path = ROOT / "var" / "bench" / "seed.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        url = os.environ.get("BENCH_SEED_URL", DEFAULT_URL)
        dbname = urllib.parse.urlparse(url).path.lstrip("/")
        psql = ["-h", "127.0.0.1", "-U", "postgres"]
        subprocess.run(["dropdb", *psql, "--if-exists", dbname], check=True)
        template = os.environ.get("BENCH_SEED_TEMPLATE", "")
        # a migrated, empty database to copy instead of migrating again (optional)
        subprocess.run(
            ["createdb", *psql, *(["-T", template] if template else []), dbname], check=True
        )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_MANIFEST_STATIC": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    run([PYTHON, "manage.py", "migrate", "-v", "0"], env)
    run([PYTHON, "manage.py", "createcachetable"], env)
    load_before = [round(x, 2) for x in os.getloadavg()]
    started = dt.datetime.now(dt.UTC)
    proc = subprocess.run(
        [
            "/usr/bin/time",
            "-v",
            PYTHON,
            "manage.py",
            "seed_demo",
            "--employees",
            str(n),
            "--seed",
            "42",
            "--password",
            "bench-pass-123",
        ],  # fmt: skip
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    load_after = [round(x, 2) for x in os.getloadavg()]
    sys.stdout.write(proc.stdout)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        sys.exit(f"seed_demo failed ({proc.returncode})")
    figures = time_v(proc.stderr)
    result = {
        "date": started.isoformat(timespec="seconds"),
        "commit": commit(),
        "database": database,
        "employees": n,
        "command": f"seed_demo --employees {n} --seed 42",
        **figures,
        "targets": {"seconds": TARGET_SECONDS, "peak_rss_mb": TARGET_PEAK_MB}
        if database == "postgres" and n == 100_000
        else None,
        "load_average_before": load_before,
        "load_average_after": load_after,
        "cpus": os.cpu_count(),
        "rows": counts(env),
    }
    if database == "postgres" and not keep:
        subprocess.run(["dropdb", *psql, "--if-exists", dbname], check=True)
    print(json.dumps(result, indent=2))
    if os.environ.get("BENCH_SEED_DRY", "") == "1":
        return
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.setdefault("seed", {})[f"{database}_{n}"] = result
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written: {RESULTS.relative_to(ROOT)} → seed.{database}_{n}")


if __name__ == "__main__":
    main()
