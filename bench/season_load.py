#!/usr/bin/env python
"""The evaluation-season load test: locust (headless) against gunicorn + PostgreSQL + Redis +
db_worker, on a demo province already seeded in SEASON_DB_URL.

    .venv/bin/python bench/season_load.py --users 300 --ramp 60 --hold 300       # the target run
    .venv/bin/python bench/season_load.py --users 60 --ramp 10 --hold 30         # a quick look
    .venv/bin/python bench/season_load.py --servers 2 ...                        # two servers

Before: seed once (slow) into the database named by SEASON_DB_URL
(default postgres://postgres@127.0.0.1:5432/abdi_season), e.g.
`DATABASE_URL=… manage.py migrate && manage.py seed_demo --employees 60000 --seed 42`; each run
reuses it. The bench tools (locust, matplotlib, py-spy) live in their own virtualenv .venv-bench
(`make bench-tools`, from requirements-bench.lock): locust registers a pytest plugin and gevent,
which must stay out of the application's environment.

What one run does, only on 127.0.0.1:
1. `prepare` (in-process Django): picks employees with an approved SKP and indicators in the open
   quarter, appraisers with team members not yet rated that quarter (unit heads left out: their
   rating comes from the unit's predikat), BKPSDM admins, an open public survey and active units;
   gives the chosen accounts the bench password (one hash, set in bulk) and writes the plan;
   records the row counts before the run.
2. starts N gunicorn servers (2 workers × 4 threads, --no-control-socket) on their own ports and
   N `db_worker`s, all with CACHE_URL=Redis (SEASON_CACHE_URL) and ABDI_TRUSTED_PROXIES=1 (as
   behind one reverse proxy: each simulated citizen has its own X-Forwarded-For address, so the
   public rate limits run at their real setting);
3. runs locust headless (bench/season_locustfile.py): --users over --ramp seconds, then --hold
   seconds; every request's start, kind, time and outcome is logged, and every accepted write with
   the identifier the server answered;
4. samples CPU per process (gunicorn workers, db_workers, the PostgreSQL backends of this
   database, locust) and the load average every second;
5. `verify` (in-process Django): every accepted write is in the database exactly once (tracking
   codes, evaluation ids, survey answers by their unique text; each realisation post is one
   history row of each of its indicators, and the last value posted is the one stored), the table
   counts grew by exactly the accepted writes, and every task enqueued during the run ran exactly
   once (django-tasks' worker_ids);
6. with two servers: the complaint throttle counts across both (12 from one address, alternating:
   10 accepted, 2 refused), a session opened on one is honoured by the other;
7. writes bench/results.json under "season" (or "season_two_servers"), draws
   bench/season.png (or season_two_servers.png): throughput and p95 over time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import season_lib  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
BIN = Path(sys.executable).parent
BENCH_BIN = ROOT / ".venv-bench" / "bin"
WORK = ROOT / "var" / "season"
HOST = "127.0.0.1"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/abdi_season"
DEFAULT_CACHE = "redis://127.0.0.1:6379/7"
PASSWORD = "musim-penilaian-2026"
TARGETS = {"writes_per_s": 200, "p95_ms": 300, "errors": 0}


def django_env(db_url: str, cache_url: str, extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": db_url,
            "CACHE_URL": cache_url,
            "DJANGO_DEBUG": "0",
            "ABDI_TRUSTED_PROXIES": "1",
            "DJANGO_MEDIA_ROOT": str(WORK / "media"),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.setdefault(
        "DJANGO_SECRET_KEY", "season-bench-key-" + "x7Jq9" * 10
    )  # a local bench server only
    env.update(extra or {})
    return env


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


# ------------------------------------------------------------------------------ prepare
def prepare(out: Path, employees: int, supervisors: int) -> None:
    setup_django()
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.db.models import Count, Exists, OuterRef
    from django.utils import timezone

    from abdi.accounts.models import RoleAssignment, User
    from abdi.employees.models import Employee
    from abdi.feedback.models import Complaint, SatisfactionSurvey, SurveyResponse
    from abdi.org.models import OrgUnit
    from abdi.performance.models import SKP, Evaluation, Indicator, PerformancePeriod

    today = timezone.localdate()
    period = (
        PerformancePeriod.objects.filter(
            is_closed=False, kind="quarter", start__lte=today, end__gte=today
        ).first()
        or PerformancePeriod.objects.filter(is_closed=False, kind="quarter")
        .order_by("-start")
        .first()
    )
    if period is None:
        sys.exit("no open quarter: seed the demo first")
    approved = SKP.objects.filter(performance_year_id=period.performance_year_id, status="approved")
    # Employees: an approved SKP with indicators, a user account (or one made for the bench).
    rows = list(
        approved.annotate(n=Count("work_results__indicators"))
        .filter(n__gt=0, n__lte=8)
        .order_by("pk")
        .values_list("pk", "employee_id")[: employees * 3]
    )[::3][:employees]
    skp_ids = [r[0] for r in rows]
    indicators: dict[int, list[int]] = {}
    for ind, skp in Indicator.objects.filter(work_result__skp_id__in=skp_ids).values_list(
        "pk", "work_result__skp_id"
    ):
        indicators.setdefault(skp, []).append(ind)
    # Appraisers with team members not yet rated this quarter (not unit heads).
    rated = Evaluation.objects.filter(skp__employee_id=OuterRef("employee_id"), period=period)
    queue_rows = (
        approved.filter(appraiser__isnull=False)
        .exclude(position__is_unit_head=True)
        .exclude(pk__in=skp_ids)
        .annotate(done=Exists(rated))
        .filter(done=False)
        .values_list("appraiser_id", "pk")
    )
    queues: dict[int, list[int]] = {}
    for appraiser, skp in queue_rows:
        queues.setdefault(appraiser, []).append(skp)
    # Ordinary teams (3–60 to rate), not the few appraisers of a thousand (their monitor is
    # measured by bench/perf_bench.py): the season is mostly small teams.
    ordinary = [a for a in queues if 3 <= len(queues[a]) <= 60]
    chosen_appraisers = sorted(ordinary, key=lambda a: -len(queues[a]))[:supervisors]
    # Accounts: every chosen person gets a user (if they have none) with the bench password.
    people = {e for _s, e in rows} | set(chosen_appraisers)
    hashed = make_password(PASSWORD)
    with_user = dict(
        Employee.objects.filter(pk__in=people, user__isnull=False).values_list("pk", "user_id")
    )
    for emp in Employee.objects.filter(pk__in=people - set(with_user)).only("pk", "nip"):
        user = User.objects.create(username=f"season.{emp.nip}", password=hashed)
        Employee.objects.filter(pk=emp.pk).update(user=user)
        with_user[emp.pk] = user.pk
    User.objects.filter(pk__in=with_user.values()).update(password=hashed, is_active=True)
    usernames = dict(User.objects.filter(pk__in=with_user.values()).values_list("pk", "username"))
    admin_ids = list(
        RoleAssignment.objects.filter(role="bkpsdm_admin").values_list("user_id", flat=True)[:5]
    )
    User.objects.filter(pk__in=admin_ids).update(password=hashed, is_active=True)
    admins = list(User.objects.filter(pk__in=admin_ids).values_list("username", flat=True))
    survey = SatisfactionSurvey.objects.filter(is_open=True).order_by("pk").first()
    if survey is None:
        sys.exit("no open public survey in the demo")
    SatisfactionSurvey.objects.filter(pk=survey.pk).update(period_end=today + dt.timedelta(days=30))
    units = list(OrgUnit.objects.filter(is_active=True).values_list("pk", flat=True)[:200])
    with connection.cursor() as cur:
        cur.execute("SELECT current_database()")
        database = cur.fetchone()[0]
    plan = {
        "database": database,
        "period": period.code,
        "password": PASSWORD,
        "employees": [
            {"username": usernames[with_user[e]], "skp": s, "indicators": indicators[s]}
            for s, e in rows
            if indicators.get(s)
        ],
        "supervisors": [
            {"username": usernames[with_user[a]], "skps": queues[a]} for a in chosen_appraisers
        ],
        "admins": admins,
        "survey": survey.code,
        "units": units,
        "counts_before": {
            "complaints": Complaint.objects.count(),
            "survey_responses": SurveyResponse.objects.filter(survey=survey).count(),
            "evaluations": Evaluation.objects.count(),
        },
        "prepared_at": timezone.now().isoformat(),
    }
    out.write_text(json.dumps(plan))
    print(
        f"plan: {len(plan['employees'])} employees, {len(plan['supervisors'])} supervisors "
        f"({sum(len(s['skps']) for s in plan['supervisors'])} to rate), {len(admins)} admins, "
        f"period {period.code}"
    )


# ------------------------------------------------------------------------------ tasks
def enqueue(plan_path: Path, n: int) -> None:
    """N notification e-mails (one notification each, to a bench user given an address), queued
    while the workers run: each must be run by exactly one of them."""
    setup_django()
    from django.db import transaction

    from abdi.accounts.models import User
    from abdi.core.notifications import notify

    plan = json.loads(plan_path.read_text())
    user = User.objects.get(username=plan["employees"][0]["username"])
    User.objects.filter(pk=user.pk).update(email="season.bench@example.invalid")
    user.refresh_from_db()
    for i in range(n):
        with transaction.atomic():  # enqueued on commit, as in a request
            notify(user=user, verb="bench", message=f"Uji antrean {i + 1}")


def drained(db_url: str, started: str, seconds: int) -> bool:
    """Waits until no task enqueued since `started` is waiting or running."""
    deadline = time.time() + seconds
    name = db_url.rsplit("/", 1)[1]
    while time.time() < deadline:
        out = subprocess.run(
            ["psql", "-h", HOST, "-U", "postgres", "-d", name, "-qAtc",
             "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN "
             f"('READY', 'RUNNING') AND enqueued_at >= '{started}'"],
            capture_output=True, text=True, check=False,
        ).stdout.strip()  # fmt: skip
        if out == "0":
            return True
        time.sleep(2)
    return False


# ------------------------------------------------------------------------------ verify
def verify(plan_path: Path, writes_path: Path, out: Path) -> None:
    setup_django()
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from abdi.feedback.models import Complaint, SatisfactionSurvey, SurveyResponse
    from abdi.performance.models import Evaluation, Realisation

    plan = json.loads(plan_path.read_text())
    started = dt.datetime.fromisoformat(plan["started_at"])
    writes = [json.loads(line) for line in writes_path.read_text().splitlines() if line.strip()]
    by_kind: dict[str, list[dict]] = {}
    for w in writes:
        by_kind.setdefault(w["kind"], []).append(w)
    result: dict = {}
    # complaints: by tracking code
    codes = [w["code"] for w in by_kind.get("complaint", [])]
    stored = Complaint.objects.filter(tracking_code__in=codes).values_list(
        "tracking_code", flat=True
    )
    result["complaint"] = season_lib.exactly_once(codes, stored)
    result["complaint"]["table_growth"] = (
        Complaint.objects.count() - plan["counts_before"]["complaints"]
    )
    # survey answers: by the unique text each answer carried
    survey = SatisfactionSurvey.objects.get(code=plan["survey"])
    tokens = [w["token"] for w in by_kind.get("survey", [])]
    stored = SurveyResponse.objects.filter(survey=survey, suggestion__in=tokens).values_list(
        "suggestion", flat=True
    )
    result["survey"] = season_lib.exactly_once(tokens, stored)
    result["survey"]["table_growth"] = (
        SurveyResponse.objects.filter(survey=survey).count()
        - plan["counts_before"]["survey_responses"]
    )
    # evaluations: by the id in the redirect, and one per SKP and period
    evals = by_kind.get("evaluation", [])
    stored = Evaluation.objects.filter(pk__in=[w["pk"] for w in evals]).values_list("pk", "skp_id")
    result["evaluation"] = season_lib.exactly_once(
        [f"{w['pk']}:{w['skp']}" for w in evals], [f"{pk}:{skp}" for pk, skp in stored]
    )
    result["evaluation"]["table_growth"] = (
        Evaluation.objects.count() - plan["counts_before"]["evaluations"]
    )
    # realisations: each accepted post is one history row per indicator, the last value stays
    posts = by_kind.get("realisation", [])
    accepted = [f"{ind}" for w in posts for ind in w["values"]]
    history = Realisation.history.filter(
        period__code=plan["period"], history_date__gte=started, indicator_id__in={
            int(i) for i in accepted
        },
    ).values_list("indicator_id", flat=True)  # fmt: skip
    # Several posts of one indicator are several accepted writes of the same key: compare counts.
    want: dict[str, int] = {}
    for key in accepted:
        want[key] = want.get(key, 0) + 1
    have: dict[str, int] = {}
    for ind in history:
        have[str(ind)] = have.get(str(ind), 0) + 1
    last: dict[str, str] = {}
    for w in posts:
        last.update(w["values"])
    values = dict(
        Realisation.objects.filter(
            period__code=plan["period"], indicator_id__in=[int(k) for k in last]
        ).values_list("indicator_id", "value")
    )
    wrong = [k for k, v in last.items() if f"{values.get(int(k), 0):.2f}" != v]
    # A post the client gave up on (timeout) may still have been committed by the server: its
    # history rows come on top. Never fewer rows than accepted posts: that would be a lost write.
    result["realisation"] = {
        "accepted_posts": len(posts),
        "accepted_indicator_writes": len(accepted),
        "history_rows": sum(have.values()),
        "indicators_with_fewer_rows_than_accepted": sum(
            1 for k in want if have.get(k, 0) < want[k]
        ),
        "indicators_with_rows_from_unanswered_posts": sum(
            1 for k in want if have.get(k, 0) > want[k]
        ),
        "last_value_differs": len(wrong),
        "ok": all(have.get(k, 0) >= n for k, n in want.items()),
    }
    # tasks enqueued during the run: each finished, by exactly one worker
    tasks = DBTaskResult.objects.filter(enqueued_at__gte=started)
    statuses = dict(tasks.values_list("status").annotate(n=Count("id")))
    runs = [len(ids) for ids in tasks.values_list("worker_ids", flat=True)]
    per_worker: dict[str, int] = {}
    for ids in tasks.values_list("worker_ids", flat=True):
        for wid in ids:
            per_worker[wid] = per_worker.get(wid, 0) + 1
    result["tasks"] = {
        "enqueued": len(runs),
        "statuses": statuses,
        "run_once": sum(1 for n in runs if n == 1),
        "run_more_than_once": sum(1 for n in runs if n > 1),
        "not_run": sum(1 for n in runs if n == 0),
        "per_worker": sorted(per_worker.values(), reverse=True),
        "ok": all(n == 1 for n in runs),
    }
    # Rows beyond the accepted ones are requests the client gave up on (a timeout: no answer, so
    # not counted as accepted) that the server still committed — stored once, never answered.
    for k in ("complaint", "survey", "evaluation"):
        result[k]["stored_without_answer"] = result[k]["table_growth"] - result[k]["accepted"]
    result["ok"] = all(
        v.get("ok") for k, v in result.items() if isinstance(v, dict) and k != "tasks"
    ) and all(
        result[k]["stored_without_answer"] >= 0 for k in ("complaint", "survey", "evaluation")
    )
    out.write_text(json.dumps(result))


# ------------------------------------------------------------------------------ processes
def wait_http(port: int, proc: subprocess.Popen, seconds: int = 90) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn on {port} exited ({proc.returncode})")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn on {port} did not answer")


def start(cmd: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def postgres_pids(database: str) -> list[int]:
    out = subprocess.run(
        ["psql", "-h", HOST, "-U", "postgres", "-d", "postgres", "-qAtc",
         f"SELECT pid FROM pg_stat_activity WHERE datname = '{database}'"],
        capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    return [int(p) for p in out.split()]


class Sampler(threading.Thread):
    """Every second: CPU ticks of each watched process group, and the load average."""

    def __init__(self, groups, database: str):
        super().__init__(daemon=True)
        self.groups = groups  # name -> callable returning pids
        self.database = database
        self.samples: list[dict] = []
        self.stopped = threading.Event()

    def snapshot(self) -> dict:
        ticks: dict[str, dict[int, int]] = {}
        for name, pids in self.groups.items():
            ticks[name] = {}
            for pid in pids():
                t = season_lib.cpu_ticks(pid)
                if t is not None:
                    ticks[name][pid] = t
        return {"t": time.time(), "load": os.getloadavg()[0], "ticks": ticks}

    def run(self) -> None:
        while not self.stopped.is_set():
            self.samples.append(self.snapshot())
            self.stopped.wait(1.0)

    def cpu(self, start: float, end: float) -> dict:
        inside = [s for s in self.samples if start <= s["t"] <= end]
        if len(inside) < 2:
            return {}
        first, last = inside[0], inside[-1]
        span = last["t"] - first["t"]
        out = {}
        for name in self.groups:
            seconds = season_lib.cpu_seconds(first["ticks"][name], last["ticks"][name])
            out[name] = {
                "cpu_s": round(seconds, 1),
                "cores": round(seconds / span, 2),
                "processes": len(last["ticks"][name]),
            }
        loads = [s["load"] for s in inside]
        out["load_average_1m"] = {"min": min(loads), "max": max(loads), "mean": round(
            sum(loads) / len(loads), 2)}  # fmt: skip
        return out


def run_locust(
    plan: Path, hosts: list[str], users: int, ramp: int, hold: int, tag: str, think: float
) -> dict:
    writes = WORK / f"writes-{tag}.jsonl"
    requests = WORK / f"requests-{tag}.jsonl"
    env = dict(os.environ)
    env.update(
        {
            "SEASON_PLAN": str(plan),
            "SEASON_HOSTS": ",".join(hosts),
            "SEASON_WRITES": str(writes),
            "SEASON_REQUESTS": str(requests),
            "SEASON_THINK": str(think),
        }
    )
    spawn_rate = max(1.0, users / max(ramp, 1))
    cmd = [
        str(BENCH_BIN / "locust"), "-f", str(ROOT / "bench" / "season_locustfile.py"),
        "--headless", "--users", str(users), "--spawn-rate", f"{spawn_rate:.2f}",
        "--run-time", f"{ramp + hold}s", "--stop-timeout", "20", "--only-summary",
        "--loglevel", "WARNING", "--exit-code-on-error", "0",
    ]  # fmt: skip
    log = WORK / f"locust-{tag}.log"
    proc = start(cmd, env, log)
    return {"proc": proc, "writes": writes, "requests": requests, "log": log}


# ------------------------------------------------------------------------------ two-server proofs
def throttle_across(ports: list[int], unit: int) -> dict:
    """Twelve complaints from one address, alternating servers: the default limit (10 an hour)
    lets ten through in all, not ten per server."""
    address = f"10.255.{os.getpid() % 250}.{int(time.time()) % 250}"
    statuses: list[int] = []
    codes: list[str] = []
    for i in range(12):
        conn = http.client.HTTPConnection(HOST, ports[i % len(ports)], timeout=30)
        body = json.dumps(
            {
                "kind": "complaint",
                "title": f"Uji batas {i}",
                "description": "Uji batas alamat.",
                "org_unit": unit,
                "is_anonymous": True,
            }
        )
        conn.request(
            "POST", "/api/v1/public/complaints/", body,
            {"Content-Type": "application/json", "X-Forwarded-For": address},
        )  # fmt: skip
        response = conn.getresponse()
        statuses.append(response.status)
        payload = response.read()
        if response.status == 201:
            codes.append(json.loads(payload)["tracking_code"])
        conn.close()
    return {
        "address_requests": len(statuses),
        "statuses": statuses,
        "accepted": statuses.count(201),
        "refused_429": statuses.count(429),
        "codes": codes,
        "ok": statuses.count(201) == 10 and statuses.count(429) == 2,
    }


def session_across(ports: list[int], username: str) -> dict:
    """Log in on the first server, then use the session on the second."""
    conn = http.client.HTTPConnection(HOST, ports[0], timeout=30)
    conn.request("GET", "/accounts/login/")
    r = conn.getresponse()
    page = r.read().decode()
    cookies = {}
    for header, value in r.getheaders():
        if header.lower() == "set-cookie":
            name, _eq, rest = value.partition("=")
            cookies[name] = rest.split(";", 1)[0]
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
    )
    conn.request(
        "POST", "/accounts/login/", body,
        {"Content-Type": "application/x-www-form-urlencoded",
         "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
    )  # fmt: skip
    r = conn.getresponse()
    r.read()
    login_status = r.status
    for header, value in r.getheaders():
        if header.lower() == "set-cookie":
            name, _eq, rest = value.partition("=")
            cookies[name] = rest.split(";", 1)[0]
    other = http.client.HTTPConnection(HOST, ports[-1], timeout=30)
    other.request(
        "GET", "/performance/skp/", headers={"Cookie": f"sessionid={cookies.get('sessionid', '')}"}
    )
    r2 = other.getresponse()
    r2.read()
    return {
        "login_on": ports[0],
        "login_status": login_status,
        "used_on": ports[-1],
        "status_on_other": r2.status,
        "ok": login_status == 302 and r2.status == 200,
    }


# ------------------------------------------------------------------------------ main run
def main(args) -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "media").mkdir(exist_ok=True)
    if not (BENCH_BIN / "locust").exists():
        sys.exit("bench tools missing: run `make bench-tools` (locust, matplotlib in .venv-bench)")
    tag = "two_servers" if args.servers == 2 else "one_server"
    cache_url = f"{args.cache_url}?key_prefix=season{int(time.time())}"
    env = django_env(args.db_url, cache_url)
    before = season_lib.context(ROOT)
    static_root = Path(env.get("DJANGO_STATIC_ROOT", ROOT / "var" / "staticfiles"))
    if args.collectstatic or not (static_root / "staticfiles.json").exists():
        subprocess.run(
            [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
    plan = WORK / f"plan-{tag}.json"
    subprocess.run(
        [str(BIN / "python"), __file__, "prepare", str(plan), str(args.employees),
         str(args.supervisors)],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    data = json.loads(plan.read_text())
    ports = [args.port + i for i in range(args.servers)]
    servers, workers = [], []
    try:
        for port in ports:
            servers.append(
                start(
                    [
                        str(BIN / "gunicorn"),
                        "config.wsgi",
                        "--bind",
                        f"{HOST}:{port}",
                        "--workers",
                        str(args.workers),
                        "--threads",
                        str(args.threads),
                        "--no-control-socket",
                        "--log-level",
                        "warning",
                        "--timeout",
                        "60",
                    ],
                    env,
                    WORK / f"gunicorn-{port}.log",
                )  # fmt: skip
            )
        for i in range(args.servers):
            workers.append(
                start(
                    [
                        str(BIN / "python"),
                        "manage.py",
                        "db_worker",
                        "--interval",
                        "0.2",
                        "--no-reload",
                        "--worker-id",
                        f"season-worker-{i + 1}",
                    ],
                    env,
                    WORK / f"db_worker-{i + 1}.log",
                )  # fmt: skip
            )
        for port, proc in zip(ports, servers, strict=True):
            wait_http(port, proc)
        data["started_at"] = dt.datetime.now(dt.UTC).isoformat()
        plan.write_text(json.dumps(data))
        locust: dict = {}
        groups = {
            "gunicorn_workers": lambda: [c for s in servers for c in season_lib.children(s.pid)],
            "gunicorn_arbiters": lambda: [s.pid for s in servers],
            "db_workers": lambda: [w.pid for w in workers],
            "postgres": lambda: sampler_pg(),
            "locust": lambda: [locust["proc"].pid] if "proc" in locust else [],
        }
        pg_cache: dict = {"t": 0.0, "pids": []}

        def sampler_pg() -> list[int]:
            if time.time() - pg_cache["t"] > 5:
                pg_cache["pids"], pg_cache["t"] = postgres_pids(data["database"]), time.time()
            return pg_cache["pids"]

        sampler = Sampler(groups, data["database"])
        sampler.start()
        t0 = time.time()
        locust.update(run_locust(plan, [f"http://{HOST}:{p}" for p in ports], args.users,
                                 args.ramp, args.hold, tag, args.think))  # fmt: skip
        locust["proc"].wait(timeout=args.ramp + args.hold + 120)
        t_end = time.time()
        proofs = {}
        if args.servers == 2:
            proofs["throttle_across_servers"] = throttle_across(ports, data["units"][0])
            # its accepted complaints are accepted writes too (the exactly-once check counts them)
            with locust["writes"].open("a") as fh:
                for code in proofs["throttle_across_servers"]["codes"]:
                    fh.write(json.dumps({"kind": "complaint", "code": code}) + "\n")
            proofs["session_across_servers"] = session_across(
                ports, data["employees"][-1]["username"]
            )
        # tasks for the workers (the demo's users have no e-mail, so the load itself queues few)
        subprocess.run(
            [str(BIN / "python"), __file__, "enqueue", str(plan), str(args.tasks)],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        # let the workers drain the queue before the task check
        time.sleep(args.drain)
        proofs_drained = drained(args.db_url, data["started_at"], 180)
        sampler.stopped.set()
        sampler.join()
    finally:
        for p in servers + workers:
            stop(p)
    rows = [json.loads(line) for line in locust["requests"].read_text().splitlines() if line]
    hold_start = t0 + args.ramp + args.settle
    figures = season_lib.summarize(rows, hold_start, t_end)
    ramp_series = season_lib.summarize(rows, t0, t_end)["series"]
    check_path = WORK / f"check-{tag}.json"
    subprocess.run(
        [str(BIN / "python"), __file__, "verify", str(plan), str(locust["writes"]),
         str(check_path)],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    check = json.loads(check_path.read_text())
    check["tasks"]["queue_drained_before_check"] = proofs_drained
    logins = [r for r in rows if r["name"] == "login"]
    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "database": "postgresql",
        "employees": args.employees_seeded,
        "setup": (
            f"{args.servers} × gunicorn config.wsgi --workers {args.workers} --threads "
            f"{args.threads} --no-control-socket; {args.servers} × db_worker; CACHE_URL=Redis; "
            "ABDI_TRUSTED_PROXIES=1 (one address per simulated citizen); locust FastHttpUser, "
            "one process on the same machine"
        ),
        "load": {
            "users": args.users,
            "think_time_multiplier": args.think,
            "ramp_s": args.ramp,
            "hold_s": args.hold,
            "mix": "employee 6 (login; my SKP 1, realisation with evidence PDF 3), supervisor 2 "
            "(login; team monitor 2, its refresh 1, rate 2), BKPSDM 1 (login; unit monitor 3, "
            "insights, performance home, complaint inbox 1 each), citizen 3 (complaint 2, "
            "survey answer 1)",
            "period": data["period"],
            "logins_total": len(logins),
        },
        "targets": TARGETS,
        "figures": {k: v for k, v in figures.items() if k != "series"},
        "series_all_run": ramp_series,
        "cpu_hold": sampler.cpu(hold_start, t_end),
        "exactly_once": check,
        "proofs": proofs,
    }
    key = "season_two_servers" if args.servers == 2 else "season"
    if not args.dry:
        results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        results[key] = result
        RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
        subprocess.run(
            [str(BENCH_BIN / "python"), str(ROOT / "bench" / "season_chart.py"), key,
             str(ROOT / "bench" / f"{key}.png")],
            cwd=ROOT, check=False,
        )  # fmt: skip
    (WORK / f"result-{tag}.json").write_text(json.dumps(result, indent=2, default=str))
    print(season_table(result))
    return 0


def season_table(result: dict) -> str:
    f = result["figures"]
    rows = [
        ("accepted writes/s (hold)", f["writes_per_s"], "/s", TARGETS["writes_per_s"], "higher"),
        ("p95 of all requests (hold)", f["all"]["p95_ms"], "ms", TARGETS["p95_ms"], "lower"),
        ("errors (hold)", f["errors"], "", TARGETS["errors"], "lower"),
    ]
    for name, k in sorted(f["kinds"].items()):
        rows.append((f"  p95 {name}", k["p95_ms"], "ms", TARGETS["p95_ms"], "lower"))
    rows.append(
        ("exactly once (1 = yes)", 1 if result["exactly_once"].get("ok") else 0, "", 1, "higher")
    )
    return season_lib.table(rows)


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        prepare(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1:2] == ["enqueue"]:
        enqueue(Path(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1:2] == ["verify"]:
        verify(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        p = argparse.ArgumentParser(description="The evaluation-season load test.")
        p.add_argument("--servers", type=int, default=1, choices=[1, 2])
        p.add_argument("--users", type=int, default=300)
        p.add_argument("--ramp", type=int, default=60)
        p.add_argument("--hold", type=int, default=300)
        p.add_argument("--settle", type=int, default=10, help="seconds after the ramp not counted")
        p.add_argument("--drain", type=int, default=10)
        p.add_argument("--tasks", type=int, default=60, help="notification e-mails queued")
        p.add_argument("--think", type=float, default=1.0, help="think-time multiplier")
        p.add_argument("--workers", type=int, default=2)
        p.add_argument("--threads", type=int, default=4)
        p.add_argument("--port", type=int, default=8941)
        p.add_argument("--employees", type=int, default=3000, help="employees in the plan")
        p.add_argument("--supervisors", type=int, default=400)
        p.add_argument("--employees-seeded", type=int, default=60000)
        p.add_argument("--db-url", default=os.environ.get("SEASON_DB_URL", DEFAULT_DB))
        p.add_argument("--cache-url", default=os.environ.get("SEASON_CACHE_URL", DEFAULT_CACHE))
        p.add_argument("--dry", action="store_true", help="do not write results.json")
        p.add_argument(
            "--collectstatic", action="store_true", help="collect static files even if collected"
        )
        sys.exit(main(p.parse_args()))
