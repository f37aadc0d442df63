#!/usr/bin/env python
"""Talent benchmark (issue 11) on PostgreSQL: placing every employee for a year in the worker,
and the talent map and a box's people list, at 100,000 employees.

    .venv/bin/python bench/talent_bench.py                      # 100,000 employees
    BENCH_TALENT_EMPLOYEES=20000 .venv/bin/python bench/talent_bench.py

1. Drop and create the database, `migrate`, then the SYNTHETIC data the placement reads, written
   in bulk (`synthesize`: 40 OPDs of 5 sub-units, positions of every level, employees with
   the predikat of the two last years for ~95 %, one assessment with a potential score and the
   current levels of the 9 managerial/socio-cultural competencies for ~85 %, own standards for a
   tenth of the positions) — `seed_demo` takes hours at 100,000 on a loaded machine; set
   BENCH_TALENT_SEED_DEMO=1 to use `seed_demo --personnel-only --with-competency` instead.
   Then ANALYZE.
2. In a fresh process: `placements_compute` for this year — wall time and the growth of peak
   RSS during the run (flat memory: one batch at a time) — twice (the second replaces the first).
3. In-process with Django's test Client: p50/p95/max and the number of queries of the agency
   map, the largest OPD's map, box 9's people (page 1 and a deep page), as the BKPSDM admin.

Environment: BENCH_TALENT_EMPLOYEES (100000), BENCH_TALENT_URL
(postgres://postgres@127.0.0.1:5432/abdi_bench_talent), BENCH_REPEAT (20),
BENCH_TALENT_REUSE (1 = keep a database that already holds the data), BENCH_TALENT_KEEP (1 = do
not drop it at the end). Figures go to bench/results.json under "talent".
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
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/abdi_bench_talent"


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


def rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def synthesize(n: int) -> None:
    """Bulk-write a province of `n` employees with the inputs of the talent placement."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import random
    from decimal import Decimal

    from abdi.accounts.models import RoleAssignment, User
    from abdi.competency.models import (
        Assessment,
        Competency,
        CurrentLevel,
        PositionStandard,
    )
    from abdi.employees.models import AnnualPredikat, Employee
    from abdi.org.models import Agency, OrgUnit, Position

    rng = random.Random(42)
    year = dt.date.today().year
    agency = Agency.objects.create(code="BENCH", name="Provinsi Bench", region="Bench")
    region = OrgUnit.objects.add_root(
        {"agency": agency, "code": "BENCH", "name": "Pemerintah Provinsi Bench", "kind": "region"}
    )
    units, positions = [], []
    kinds = [("administrator", 2), ("pengawas", 6), ("pelaksana", 6), ("jf_ahli_muda", 4)]
    for i in range(40):
        region = OrgUnit.objects.get(pk=region.pk)
        opd = OrgUnit.objects.add_child(
            region, {"agency": agency, "code": f"OPD{i}", "name": f"Dinas Bench {i}",
                     "kind": "opd", "parent": region},
        )  # fmt: skip
        positions.append(Position(code=f"P{i}-H", name=f"Kepala Dinas {i}", kind="jpt_pratama",
                                  class_grade=14, org_unit=opd, is_unit_head=True))  # fmt: skip
        for j in range(5):
            opd = OrgUnit.objects.get(pk=opd.pk)
            sub = OrgUnit.objects.add_child(
                opd, {"agency": agency, "code": f"OPD{i}-{j}", "name": f"Bidang {j} Dinas {i}",
                      "kind": "division", "parent": opd},
            )  # fmt: skip
            units.append(sub)
            for kind, count in kinds:
                for k in range(count):
                    positions.append(Position(code=f"P{i}-{j}-{kind}-{k}", name=f"{kind} {k}",
                                              kind=kind, class_grade=8, org_unit=sub,
                                              posts=200))  # fmt: skip
    Position.objects.bulk_create(positions, batch_size=2000)
    positions = list(Position.objects.all())
    competencies = list(
        Competency.objects.filter(kind__in=["managerial", "socio_cultural"], is_active=True)
    )
    PositionStandard.objects.bulk_create(
        PositionStandard(position=p, competency=c, required_level=rng.randint(1, 4))
        for p in positions[::10]
        for c in competencies
    )
    admin = User.objects.create_user(username="admin", password="bench-pass-2026")
    RoleAssignment.objects.create(user=admin, role="bkpsdm_admin")
    predikats = ["sangat_baik", "baik", "baik", "baik", "butuh_perbaikan", "kurang"]
    batch = 5000
    for start in range(0, n, batch):
        people = []
        for i in range(start, min(n, start + batch)):
            position = rng.choice(positions)
            people.append(Employee(
                nip=f"{197001010000000000 + i}", kind="pns", status="pns", name=f"Pegawai {i:06d}",
                birth_date=dt.date(1965 + i % 35, 1 + i % 12, 1 + i % 28), sex="mf"[i % 2],
                org_unit_id=position.org_unit_id, position=position,
            ))  # fmt: skip
        people = Employee.objects.bulk_create(people)
        rows = [
            AnnualPredikat(employee=e, year=y, predikat=rng.choice(predikats))
            for e in people
            if rng.random() < 0.95
            for y in (year - 2, year - 1)
        ]
        AnnualPredikat.objects.bulk_create(rows)
        assessed = [e for e in people if rng.random() < 0.85]
        assessments = Assessment.objects.bulk_create(
            Assessment(
                employee=e,
                date=dt.date(year - 1, 6, 1),
                method="cact",
                assessor="UPT",
                potential_score=Decimal(rng.randint(4000, 9800)) / 100,
            )  # fmt: skip
            for e in assessed
        )
        CurrentLevel.objects.bulk_create(
            (
                CurrentLevel(
                    employee_id=a.employee_id,
                    competency=c,
                    level=rng.randint(1, 5),
                    assessment=a,
                    assessed_on=a.date,
                )  # fmt: skip
                for a in assessments
                for c in competencies
            ),
            batch_size=5000,
        )
        print(f"  … {start + len(people)}/{n} employees", flush=True)


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
    from abdi.employees.models import Employee
    from abdi.org.models import OrgUnit
    from abdi.talent.models import TalentPlacement
    from abdi.talent.services.placement import placements_compute

    settings.ALLOWED_HOSTS = ["*"]
    repeat = env_int("BENCH_REPEAT", 20)
    year = dt.date.today().year
    result: dict = {"timings": {}, "placement": []}
    result["employees"] = Employee.objects.filter(is_active=True).count()
    for attempt in (1, 2):
        before = rss_mb()
        t0 = time.perf_counter()
        placed, unmappable = placements_compute(year=year)
        seconds = round(time.perf_counter() - t0, 1)
        row = {"run": attempt, "seconds": seconds, "placed": placed, "unmappable": unmappable,
               "peak_rss_before_mb": before, "peak_rss_after_mb": rss_mb()}  # fmt: skip
        result["placement"].append(row)
        print(f"  placement {row}", flush=True)
    connection.cursor().execute("ANALYZE talent_talentplacement")
    result["boxes"] = dict(
        TalentPlacement.objects.filter(year=year)
        .values_list("box")
        .annotate(n=Count("pk"))
        .order_by()
    )
    root = OrgUnit.objects.get(depth=1)
    by_opd: dict[str, int] = {}
    for path, n in (
        TalentPlacement.objects.filter(year=year).values_list("unit_path").annotate(n=Count("pk"))
    ):
        by_opd[path[: 2 * root.steplen]] = by_opd.get(path[: 2 * root.steplen], 0) + n
    largest = OrgUnit.objects.get(path=max(by_opd, key=by_opd.get))
    admin = User.objects.get(username="admin")

    from abdi.talent.selectors.placement import placements_changed

    def timed(label: str, url: str, *, uncached: bool = False) -> None:
        """uncached: the map counts are invalidated before each request (first view after a
        computation or a review decision)."""
        client = Client()
        client.force_login(admin)
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
                placements_changed()
            t0 = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - t0) * 1000)
            status[str(response.status_code)] = status.get(str(response.status_code), 0) + 1
        result["timings"][label] = {**stats(samples), "queries": count[0], "status": status}
        print(f"  {label:<36} {result['timings'][label]}", flush=True)

    the_map, box = reverse("talent:map"), reverse("talent:box_people")
    timed("map_agency", f"{the_map}?year={year}")
    timed("map_agency_uncached", f"{the_map}?year={year}", uncached=True)
    opd_map = f"{the_map}?year={year}&unit={largest.pk}"
    timed(f"map_largest_opd_{by_opd[largest.path]}", opd_map)
    timed(f"map_largest_opd_{by_opd[largest.path]}_uncached", opd_map, uncached=True)
    timed("map_level_administrator", f"{the_map}?year={year}&level=administrator")
    timed("box9_page1", f"{box}?year={year}&box=9")
    timed("box9_deep_page", f"{box}?year={year}&box=9&page=100")
    timed("box5_largest_opd", f"{box}?year={year}&box=5&unit={largest.pk}")
    result["largest_opd"] = largest.name
    result["peak_rss_mb"] = rss_mb()
    Path(out_path).write_text(json.dumps(result))


def run(cmd: list[str], env: dict) -> None:
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, env=env, cwd=ROOT, check=True)


def main() -> None:
    n = env_int("BENCH_TALENT_EMPLOYEES", 100_000)
    url = os.environ.get("BENCH_TALENT_URL", DEFAULT_URL)
    dbname = urllib.parse.urlparse(url).path.lstrip("/")
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "DJANGO_MANIFEST_STATIC": "0"}
    tmp = ROOT / "var" / "bench_talent"
    tmp.mkdir(parents=True, exist_ok=True)
    result: dict = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": "postgresql",
        "employees_seeded": n,
        "synthetic_data": "seed_demo --personnel-only --with-competency --seed 42",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_before": os.getloadavg(),
        },  # fmt: skip
    }
    reuse = os.environ.get("BENCH_TALENT_REUSE") == "1"
    if not reuse:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", dbname])
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", dbname], env)
        run([PYTHON, "manage.py", "migrate", "-v0"], env)
        t0 = time.perf_counter()
        if os.environ.get("BENCH_TALENT_SEED_DEMO") == "1":
            run(
                [PYTHON, "manage.py", "seed_demo", "--personnel-only", "--with-competency",
                 "--employees", str(n), "--seed", "42", "--password", "bench-pass-2026"],
                env,
            )  # fmt: skip
        else:
            result["synthetic_data"] = "bench/talent_bench.py synthesize (bulk rows, seed 42)"
            run([PYTHON, __file__, "--synthesize", str(n)], env)
        result["seed_s"] = round(time.perf_counter() - t0, 1)
    else:
        run([PYTHON, "manage.py", "migrate", "-v0"], env)
    run([PYTHON, "manage.py", "createcachetable"], env)  # the map caches its counts
    run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", dbname, "-qc", "ANALYZE"], env)
    measured = tmp / "measure.json"
    run([PYTHON, __file__, "--measure", str(measured)], env)
    result.update(json.loads(measured.read_text()))
    result["machine"]["load_after"] = os.getloadavg()
    if os.environ.get("BENCH_TALENT_KEEP") != "1" and not reuse:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", dbname])
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data["talent"] = result
    RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {RESULTS} ['talent']")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        measure(sys.argv[2])
    elif len(sys.argv) > 2 and sys.argv[1] == "--synthesize":
        synthesize(int(sys.argv[2]))
    else:
        main()
