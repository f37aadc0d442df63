#!/usr/bin/env python
"""Careers eligibility bench (issue 10, speed): on a PostgreSQL copy of the 100,000-employee
demo (`abdi_big`; never written to — copy it first):

    createdb -h 127.0.0.1 -U postgres -T abdi_big abdi_big_careers
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/abdi_big_careers \\
        .venv/bin/python bench/careers_eligibility_bench.py

1. `migrate` (this branch's migrations, on the copy), ANALYZE.
2. Everyone's eligibility for one selection in the worker's function
   (`eligibility_evaluate_all`, target ≤ 10 s): the demo's open JPT selection, or one created
   for the largest OPD's head post when there is none. Run BENCH_ELIG_RUNS (2) times; with
   BENCH_PROFILE=1 the first run is profiled (cProfile, top 25 by cumulative time printed).
3. One employee's eligibility page, p50/p95/max and queries (target p95 ≤ 150 ms): the API
   `/api/v1/employees/{nip}/eligibility/?selection={id}` as BKPSDM for BENCH_REPEAT (30)
   different employees, and "Seleksi terbuka untuk saya" (`/karier/seleksi/saya/`) as `pegawai`.
4. The due lists at this size (the existing due bench's figures are at 10,000): the API of each
   kind agency-wide and filtered by the largest OPD, first page.

Every figure is written with the load average at the time (the machine is shared), to
bench/results.json under "careers_eligibility" (other keys kept). BENCH_DRY=1: print only.
BENCH_PARTS (default "eligibility,page,due") runs some parts only; their figures are merged into
the key's existing ones, the eligibility runs under "eligibility_all_<BENCH_LABEL>" when a label
is given (e.g. a second measurement after a change). BENCH_SUBKEY (e.g. "at_20k"): the figures
go under "careers_eligibility" → that key, merged, for a database of another size (any
PostgreSQL database but `abdi_big` itself, e.g. one seeded with `seed_demo --employees 20000`)."""

from __future__ import annotations

import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
KINDS = ("kp", "kgb", "bup", "satyalancana")


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def stats(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered) + 0.5)) - 1)]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(ordered[-1], 1),
        "load_avg": load(),
    }


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if "abdi_big" in url and url.rstrip("/").endswith("/abdi_big"):
        sys.exit("Refusing to write to abdi_big: copy it (createdb -T abdi_big …) first.")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL copy of abdi_big.")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from abdi.accounts.models import User
    from abdi.careers.models import Selection, SelectionState
    from abdi.careers.services.selection.eligibility import eligibility_evaluate_all
    from abdi.employees.models import Employee
    from abdi.org.models import OrgUnit

    settings.ALLOWED_HOSTS = ["*"]
    # Pages render without collectstatic's manifest (the bench measures views, not assets).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    repeat = int(os.environ.get("BENCH_REPEAT", 30))
    admin = User.objects.get(username="admin")
    active = Employee.objects.filter(is_active=True).count()
    result: dict = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": f"postgresql ({settings.DATABASES['default']['NAME']})",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "employees": Employee.objects.count(),
        "active_employees": active,
        "targets": {"eligibility_all_s": 10, "eligibility_page_p95_ms": 150, "due_p95_ms": 150},
    }

    selection = (
        Selection.objects.filter(state=SelectionState.OPEN, kind="open_jpt").order_by("pk").first()
        or Selection.objects.filter(state=SelectionState.OPEN).order_by("pk").first()
    )
    assert selection is not None, "the demo has an open selection"
    result["selection"] = {
        "title": selection.title,
        "requirements": list(selection.requirements.values_list("rule", flat=True)),
        "target_posts": selection.positions.count(),
    }
    print("selection:", result["selection"], flush=True)

    parts = set(os.environ.get("BENCH_PARTS", "eligibility,page,due").split(","))
    label = os.environ.get("BENCH_LABEL", "")

    # 2. everyone's eligibility, the worker's function
    runs = []
    for i in range(int(os.environ.get("BENCH_ELIG_RUNS", 2)) if "eligibility" in parts else 0):
        count = [0]

        def counter(execute, sql, params, many, context, count=count):
            count[0] += 1
            return execute(sql, params, many, context)

        profile = cProfile.Profile() if i == 0 and os.environ.get("BENCH_PROFILE") else None
        before = load()
        with connection.execute_wrapper(counter):
            t0 = time.perf_counter()
            if profile:
                profile.enable()
            run = eligibility_evaluate_all(selection_id=selection.pk)
            if profile:
                profile.disable()
            seconds = time.perf_counter() - t0
        runs.append(
            {
                "seconds": round(seconds, 2),
                "queries": count[0],
                "evaluated": run.evaluated,
                "eligible": run.eligible,
                "profiled": bool(profile),
                "load_avg_before": before,
                "load_avg_after": load(),
            }
        )
        print("eligibility run", runs[-1], flush=True)
        if profile:
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue(), flush=True)
    if runs:
        result[f"eligibility_all_{label}" if label else "eligibility_all"] = runs

    # 3. one employee's eligibility
    def timed(label: str, user, urls: list[str]) -> dict:
        client = Client()
        client.force_login(user)
        for u in urls[:2]:
            response = client.get(u)
            assert response.status_code == 200, (u, response.status_code)
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        samples, queries = [], []
        for u in (urls * repeat)[:repeat]:
            count[0] = 0
            with connection.execute_wrapper(counter):
                t0 = time.perf_counter()
                response = client.get(u)
                samples.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (u, response.status_code)
            queries.append(count[0])
        figures = {**stats(samples), "queries_max": max(queries)}
        print(label, figures, flush=True)
        return figures

    if "page" not in parts and "due" not in parts:
        return _write(result, partial=parts != {"eligibility", "page", "due"})
    step = max(1, active // repeat)
    nips = list(
        Employee.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("nip", flat=True)[::step][:repeat]
    )
    result["eligibility_page"] = (
        {}
        if "page" not in parts
        else {
            "api one employee (BKPSDM)": timed(
                "api eligibility",
                admin,
                [f"/api/v1/employees/{nip}/eligibility/?selection={selection.pk}" for nip in nips],
            ),
            "page open selections for me (pegawai)": timed(
                "my selections", User.objects.get(username="pegawai"), ["/karier/seleksi/saya/"]
            ),
        }
    )

    # 4. due lists at this size
    if "due" in parts:
        opd_sizes: dict[str, int] = {}
        for row in (
            Employee.objects.filter(is_active=True)
            .values("org_unit__path")
            .order_by()
            .annotate(n=Count("pk"))
        ):
            opd_sizes[row["org_unit__path"][:8]] = (
                opd_sizes.get(row["org_unit__path"][:8], 0) + row["n"]
            )
        largest_path = max(opd_sizes, key=lambda k: opd_sizes[k])
        largest = OrgUnit.objects.get(path=largest_path)
        result["due_lists"] = {"largest_opd": f"{largest.code} ({opd_sizes[largest_path]})"}
        for kind in KINDS:
            result["due_lists"][f"api {kind} agency, first page"] = timed(
                f"due {kind}", admin, [f"/api/v1/career-due/?kind={kind}"]
            )
            result["due_lists"][f"api {kind} largest OPD, first page"] = timed(
                f"due {kind} opd", admin, [f"/api/v1/career-due/?kind={kind}&unit={largest.pk}"]
            )

    _write(result, partial=parts != {"eligibility", "page", "due"})


def _write(result: dict, *, partial: bool) -> None:
    if os.environ.get("BENCH_DRY"):
        print(json.dumps(result, indent=1))
        return
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    sub = os.environ.get("BENCH_SUBKEY", "")
    if sub:  # another size (a DB seeded at 20,000): beside the 100,000 figures, merged
        data.setdefault("careers_eligibility", {}).setdefault(sub, {}).update(
            {k: v for k, v in result.items() if v}
        )
    elif partial and isinstance(data.get("careers_eligibility"), dict):
        data["careers_eligibility"].update({k: v for k, v in result.items() if v})
    else:
        data["careers_eligibility"] = result
    RESULTS.write_text(json.dumps(data, indent=2) + "\n")
    print("written to", RESULTS)


if __name__ == "__main__":
    main()
