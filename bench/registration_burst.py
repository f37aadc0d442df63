#!/usr/bin/env python
"""Registration burst: 200 employees register at the same moment for a 30-seat open
session on PostgreSQL; exactly 30 must be confirmed, 170 on the waiting list, no error.

    .venv/bin/python bench/registration_burst.py
    BENCH_REGISTRATION_EMPLOYEES=50 BENCH_REGISTRATION_QUOTA=10 .venv/bin/python bench/registration_burst.py

1. Drops and creates the database at BENCH_POSTGRES_URL
   (postgres://postgres@127.0.0.1:5432/abdi_bench_registration; the name must be abdi_bench* or
   *_burst, so that no real database is dropped; BENCH_REGISTRATION_TEMPLATE names an already
   migrated empty database to copy instead of migrating from nothing), migrates, and writes a small
   world straight to the tables: one OPD, N employees each with a login, a programme and a
   session open for registration today with approval "none" (a seat is taken at once) and the
   quota Q.
2. Starts N threads, each calling `services.registration.registration_create` for its own
   employee with its own database connection and transaction; a barrier releases them together.
   PostgreSQL here allows 100 connections, so at most BENCH_REGISTRATION_CONNECTIONS (50) threads
   hold one at a time (as a gunicorn/pgbouncer pool bounds them in production); the others wait
   for a slot. Latency is measured from the barrier's release to the commit, so waiting for a
   connection and for the session's row lock both count; "lock_held" is each registration's
   time from taking the session's lock to its commit (the critical section; the first
   on-commit callback marks the commit, so what a service does after it is not counted). Before the
   burst the URLconf and the translations are loaded, as in a server that has answered a
   request (see warm_up).
3. Checks the database: exactly Q confirmed, N − Q waitlisted, one live registration per
   employee, two steps each (registered + confirmed/waitlisted), and the waiting list ordered by
   time; reports p50/p95/max, then drops the database and writes the figures under
   "learning_registration" in bench/results.json (read–modify–write; the other keys are kept).
   Exits non-zero if any check fails.

Environment: BENCH_POSTGRES_URL, BENCH_REGISTRATION_EMPLOYEES (200), BENCH_REGISTRATION_QUOTA
(30), BENCH_REGISTRATION_CONNECTIONS (50), BENCH_REGISTRATION_PROCESSES (1; n = the people and the
connections split among n forked processes, like gunicorn workers), BENCH_REGISTRATION_KEEP (0; 1 = keep the database),
BENCH_REGISTRATION_DRY (0; 1 = do not write results.json), BENCH_REGISTRATION_SERIAL (40: registrations
measured one by one, before the burst, for the CPU one costs and the floor it sets).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/abdi_bench_registration"
KEY = "learning_registration"


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


# ------------------------------------------------------------------------------- the database
def admin_dsn(url: str) -> tuple[str, str]:
    """(a DSN of the server's 'postgres' database, the bench database's name)."""
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    # The bench drops this database: only a name that says it is a throw-away bench database.
    if not ((name.startswith("abdi_") and "bench" in name) or name.endswith("_burst")):
        raise SystemExit(
            f"refusing to drop {name!r}: the bench database must be abdi_bench* or *_burst"
        )
    admin = parts._replace(scheme="postgresql", path="/postgres")
    return urllib.parse.urlunsplit(admin), name


def recreate(url: str) -> None:
    import psycopg

    dsn, name = admin_dsn(url)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        template = os.environ.get("BENCH_REGISTRATION_TEMPLATE", "")
        if template:  # an already migrated, empty database: migrate then has nothing to do
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            conn.execute(f'CREATE DATABASE "{name}"')


def drop(url: str) -> None:
    import psycopg

    dsn, name = admin_dsn(url)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    # Notifications queue e-mail on commit; nobody here has an address, but keep the queue local.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def build_world(n: int, quota: int):
    """One OPD, n employees with logins, an open session (approval none, quota) — bulk inserts."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from abdi.accounts.models import User
    from abdi.core.models import EducationLevel, Rank
    from abdi.employees.models import Employee
    from abdi.employees.rules import build_pns_nip
    from abdi.learning.choices import ProgrammeCategory, ProgrammeMode, ProviderKind
    from abdi.learning.models import Programme, Provider, TrainingSession
    from abdi.org.models import Agency, OrgUnit

    today = timezone.localdate()
    agency = Agency.objects.create(code="BENCH", name="Pemerintah Provinsi Bench", region="Bench")
    root = OrgUnit.objects.add_root(
        {"agency": agency, "code": "PEMDA", "name": "Pemerintah Provinsi", "kind": "region"}
    )
    unit = OrgUnit.objects.add_child(
        root,
        {"agency": agency, "code": "BKPSDM", "name": "BKPSDM", "kind": "opd", "parent": root},
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        [User(username=f"bench{i:04d}", password=password) for i in range(n)]
    )
    rank = Rank.objects.get(code="III/a")
    education = EducationLevel.objects.get(code="S1")
    employees = []
    for i, user in enumerate(users):
        birth = dt.date(1975, 1, 1) + dt.timedelta(days=37 * i)
        tmt = dt.date(2005, 1, 1) + dt.timedelta(days=30 * (i % 150))
        employees.append(
            Employee(
                nip=build_pns_nip(birth, tmt, "m" if i % 2 else "f", i % 999 + 1),
                kind="pns",
                status="pns",
                name=f"Pegawai Uji {i:04d}",
                birth_date=birth,
                birth_place="Jambi",
                sex="m" if i % 2 else "f",
                tmt_cpns=tmt,
                tmt_pns=tmt + dt.timedelta(days=365),
                rank=rank,
                rank_effective_from=dt.date(2020, 4, 1),
                org_unit=unit,
                education_level=education,
                nik=f"1571{i:012d}",
                address="Jl. Uji 1",
                phone="081200000000",
                user=user,
            )
        )
    Employee.objects.bulk_create(employees)
    provider = Provider.objects.create(name="BKPSDM Bench", kind=ProviderKind.INTERNAL)
    programme = Programme.objects.create(
        code="BENCH-01",
        title="Webinar Pelayanan Publik",
        mode=ProgrammeMode.CLASSROOM,
        category=ProgrammeCategory.SEMINAR,
        provider=provider,
        jp=4,
    )
    session = TrainingSession.objects.create(
        programme=programme,
        name="Angkatan Bench",
        start_date=today + dt.timedelta(days=14),
        end_date=today + dt.timedelta(days=14),
        location="Aula",
        quota=quota,
        registration_opens=today - dt.timedelta(days=1),
        registration_closes=today + dt.timedelta(days=7),
        approval="none",
    )
    return session, list(Employee.objects.filter(org_unit=unit).values_list("pk", "user_id"))


# ------------------------------------------------------------------------------- the floor
def backend_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a PostgreSQL backend on this machine has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_per_registration(session_pk: int, people: list[tuple[int, int]], k: int) -> dict:
    """The CPU one registration costs, measured alone: `k` registrations one after the other
    into a copy of the session (same eligibility, seats then the waiting list), with this
    process's CPU time (the app) and the database backend's (read from /proc; the bench's
    PostgreSQL runs on this machine). No lock waits and no other request in this process, so
    on a busy machine the figure stays a cost, not a time. Whatever the locking, a burst of N
    cannot finish before N × (app + db) / cores: that is the floor of its latency."""
    from django.db import connection

    from abdi.accounts.models import User
    from abdi.learning.models import TrainingSession
    from abdi.learning.services import registration as svc

    copy = TrainingSession.objects.get(pk=session_pk)
    copy.pk = None
    copy.name = "Angkatan Pengukur"
    copy.save()
    users = {u.pk: u for u in User.objects.filter(pk__in=[u for _e, u in people[:k]])}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    app0, db0, wall0 = time.process_time(), backend_cpu_s(pid), time.perf_counter()
    for _employee, user_pk in people[:k]:
        session = TrainingSession.objects.get(pk=copy.pk)
        svc.registration_create(actor=users[user_pk], session=session)
    app_ms = (time.process_time() - app0) * 1000 / k
    db_ms = (backend_cpu_s(pid) - db0) * 1000 / k
    wall_ms = (time.perf_counter() - wall0) * 1000 / k
    connection.close()
    return {
        "registrations": k,
        "app_cpu_ms": round(app_ms, 1),
        "db_cpu_ms": round(db_ms, 1),
        "wall_ms": round(wall_ms, 1),
    }


def floor_s(cpu: dict, n: int, share: float) -> float:
    """The least time in which `share` of a burst of `n` can be done on this machine's cores."""
    per = (cpu["app_cpu_ms"] + cpu["db_cpu_ms"]) / 1000
    return round(share * n * per / (os.cpu_count() or 1), 2)


# ------------------------------------------------------------------------------- the burst
def warm_up() -> None:
    """What a running server has done before its first registration: the URLconf is loaded
    (every view module imported) when the first request is resolved. Left cold, the first
    registration of the burst loaded it while holding the session's row lock — 2–3 s on a busy
    machine that every other registration waited for."""
    from django.urls import reverse
    from django.utils import translation

    reverse("learning:approvals")
    translation.activate("id")
    translation.gettext("Kursi Anda di %(session)s terkonfirmasi.")


def run_threads(session_pk: int, people: list[tuple[int, int]], connections: int, go) -> list:
    """One thread per person, at most `connections` at a time; `go()` blocks until the start.
    Returns [(status or error, perf_counter at the commit, seconds the session's lock was held)]
    (perf_counter is the system's monotonic clock, comparable between processes)."""
    from django.db import connection, transaction

    from abdi.accounts.models import User
    from abdi.learning.models import TrainingSession
    from abdi.learning.services import registration as svc
    from abdi.learning.services.registration import seats

    barrier = threading.Barrier(len(people) + 1)
    slots = threading.BoundedSemaphore(connections)
    results: list[tuple] = [None] * len(people)
    # When each thread got the session's lock: the critical section is from there to the commit.
    # (The service's private helper is wrapped for the measurement only, and put back after.)
    taken = threading.local()
    lock_session = seats.lock_session

    def timed_lock(session):
        locked = lock_session(session)
        taken.at = time.perf_counter()
        # The first callback after the commit marks the lock's release: whatever the service
        # does after its commit (the notices, ADR 0066) holds no lock.
        transaction.on_commit(lambda: setattr(taken, "released", time.perf_counter()))
        return locked

    def worker(i: int, employee_pk: int, user_pk: int) -> None:
        try:
            barrier.wait(timeout=120)
        except threading.BrokenBarrierError:
            results[i] = ("error: barrier", time.perf_counter(), None)
            return
        taken.at = taken.released = None
        with slots:
            try:
                user = User.objects.get(pk=user_pk)
                session = TrainingSession.objects.get(pk=session_pk)
                registration = svc.registration_create(actor=user, session=session)
                outcome = registration.status
            except Exception as exc:  # noqa: BLE001 - every failure is counted and shown
                outcome = f"error: {type(exc).__name__}: {str(exc)[:120]}"
            finally:
                end = time.perf_counter()
                connection.close()
        released = taken.released or end
        results[i] = (outcome, end, released - taken.at if taken.at is not None else None)

    threads = [
        threading.Thread(target=worker, args=(i, e, u), daemon=True)
        for i, (e, u) in enumerate(people)
    ]
    seats.lock_session = timed_lock
    try:
        for t in threads:
            t.start()
        time.sleep(0.5)  # every thread waiting at the barrier
        go()
        barrier.wait(timeout=120)
        for t in threads:
            t.join(timeout=300)
    finally:
        seats.lock_session = lock_session
    return results


def _child(session_pk, people, connections, gate, queue) -> None:
    queue.put(run_threads(session_pk, people, connections, lambda: gate.wait(timeout=120)))


def burst(session_pk: int, people: list[tuple[int, int]], connections: int, processes: int):
    """Threads in this process, or (processes > 1) the people and the connections split among
    forked processes, each with its threads, as gunicorn's workers × threads serve a burst: the
    GIL of one process then no longer serialises the whole burst."""
    released = [0.0]

    def go() -> None:
        released[0] = time.perf_counter()

    if processes <= 1:
        results = run_threads(session_pk, people, connections, go)
    else:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")  # the children inherit django.setup()
        gate, queue = ctx.Barrier(processes + 1), ctx.Queue()
        children = [
            ctx.Process(
                target=_child,
                args=(
                    session_pk,
                    people[k::processes],
                    max(connections // processes, 1),
                    gate,
                    queue,
                ),
            )
            for k in range(processes)
        ]
        for child in children:
            child.start()
        gate.wait(timeout=120)
        go()
        results = [row for _ in children for row in queue.get(timeout=600)]
        for child in children:
            child.join(timeout=60)
    wall = max(end for _o, end, _h in results) - released[0]
    outcomes: dict[str, int] = {}
    for outcome, _end, _held in results:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    errors = [o for o, _, _ in results if o.startswith("error")]
    ok = [(end, held) for o, end, held in results if not o.startswith("error")]
    held_ms = [h * 1000 for _end, h in ok if h is not None]
    return {
        "processes": processes,
        "outcomes": outcomes,
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "latency": stats([(end - released[0]) * 1000 for end, _h in ok]),
        # How long each registration held the session's lock, and all of them together: the
        # part of the wall time during which the others could only wait.
        "lock_held": stats(held_ms),
        "lock_held_total_s": round(sum(held_ms) / 1000, 2),
        "wall_s": round(wall, 2),
        "registrations_per_s": round(len(people) / wall, 1) if wall else None,
    }


def verify(session_pk: int, n: int, quota: int) -> dict:
    from django.db.models import Count

    from abdi.learning.choices import RegistrationStatus as S
    from abdi.learning.models import Registration, RegistrationStep

    regs = Registration.objects.filter(session_id=session_pk)
    by_status = dict(regs.values_list("status").annotate(n=Count("pk")))
    per_employee = regs.values("employee_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    steps = RegistrationStep.objects.filter(registration__session_id=session_pk).count()
    waiting = list(
        regs.filter(status=S.WAITLISTED)
        .order_by("waitlisted_at", "pk")
        .values_list("pk", flat=True)
    )
    confirmed_times = list(regs.filter(status=S.CONFIRMED).values_list("confirmed_at", flat=True))
    first_waiting = regs.filter(status=S.WAITLISTED).order_by("waitlisted_at").first()
    checks = {
        "confirmed": by_status.get(S.CONFIRMED, 0),
        "waitlisted": by_status.get(S.WAITLISTED, 0),
        "other_statuses": {
            k: v for k, v in by_status.items() if k not in (S.CONFIRMED, S.WAITLISTED)
        },
        "employees_with_two_registrations": per_employee,
        "steps": steps,
        "waiting_list_length": len(waiting),
        # Every seat was taken before anyone was put on the waiting list.
        "seats_before_waiting": (
            first_waiting is None or all(t <= first_waiting.waitlisted_at for t in confirmed_times)
        ),
    }
    checks["ok"] = (
        checks["confirmed"] == min(quota, n)
        and checks["waitlisted"] == max(n - quota, 0)
        and not checks["other_statuses"]
        and per_employee == 0
        and steps == 2 * n
        and checks["seats_before_waiting"]
    )
    return checks


def main() -> int:
    url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_URL)
    n = env_int("BENCH_REGISTRATION_EMPLOYEES", 200)
    quota = env_int("BENCH_REGISTRATION_QUOTA", 30)
    pool = env_int("BENCH_REGISTRATION_CONNECTIONS", 50)
    processes = env_int("BENCH_REGISTRATION_PROCESSES", 1)
    print(
        f"registration burst: {n} employees, quota {quota}, ≤{pool} connections,"
        f" {processes} process(es), {url}"
    )
    load_before = [round(x, 2) for x in os.getloadavg()]
    recreate(url)
    try:
        setup_django(url)
        from django.core.management import call_command
        from django.db import connection

        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        session, people = build_world(n, quota)
        setup_s = round(time.perf_counter() - t0, 1)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("SHOW max_connections")
            max_connections = int(cursor.fetchone()[0])
        connection.close()
        warm_up()
        cpu = cpu_per_registration(session.pk, people, env_int("BENCH_REGISTRATION_SERIAL", 40))
        run = burst(session.pk, people, pool, processes)
        checks = verify(session.pk, n, quota)
        connection.close()
    finally:
        if os.environ.get("BENCH_REGISTRATION_KEEP") != "1":
            drop(url)
    ok = run["errors"] == 0 and checks["ok"]
    load_after = [round(x, 2) for x in os.getloadavg()]
    result = {
        "date": dt.date.today().isoformat(),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_avg_before": load_before,
            "load_avg": load_after,
        },
        "database": "postgresql",
        "postgres_max_connections": max_connections,
        "employees": n,
        "quota": quota,
        "connections": pool,
        "setup_s": setup_s,
        "cpu_per_registration": cpu,
        # On this machine's cores, no locking can finish 95 % of the burst (or all of it) sooner.
        "cpu_floor_p95_s": floor_s(cpu, n, 0.95),
        "cpu_floor_all_s": floor_s(cpu, n, 1.0),
        **run,
        "verification": checks,
        "ok": ok,
    }
    print(json.dumps(result, indent=2, default=str))
    if os.environ.get("BENCH_REGISTRATION_DRY") != "1":
        data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        data[KEY] = result
        RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
        print(f"written under {KEY!r} in {RESULTS}")
    if not ok:
        print("FAILED: expected exactly", quota, "confirmed,", n - quota, "waitlisted, no error")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
