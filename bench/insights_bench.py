#!/usr/bin/env python
"""Insights benchmark (issue 12) on PostgreSQL: the IP ASN of 100,000 employees, the dashboard
snapshot refresh, and the dashboard page read from its snapshot.

    .venv/bin/python bench/insights_bench.py                      # 100,000 employees
    BENCH_INSIGHTS_EMPLOYEES=10000 .venv/bin/python bench/insights_bench.py

1. Drop and create the database, `migrate`, then write SYNTHETIC data straight to the tables
   (bulk inserts, no services): an agency of 30 OPDs with 8 sub-units each, positions of every
   kind, N employees, their JP total of the year, completed trainings of every category with JP
   lines (leadership, functional, seminar), two annual predikats, some education histories and
   discipline sanctions. ANALYZE.
2. Time `ip_asn_compute(year)` (BENCH_REPEAT_COMPUTE times), `dashboard_refresh(year)`, and
   with Django's test Client (no network) p50/p95 of the dashboard page of the agency and of
   the largest OPD as the BKPSDM admin.

Environment: BENCH_INSIGHTS_EMPLOYEES (100000), BENCH_INSIGHTS_URL
(postgres://postgres@127.0.0.1:5432/abdi_bench_insights), BENCH_REPEAT (20),
BENCH_REPEAT_COMPUTE (3), BENCH_INSIGHTS_KEEP (1 = do not drop the database at the end),
BENCH_INSIGHTS_REUSE (1 = measure the kept database as it is: migrate, no drop, no build),
BENCH_INSIGHTS_IP_ONLY (1 = only the IP ASN recompute on the database as it is, see ip_asn_only).
The figures go to bench/results.json under "insights" (the other keys are kept).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
N = int(os.environ.get("BENCH_INSIGHTS_EMPLOYEES", "100000"))
URL = os.environ.get("BENCH_INSIGHTS_URL", "postgres://postgres@127.0.0.1:5432/abdi_bench_insights")
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
REPEAT_COMPUTE = int(os.environ.get("BENCH_REPEAT_COMPUTE", "3"))
YEAR = dt.date.today().year - 1


def pg_admin(sql: str) -> None:
    import psycopg

    base, _sep, _db = URL.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_MANIFEST_STATIC"] = "0"
    import django

    django.setup()


def build() -> dict:
    from django.core.management import call_command
    from django.db import connection

    from abdi.core.models import EducationLevel, Rank
    from abdi.employees.models import AnnualPredikat, DisciplineRecord, EducationHistory, Employee
    from abdi.learning.models import (
        JpEntry,
        JpYearTotal,
        Programme,
        Provider,
        Registration,
        TrainingSession,
    )
    from abdi.org.models import Agency, OrgUnit, Position

    rnd = random.Random(42)
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    agency = Agency.objects.create(code="BENCH", name="Provinsi Bench")
    root = OrgUnit.objects.add_root(
        {"agency": agency, "code": "ROOT", "name": "Provinsi Bench", "kind": "region"}
    )
    leaves = []
    for i in range(30):
        root.refresh_from_db()
        opd = OrgUnit.objects.add_child(
            root,
            {
                "agency": agency,
                "code": f"OPD{i}",
                "name": f"Dinas {i:02d}",
                "kind": "opd",
                "parent": root,
            },
        )
        leaves.append(opd)
        for j in range(8):
            opd.refresh_from_db()
            leaves.append(
                OrgUnit.objects.add_child(
                    opd,
                    {
                        "agency": agency,
                        "code": f"OPD{i}-{j}",
                        "name": f"Bidang {i}.{j}",
                        "kind": "division",
                        "parent": opd,
                    },
                )
            )
    kinds = [
        "jpt_pratama",
        "administrator",
        "pengawas",
        "jf_ahli_muda",
        "jf_terampil",
        "pelaksana",
        "pelaksana",
        "pelaksana",
    ]
    positions = Position.objects.bulk_create(
        Position(code=f"P{u.pk}-{k}-{n}", name=f"Jabatan {k}", kind=k, org_unit=u, posts=50)
        for u in leaves
        for n, k in enumerate(kinds)
    )
    ranks = list(Rank.objects.filter(kind="pns"))
    levels = list(EducationLevel.objects.all())
    employees = []
    for n in range(N):
        position = positions[rnd.randrange(len(positions))]
        employees.append(
            Employee(
                nip=f"{19600101 + n:08d}{2000 + n % 20:04d}01{n % 2 + 1}{n % 1000:03d}"[:18],
                kind="pns",
                status="pns",
                name=f"Pegawai {n}",
                birth_date=dt.date(1965 + n % 35, 1 + n % 12, 1 + n % 28),
                sex="m" if n % 2 else "f",
                rank=ranks[n % len(ranks)],
                position=position,
                org_unit_id=position.org_unit_id,
                education_level=levels[n % len(levels)],
            )
        )
    for n, e in enumerate(employees):
        e.nip = f"{n:018d}"
    Employee.objects.bulk_create(employees, batch_size=5000)
    ids = list(Employee.objects.values_list("pk", flat=True))
    JpYearTotal.objects.bulk_create(
        (JpYearTotal(employee_id=i, year=YEAR, jp=rnd.randrange(0, 60)) for i in ids),
        batch_size=5000,
    )
    AnnualPredikat.objects.bulk_create(
        (
            AnnualPredikat(
                employee_id=i,
                year=y,
                predikat=rnd.choice(
                    ["sangat_baik", "baik", "baik", "baik", "butuh_perbaikan", "kurang"]
                ),
            )
            for i in ids
            for y in (YEAR - 1, YEAR)
            if rnd.random() < 0.9
        ),
        batch_size=5000,
    )
    EducationHistory.objects.bulk_create(
        (
            EducationHistory(employee_id=i, level=levels[-1], institution="U", graduation_year=2010)
            for i in rnd.sample(ids, N // 10)
        ),
        batch_size=5000,
    )
    DisciplineRecord.objects.bulk_create(
        (
            DisciplineRecord(
                employee_id=i,
                severity=rnd.choice(["light", "moderate", "severe"]),
                sanction="x",
                decided_on=dt.date(YEAR, 2, 1),
                effective_from=dt.date(YEAR, 2, 1),
            )
            for i in rnd.sample(ids, N // 50)
        ),
        batch_size=5000,
    )
    provider = Provider.objects.create(name="Bench", kind="internal")
    day = dt.date(YEAR, 6, 1)
    lines = 0
    for category, share in (
        ("pkn", 0.02),
        ("pka", 0.05),
        ("pkp", 0.1),
        ("functional", 0.15),
        ("seminar", 0.3),
        ("technical", 0.3),
    ):
        programme = Programme.objects.create(
            code=f"B-{category}",
            title=category,
            mode="classroom",
            category=category,
            provider=provider,
            jp=10,
        )
        session = TrainingSession.objects.create(
            programme=programme,
            name="I",
            start_date=day,
            end_date=day,
            quota=N,
            registration_opens=day,
            registration_closes=day,
        )
        chosen = rnd.sample(ids, int(N * share))
        regs = Registration.objects.bulk_create(
            (Registration(session=session, employee_id=i, status="completed") for i in chosen),
            batch_size=5000,
        )
        JpEntry.objects.bulk_create(
            (
                JpEntry(
                    employee_id=r.employee_id,
                    year=YEAR,
                    date=day,
                    jp=10,
                    source="training",
                    title=category,
                    registration=r,
                )
                for r in regs
            ),
            batch_size=5000,
        )
        lines += len(regs)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "migrate_s": round(migrate_s, 1),
        "build_s": round(time.perf_counter() - t0, 1),
        "units": len(leaves) + 1,
        "jp_lines": lines,
    }


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(round(time.perf_counter() - t0, 3))
    return out


def pctl(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def ip_asn_only() -> int:
    """BENCH_INSIGHTS_IP_ONLY=1: time only `ip_asn_compute` on the database at
    BENCH_INSIGHTS_URL as it is (e.g. a copy of abdi_big: `createdb -T abdi_big ...`) and
    update the IP ASN figures under "insights", keeping its other figures."""
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from abdi.employees.models import Employee
    from abdi.insights.services.ip_asn import ip_asn_compute

    call_command("migrate", verbosity=0)
    load_before = os.getloadavg()
    compute = timed(lambda: ip_asn_compute(year=YEAR), REPEAT_COMPUTE)
    with CaptureQueriesContext(connection) as ctx:
        ip_asn_compute(year=YEAR)
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    result = data.setdefault("insights", {})
    if "ip_asn_compute_s" in result:
        result["previous_python_path_ip_asn_compute_s"] = result["ip_asn_compute_s"]
    result.update(
        {
            "ip_asn_compute_s": compute,
            "ip_asn_compute_queries": len(ctx.captured_queries),
            "ip_asn_compute_database": URL.rpartition("/")[2],
            "ip_asn_compute_employees": Employee.objects.filter(is_active=True).count(),
            "ip_asn_compute_date": dt.datetime.now().isoformat(timespec="seconds"),
            "ip_asn_compute_load_before": load_before,
            "ip_asn_compute_load_after": os.getloadavg(),
            "ip_asn_compute_peak_rss_mb": round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            ),
            "ip_asn_compute_note": (
                "One INSERT ... SELECT per year (docs/decisions/0049) on a copy of the "
                "100,000-employee demo database abdi_big; previous_python_path_ip_asn_compute_s "
                "are the per-employee Python path's figures (synthetic data, 0025)."
            ),
        }
    )
    RESULTS.write_text(json.dumps(data, indent=2, default=str) + "\n")
    print(json.dumps(result, indent=2, default=str))
    return 0


def main() -> int:
    if os.environ.get("BENCH_INSIGHTS_IP_ONLY") == "1":
        return ip_asn_only()
    reuse = os.environ.get("BENCH_INSIGHTS_REUSE") == "1"
    if not reuse:
        pg_admin("DROP DATABASE IF EXISTS " + URL.rpartition("/")[2])
        pg_admin("CREATE DATABASE " + URL.rpartition("/")[2])
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from abdi.accounts.models import User
    from abdi.insights.services.dashboard import dashboard_refresh
    from abdi.insights.services.ip_asn import ip_asn_compute
    from abdi.org.models import OrgUnit

    result: dict = {
        "employees": N,
        "year": YEAR,
        "database": "postgres",
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "load_before": os.getloadavg(),
    }
    if reuse:
        from django.core.management import call_command

        from abdi.employees.models import Employee

        call_command("migrate", verbosity=0)
        result["reused_database"] = True
        result["employees"] = Employee.objects.count()
    else:
        result.update(build())
    compute = timed(lambda: ip_asn_compute(year=YEAR), REPEAT_COMPUTE)
    with CaptureQueriesContext(connection) as ctx:
        ip_asn_compute(year=YEAR)
    result["ip_asn_compute_s"] = compute
    result["ip_asn_compute_queries"] = len(ctx.captured_queries)
    result["dashboard_refresh_s"] = timed(lambda: dashboard_refresh(year=YEAR), 2)
    admin, _new = User.objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(admin)
    biggest = OrgUnit.objects.filter(depth=2).order_by("code").first()
    pages = {
        "dashboard_agency": "/insights/",
        "dashboard_opd": f"/insights/?unit={biggest.pk}",
        "ip_asn_agency": "/insights/ip-asn/",
    }
    for name, url in pages.items():
        for _ in range(3):
            assert client.get(url).status_code == 200
        times = [t * 1000 for t in timed(lambda url=url: client.get(url), REPEAT)]
        result[f"{name}_ms"] = {
            "p50": round(statistics.median(times), 1),
            "p95": round(pctl(times, 0.95), 1),
            "max": round(max(times), 1),
        }
    result["load_after"] = os.getloadavg()
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data["insights"] = result
    RESULTS.write_text(json.dumps(data, indent=2, default=str) + "\n")
    print(json.dumps(result, indent=2, default=str))
    connection.close()
    if os.environ.get("BENCH_INSIGHTS_KEEP") != "1":
        pg_admin("DROP DATABASE IF EXISTS " + URL.rpartition("/")[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
