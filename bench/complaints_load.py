#!/usr/bin/env python
"""Public complaint load: 50 submissions per second for 60 s to POST /api/v1/public/complaints/
on a gunicorn over PostgreSQL, then check that every accepted tracking code is in the database;
plus the IKM result time of a survey with 100,000 responses (bench/ikm_bench.py).

    .venv/bin/python bench/complaints_load.py                 # 50/s for 60 s, IKM 100,000
    .venv/bin/python bench/complaints_load.py --rate 20 --duration 10 --ikm 10000   # quick

What it does, only ever on 127.0.0.1:
1. drops and creates the database abdi_bench_feedback (psql -h 127.0.0.1 -U postgres), migrates,
   creates the cache table and seeds a small demo province (`seed_demo --employees 150`) so that
   the services and units the complaints name exist;
2. starts gunicorn (config.wsgi, DEBUG off) on a free port with ABDI_PUBLIC_COMPLAINT_RATE raised
   (every request comes from one address, which the throttle would otherwise stop at 10/hour);
3. sends `rate × duration` JSON submissions on an open-loop schedule (request i is due at
   t0 + i/rate, whether or not the earlier ones have returned), from a pool of threads with
   one http.client connection per request; latency is measured from the due time, so a server that
   falls behind shows it (no coordinated omission); the run is bounded in count and in time;
4. counts statuses and transport errors, p50/p95/p99/max, and the achieved rate;
5. reads the database: every tracking code answered with 201 must be there, with its "submit"
   timeline event, and the number of complaints must have grown by exactly the accepted ones;
6. stops gunicorn, runs bench/ikm_bench.run(n) on PostgreSQL (and SQLite unless --ikm-sqlite
   is off), drops the database, and writes the figures under the "feedback" key of
   bench/results.json (the other keys are kept).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
DB_NAME = "abdi_bench_feedback"
PG_URL = f"postgres://postgres@{HOST}:5432/{DB_NAME}"
PATH = "/api/v1/public/complaints/"
KINDS = ("complaint", "aspiration", "information")


def psql(sql: str) -> str:
    return subprocess.run(
        ["psql", "-h", HOST, "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1",
         "-qAtc", sql],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def manage(env: dict, *args: str, quiet: bool = True) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT, env=env, check=True, capture_output=quiet, text=True,
    )  # fmt: skip
    return done.stdout or ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


# ------------------------------------------------------------------------------- the database
def targets(pg_url: str) -> tuple[list[int], list[int]]:
    """The ids of the active services and of some public-facing units (complaints name either)."""
    import psycopg

    with psycopg.connect(pg_url.replace("postgres://", "postgresql://")) as conn:
        services = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM feedback_publicservice WHERE is_active ORDER BY id"
            )
        ]
        units = [r[0] for r in conn.execute(
            "SELECT id FROM org_orgunit WHERE is_active AND kind IN "
            "('puskesmas','hospital','school','opd') ORDER BY id")]  # fmt: skip
    return services, units


def complaint_count(pg_url: str) -> int:
    import psycopg

    with psycopg.connect(pg_url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute("SELECT count(*) FROM feedback_complaint").fetchone()[0]


def verify(pg_url: str, codes: list[str]) -> dict:
    """Which accepted tracking codes are in the database, with their submit event."""
    import psycopg

    with psycopg.connect(pg_url.replace("postgres://", "postgresql://")) as conn:
        found = {
            r[0]
            for r in conn.execute(
                "SELECT c.tracking_code FROM feedback_complaint c "
                "JOIN feedback_complaintevent e ON e.complaint_id = c.id AND e.action = 'submit' "
                "WHERE c.tracking_code = ANY(%s)",
                (codes,),
            )
        }
    missing = sorted(set(codes) - found)
    return {"accepted": len(codes), "found_with_submit_event": len(found), "missing": missing[:20]}


# ------------------------------------------------------------------------------- the load
class Load:
    def __init__(self, port: int, rate: float, duration: float, services, units, threads: int):
        self.port, self.rate, self.duration = port, rate, duration
        self.total = int(rate * duration)
        self.services, self.units = services, units
        self.threads = threads
        self.next = 0
        self.lock = threading.Lock()
        self.results: list[tuple] = []  # (index, due, start, end, status, code or error)
        self.t0 = 0.0
        self.hard_stop = 0.0

    def body(self, i: int) -> bytes:
        rnd = random.Random(i)
        data = {
            "kind": KINDS[i % 3],
            "title": f"Uji beban {i}: antrean layanan",
            "description": "Saya menunggu lama di loket tanpa nomor antrean. " * rnd.randint(1, 4),
            "incident_place": "Loket pendaftaran",
            "reporter_name": "" if i % 5 == 0 else f"Pelapor {i}",
            "reporter_phone": "" if i % 5 == 0 else f"0812{i:08d}",
            "is_anonymous": i % 5 == 0,
        }
        if self.services and i % 4:
            data["service"] = self.services[i % len(self.services)]
        else:
            data["org_unit"] = self.units[i % len(self.units)]
        return json.dumps(data).encode()

    def take(self) -> int | None:
        with self.lock:
            if self.next >= self.total:
                return None
            i, self.next = self.next, self.next + 1
            return i

    def worker(self) -> None:
        while (i := self.take()) is not None:
            due = self.t0 + i / self.rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            if time.perf_counter() > self.hard_stop:
                self.record((i, due, None, None, "not sent (time bound)", ""))
                continue
            # A fresh connection per request: a kept-alive one may have been closed by the
            # server while idle, and a POST must not be retried blindly.
            conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            start = time.perf_counter()
            try:
                conn.request(
                    "POST", PATH, body=self.body(i),
                    headers={"Content-Type": "application/json", "Accept": "application/json",
                             "Connection": "close"},
                )  # fmt: skip
                response = conn.getresponse()
                payload = response.read()
                end = time.perf_counter()
                code = ""
                if response.status == 201:
                    code = json.loads(payload).get("tracking_code", "")
                status = str(response.status)
            except (OSError, http.client.HTTPException, ValueError) as exc:
                end = time.perf_counter()
                status, code = f"error: {type(exc).__name__}", str(exc)[:120]
            finally:
                conn.close()
            self.record((i, due, start, end, status, code))

    def record(self, row: tuple) -> None:
        with self.lock:
            self.results.append(row)

    def run(self) -> None:
        self.t0 = time.perf_counter() + 0.2
        self.hard_stop = self.t0 + self.duration + 30  # nothing is sent after this
        pool = [threading.Thread(target=self.worker, daemon=True) for _ in range(self.threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join(timeout=max(1.0, self.hard_stop + 35 - time.perf_counter()))

    def summary(self) -> dict:
        done = [r for r in self.results if r[2] is not None]
        ok = [r for r in done if r[4] == "201"]
        latency = [r[3] - r[1] for r in done]  # from the due time: includes any queueing
        service = [r[3] - r[2] for r in done]  # from the moment it was sent
        statuses: dict[str, int] = {}
        for r in self.results:
            statuses[r[4]] = statuses.get(r[4], 0) + 1
        last_end = max((r[3] for r in done), default=self.t0)
        return {
            "requests": self.total,
            "sent": len(done),
            "accepted_201": len(ok),
            "errors": len(self.results) - len(ok) + (self.total - len(self.results)),
            "status": dict(sorted(statuses.items())),
            "elapsed_s": round(last_end - self.t0, 2),
            "achieved_rate_per_s": round(len(done) / max(1e-9, last_end - self.t0), 1),
            "latency_from_due_ms": {
                "p50": ms(percentile(latency, 50)),
                "p95": ms(percentile(latency, 95)),
                "p99": ms(percentile(latency, 99)),
                "max": ms(max(latency, default=None)),
                "mean": ms(statistics.fmean(latency)) if latency else None,
            },
            "latency_from_send_ms": {
                "p50": ms(percentile(service, 50)),
                "p95": ms(percentile(service, 95)),
                "max": ms(max(service, default=None)),
            },
            "error_samples": sorted({f"{r[4]} {r[5]}" for r in self.results if r[4] != "201"})[:5],
        }

    def accepted_codes(self) -> list[str]:
        return [r[5] for r in self.results if r[4] == "201" and r[5]]


# ------------------------------------------------------------------------------- gunicorn
def start_server(env: dict, port: int, workers: int, threads: int) -> subprocess.Popen:
    log = open(Path(tempfile.gettempdir()) / f"abdi-bench-gunicorn-{port}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"{HOST}:{port}",
         "--workers", str(workers), "--threads", str(threads), "--no-control-socket",
         "--log-level", "warning", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({proc.returncode}); see {log.name}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            # an API answer (no templates, so no collected static files are needed)
            conn.request("GET", f"{PATH}AAAAAAAAAAAA/")
            if conn.getresponse().status == 404:
                conn.close()
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()  # the one process this script started (its workers follow the arbiter)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


# ------------------------------------------------------------------------------- IKM
def ikm_timing(env: dict, n: int) -> dict:
    code = (
        "import json, sys; sys.path.insert(0, 'bench'); import ikm_bench; "
        f"print(json.dumps(ikm_bench.run({n})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


# ------------------------------------------------------------------------------- main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=50.0, help="submissions per second")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--client-threads", type=int, default=48)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--ikm", type=int, default=100_000, help="responses (0: skip)")
    parser.add_argument("--no-ikm-sqlite", action="store_true", help="IKM on PostgreSQL only")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    args = parser.parse_args()
    if args.rate * args.duration > 20_000:
        parser.error("at most 20,000 requests per run")

    env = {
        **os.environ,
        "DATABASE_URL": PG_URL,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "ABDI_PUBLIC_COMPLAINT_RATE": "1000000/hour",
        "PYTHONPATH": str(ROOT),
    }
    print(f"database {DB_NAME}: drop, create, migrate, seed …", flush=True)
    psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    psql(f"CREATE DATABASE {DB_NAME}")
    out: dict = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },  # fmt: skip
        "database": "postgresql",
    }
    proc = None
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "seed_demo", "--employees", "150", "--seed", "42")
        services, units = targets(PG_URL)
        before = complaint_count(PG_URL)
        port = free_port()
        proc = start_server(env, port, args.workers, args.threads)
        out["server"] = (
            f"gunicorn config.wsgi --workers {args.workers} --threads {args.threads} "
            f"(gthread), DEBUG off, ABDI_PUBLIC_COMPLAINT_RATE=1000000/hour"
        )
        warm = Load(port, 10, 1, services, units, 4)  # 10 warm-up submissions, not timed
        warm.run()
        print(f"load: {args.rate:g}/s for {args.duration:g} s on 127.0.0.1:{port} …", flush=True)
        load = Load(port, args.rate, args.duration, services, units, args.client_threads)
        load.run()
        stop_server(proc)
        proc = None
        summary = load.summary()
        codes = warm.accepted_codes() + load.accepted_codes()
        check = verify(PG_URL, codes)
        check["complaints_before"] = before
        check["complaints_after"] = complaint_count(PG_URL)
        check["all_accepted_in_db"] = check["found_with_submit_event"] == len(codes) and check[
            "complaints_after"
        ] - before == len(codes)
        out["load"] = {
            "target": f"{args.rate:g}/s for {args.duration:g} s = {int(args.rate * args.duration)}",
            "client": "bench/complaints_load.py: threads, http.client, one connection per request, open loop",
            "warmup_accepted": len(warm.accepted_codes()),
            **summary,
            "verification": check,
        }
        if args.ikm:
            print(f"IKM: {args.ikm} responses on PostgreSQL …", flush=True)
            out["ikm"] = {"postgresql": ikm_timing(env, args.ikm)}
            if not args.no_ikm_sqlite:
                with tempfile.TemporaryDirectory() as tmp:
                    sqlite_env = {**env, "DATABASE_URL": f"sqlite:///{tmp}/ikm.sqlite3"}
                    print(f"IKM: {args.ikm} responses on SQLite …", flush=True)
                    manage(sqlite_env, "migrate", "--noinput")
                    out["ikm"]["sqlite"] = ikm_timing(sqlite_env, args.ikm)
    finally:
        if proc is not None:
            stop_server(proc)
        if not args.keep_db:
            psql(f"DROP DATABASE IF EXISTS {DB_NAME}")

    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data["feedback"] = out
    RESULTS.write_text(json.dumps(data, indent=2) + "\n")
    load_out = out["load"]
    lat = load_out["latency_from_due_ms"]
    print(
        f"accepted {load_out['accepted_201']}/{load_out['requests']}, errors {load_out['errors']}, "
        f"p50 {lat['p50']} ms, p95 {lat['p95']} ms, max {lat['max']} ms, "
        f"{load_out['achieved_rate_per_s']}/s; all accepted in the database: "
        f"{load_out['verification']['all_accepted_in_db']}"
    )
    for name, figures in out.get("ikm", {}).items():
        print(
            f"IKM {figures['responses']} responses on {name}: result {figures['result_s_best']} s "
            f"({figures['result_queries']} queries), profile {figures['profile_s']} s, "
            f"trend {figures['trend_s']} s"
        )
    print(f"written to {RESULTS.relative_to(ROOT)} under 'feedback'")


if __name__ == "__main__":
    main()
