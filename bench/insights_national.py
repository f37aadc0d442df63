#!/usr/bin/env python
"""IP ASN at the national scale (issue 12, docs/decisions/0049): a synthetic workforce of 4.3
million employees in PostgreSQL, the yearly recompute against a raw single SQL pass over the
same rows.

    .venv/bin/python bench/insights_national.py
    BENCH_NATIONAL_EMPLOYEES=200000 .venv/bin/python bench/insights_national.py   # a quick try

1. Drop and create its own database (BENCH_NATIONAL_URL), `migrate`, then build the input with
   `generate_series`: every table row is cloned in SQL from one template row written by the ORM
   (so every NOT NULL column has a valid value): 30 OPDs × 8 sub-units, positions of every
   kind, N employees, their JP total of the year (80 %), leadership / functional / seminar /
   technical training lines (2/5/10/15/30/30 %), the predikat of the year (85 %) or of the
   year before only (10 %), education histories (10 %) and sanctions (2 %). The employee
   table's secondary indexes and the loaded tables' foreign keys are dropped first (the
   recompute reads every row and uses none of them; a trigram index on 4.3 M names and 10 M
   deferred FK checks only cost build time). ANALYZE.
2. Time `ip_asn_compute(year)` on an empty year (first) and on a year that has its rows
   (recompute: on PostgreSQL the year's partition is rebuilt and swapped in, docs/decisions/
   0058), and the raw passes over the same rows with the same SELECT and the same work_mem / jit
   settings: `SELECT count(*), sum(total)` (computing only) and `CREATE UNLOGGED TABLE AS`
   (computing and writing, no indexes).
3. Compare every stored row of the year with the raw pass (`differing_rows`, EXCEPT ALL both
   ways on the facts and points): 0 and 0 = the same scores.

Environment: BENCH_NATIONAL_EMPLOYEES (4300000), BENCH_NATIONAL_URL
(postgres://postgres@127.0.0.1:5432/abdi_bench_insights_national), BENCH_NATIONAL_REUSE (1 =
keep and measure the built database), BENCH_NATIONAL_REPEAT (2).
The figures go to bench/results.json under "insights_national" (other keys are kept).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
N = int(os.environ.get("BENCH_NATIONAL_EMPLOYEES", "4300000"))
URL = os.environ.get(
    "BENCH_NATIONAL_URL", "postgres://postgres@127.0.0.1:5432/abdi_bench_insights_national"
)
REPEAT = int(os.environ.get("BENCH_NATIONAL_REPEAT", "2"))
YEAR = dt.date.today().year - 1
# The raw passes get the memory and the JIT setting the computation gives itself
# (services/ip_asn_sql).
WORK_MEM = "256MB"


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


def clone(model, template_pk: int, overrides: dict[str, str], source: str) -> int:
    """INSERT INTO model's table every column of the template row, the `overrides` columns
    taken from SQL expressions over `source` (a FROM clause aliased as `g`)."""
    from django.db import connection

    table = model._meta.db_table
    columns = [f.column for f in model._meta.concrete_fields if f.column != "id"]
    values = [overrides.get(c, f"t.{c}") for c in columns]
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
        f"FROM {source} CROSS JOIN (SELECT * FROM {table} WHERE id = {template_pk}) t"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.rowcount


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

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    agency = Agency.objects.create(code="NASIONAL", name="ASN Nasional (sintetis)")
    root = OrgUnit.objects.add_root(
        {"agency": agency, "code": "ROOT", "name": "Nasional", "kind": "region"}
    )
    leaves = []
    for i in range(30):
        root.refresh_from_db()
        opd = OrgUnit.objects.add_child(
            root,
            {
                "agency": agency,
                "code": f"OPD{i}",
                "name": f"Instansi {i:02d}",
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
                        "name": f"Unit {i}.{j}",
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
    Position.objects.bulk_create(
        Position(code=f"P{u.pk}-{k}-{n}", name=f"Jabatan {k}", kind=k, org_unit=u, posts=30000)
        for u in leaves
        for n, k in enumerate(kinds)
    )
    rank = Rank.objects.filter(kind="pns").first()
    level = EducationLevel.objects.order_by("order").first()
    template = Employee.objects.create(
        nip="0" * 18,
        kind="pns",
        status="pns",
        name="Templat",
        birth_date=dt.date(1980, 1, 1),
        sex="m",
        rank=rank,
        position=Position.objects.first(),
        org_unit=leaves[0],
        education_level=level,
        is_active=False,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname NOT LIKE %s",
            [Employee._meta.db_table, "%pkey"],
        )
        for (name,) in cursor.fetchall():
            cursor.execute("SELECT conname FROM pg_constraint WHERE conname = %s", [name])
            if cursor.fetchone():
                cursor.execute(f"ALTER TABLE {Employee._meta.db_table} DROP CONSTRAINT {name}")
            else:
                cursor.execute(f"DROP INDEX {name}")
        # The loaded tables' foreign keys are checked per row at each statement's end (a bench
        # database: the rows come from the same statement's joins); the recompute does not
        # need them.
        for model in (
            Employee,
            JpYearTotal,
            AnnualPredikat,
            EducationHistory,
            DisciplineRecord,
            Registration,
            JpEntry,
        ):
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid = %s::regclass",
                [model._meta.db_table],
            )
            for (fk,) in cursor.fetchall():
                cursor.execute(f"ALTER TABLE {model._meta.db_table} DROP CONSTRAINT {fk}")
        cursor.execute(
            "CREATE TEMP TABLE pos AS SELECT id, org_unit_id, "
            "row_number() OVER (ORDER BY id) - 1 AS k FROM org_position"
        )
        cursor.execute("SELECT count(*) FROM pos")
        (npos,) = cursor.fetchone()
        cursor.execute(
            'CREATE TEMP TABLE lvl AS SELECT id, row_number() OVER (ORDER BY "order") - 1 AS k '
            "FROM core_educationlevel"
        )
        cursor.execute("SELECT count(*) FROM lvl")
        (nlvl,) = cursor.fetchone()
    t = time.perf_counter()
    made = clone(
        Employee,
        template.pk,
        {
            "nip": "lpad(g.n::text, 18, '0')",
            "name": "'Pegawai ' || g.n",
            "birth_date": "date '1965-01-01' + (g.n % 12000)",
            "is_active": "true",
            "position_id": "g.pos_id",
            "org_unit_id": "g.unit_id",
            "education_level_id": "g.lvl_id",
        },
        f"(SELECT s.n, p.id AS pos_id, p.org_unit_id AS unit_id, l.id AS lvl_id "
        f"FROM generate_series(1, {N}) s(n) "
        f"JOIN pos p ON p.k = (s.n::bigint * 7919) % {npos} "
        f"JOIN lvl l ON l.k = (s.n::bigint * 31) % {nlvl}) g",
    )
    timings = {"employees_s": round(time.perf_counter() - t, 1)}
    active = "(SELECT id AS eid FROM employees_employee WHERE is_active) e"
    # The yearly JP total (80 %).
    jt = JpYearTotal.objects.create(employee=template, year=YEAR, jp=0)
    clone(
        JpYearTotal,
        jt.pk,
        {"employee_id": "g.eid", "jp": "(g.eid * 37) % 45"},
        f"(SELECT eid FROM {active} WHERE eid % 5 <> 0) g",
    )
    # Predikat of the year (85 %), of the year before only (10 %).
    ap = AnnualPredikat.objects.create(employee=template, year=YEAR, predikat="baik")
    predikat = (
        "(ARRAY['sangat_baik','baik','baik','baik','butuh_perbaikan','kurang','sangat_kurang'])"
        "[1 + (g.eid * 13) % 7]"
    )
    clone(
        AnnualPredikat,
        ap.pk,
        {"employee_id": "g.eid", "predikat": predikat},
        f"(SELECT eid FROM {active} WHERE eid % 20 NOT IN (0, 1, 2)) g",
    )
    clone(
        AnnualPredikat,
        ap.pk,
        {"employee_id": "g.eid", "year": str(YEAR - 1), "predikat": predikat},
        f"(SELECT eid FROM {active} WHERE eid % 20 IN (1, 2)) g",
    )
    # Education histories (10 %) at the top level, sanctions (2 %).
    top = EducationLevel.objects.order_by("-order").first()
    eh = EducationHistory.objects.create(
        employee=template, level=top, institution="U", graduation_year=2010
    )
    clone(
        EducationHistory,
        eh.pk,
        {"employee_id": "g.eid"},
        f"(SELECT eid FROM {active} WHERE eid % 10 = 3) g",
    )
    dr = DisciplineRecord.objects.create(
        employee=template,
        severity="light",
        sanction="x",
        decided_on=dt.date(YEAR, 2, 1),
        effective_from=dt.date(YEAR, 2, 1),
    )
    clone(
        DisciplineRecord,
        dr.pk,
        {
            "employee_id": "g.eid",
            "severity": "(ARRAY['light','moderate','severe'])[1 + (g.eid / 50) % 3]",
        },
        f"(SELECT eid FROM {active} WHERE eid % 50 = 7) g",
    )
    # Training lines by category: a registration and its JP line.
    provider = Provider.objects.create(name="Bench", kind="internal")
    day = dt.date(YEAR, 6, 1)
    lines = 0
    for n, (category, modulo, year) in enumerate(
        (
            ("pkn", 50, 2020),
            ("pka", 20, 2021),
            ("pkp", 10, 2022),
            ("functional", 7, 2019),
            ("seminar", 3, YEAR - 1),
            ("technical", 3, YEAR),
        )
    ):
        programme = Programme.objects.create(
            code=f"N-{category}",
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
        reg = Registration.objects.create(session=session, employee=template, status="completed")
        clone(
            Registration,
            reg.pk,
            {"employee_id": "g.eid"},
            f"(SELECT eid FROM {active} WHERE (eid + {n}) % {modulo} = 0) g",
        )
        entry = JpEntry.objects.create(
            employee=template,
            year=year,
            date=day,
            jp=10,
            source="training",
            title=category,
            registration=reg,
        )
        lines += clone(
            JpEntry,
            entry.pk,
            {"employee_id": "g.employee_id", "registration_id": "g.id"},
            f"(SELECT id, employee_id FROM learning_registration "
            f"WHERE session_id = {session.pk} AND id <> {reg.pk}) g",
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "migrate_s": round(migrate_s, 1),
        "build_s": round(time.perf_counter() - t0, 1),
        "employees_built": made,
        "jp_lines": lines,
        **timings,
    }


class BackendCpu:
    """CPU seconds (user + system) of this database's PostgreSQL processes — the backends of
    every connection and their parallel workers — while the block runs: /proc/<pid>/stat of
    each, sampled every 0.2 s (a process that ends between two samples loses at most 0.2 s).
    The figure the machine's load does not inflate (the wall time does)."""

    def __init__(self) -> None:
        import threading

        self.seconds = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._first: dict[int, float] = {}
        self._last: dict[int, float] = {}

    def _pids(self) -> list[int]:
        import psycopg

        name = URL.rpartition("/")[2]
        base = URL.rpartition("/")[0]
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", [name]
            ).fetchall()
        return [r[0] for r in rows]

    @staticmethod
    def _cpu(pid: int) -> float | None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def _sample(self) -> None:
        for pid in self._pids():
            cpu = self._cpu(pid)
            if cpu is not None:
                self._first.setdefault(pid, cpu)
                self._last[pid] = cpu

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self._sample()

    def __enter__(self) -> BackendCpu:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()
        self.seconds = round(sum(self._last[p] - self._first[p] for p in self._last), 1)


CPU: dict[str, list[float]] = {}


def timed(fn, key: str = "") -> float:
    t0 = time.perf_counter()
    with BackendCpu() as cpu:
        fn()
    if key:
        CPU.setdefault(key, []).append(cpu.seconds)
    return round(time.perf_counter() - t0, 2)


def compare_with_raw(year: int) -> dict[str, int]:
    """Rows of the stored year and of the raw pass (the same SELECT, written by CREATE TABLE AS)
    that the other lacks, every column but the id and the time stamp: 0 and 0 = the same
    scores, whichever way they were written."""
    from django.db import connection

    facts = "employee_id, org_unit_id, position_group, education_code, jp, " + (
        "leadership_training, functional_training, seminar, predikat, sanction, "
        "qualification, competency, performance, discipline, total, category"
    )
    raw = ", ".join(f"c{i}" for i in (0, *range(2, 17)))
    stored = f"SELECT {facts} FROM insights_ipasnscore WHERE year = {int(year)}"
    computed = f"SELECT {raw} FROM bench_raw_ip_asn"
    with connection.cursor() as cursor:
        cursor.execute(f"SET work_mem = '{WORK_MEM}'")
        cursor.execute(f"SELECT count(*) FROM ({stored} EXCEPT ALL {computed}) d")
        only_stored = cursor.fetchone()[0]
        cursor.execute(f"SELECT count(*) FROM ({computed} EXCEPT ALL {stored}) d")
        only_raw = cursor.fetchone()[0]
        cursor.execute("RESET work_mem")
    return {"only_stored": only_stored, "only_raw_pass": only_raw}


def main() -> int:
    reuse = os.environ.get("BENCH_NATIONAL_REUSE") == "1"
    name = URL.rpartition("/")[2]
    if not reuse:
        # An empty migrated copy (<name>_schema) is kept to skip `migrate` on the next run.
        pg_admin(f"DROP DATABASE IF EXISTS {name}")
        try:
            pg_admin(f"CREATE DATABASE {name} TEMPLATE {name}_schema")
        except Exception:
            pg_admin(f"CREATE DATABASE {name}")
            setup_django()
            from django.core.management import call_command
            from django.db import connection as conn

            call_command("migrate", verbosity=0)
            conn.close()
            pg_admin(f"CREATE DATABASE {name}_schema TEMPLATE {name}")
    setup_django()
    from django.db import connection, transaction
    from django.utils import timezone

    from abdi.employees.models import Employee
    from abdi.insights.models import IpAsnScore
    from abdi.insights.selectors.ip_asn_inputs import points_table
    from abdi.insights.services import ip_asn_partition
    from abdi.insights.services.ip_asn import ip_asn_compute
    from abdi.insights.services.ip_asn_sql import score_select

    result: dict = {
        "year": YEAR,
        "build_workers": ip_asn_partition.workers(),
        "parallel_from": ip_asn_partition.parallel_from(),
        "logged_partitions": ip_asn_partition.logged(),
        "database": "postgres",
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "load_before": os.getloadavg(),
    }
    if not reuse:
        result.update(build())
    result["employees"] = Employee.objects.filter(is_active=True).count()
    IpAsnScore.objects.filter(year=YEAR).delete()
    select, params = score_select(YEAR, points_table(YEAR), timezone.now())

    def raw_sum():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            cursor.execute("SET LOCAL jit = off")
            names = ", ".join(f"c{i}" for i in range(18))  # c15 is the total
            cursor.execute(f"SELECT count(*), sum(x.c15) FROM ({select}) x({names})", params)
            return cursor.fetchone()

    def raw_create():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("DROP TABLE IF EXISTS bench_raw_ip_asn")
            names = ", ".join(f"c{i}" for i in range(18))
            cursor.execute(f"CREATE UNLOGGED TABLE bench_raw_ip_asn ({names}) AS {select}", params)

    runs: dict[str, list[float]] = {
        "first": [],
        "recompute": [],
        "raw_select": [],
        "raw_create": [],
    }

    def save() -> None:
        """Write what is measured so far (a long run on a loaded machine may be cut short)."""
        ok = {k: v for k, v in runs.items() if v}
        result.update(
            {
                "ip_asn_first_s": runs["first"],
                "ip_asn_recompute_s": runs["recompute"],
                "raw_select_s": runs["raw_select"],
                "raw_create_table_as_s": runs["raw_create"],
                "load_after": os.getloadavg(),
                "backend_cpu_s": dict(CPU),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
        if "recompute" in ok and "raw_create" in ok:
            result["ratio_recompute_to_raw_create"] = round(
                min(ok["recompute"]) / min(ok["raw_create"]), 2
            )
        if "recompute" in ok and "raw_select" in ok:
            result["ratio_recompute_to_raw_select"] = round(
                min(ok["recompute"]) / min(ok["raw_select"]), 2
            )
        data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        data["insights_national"] = result
        RESULTS.write_text(json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n")
        print(json.dumps({k: result.get(k) for k in ("ip_asn_first_s", "ip_asn_recompute_s",
              "raw_select_s", "raw_create_table_as_s", "load_after")}), flush=True)  # fmt: skip

    for _ in range(REPEAT):
        runs["raw_select"].append(timed(raw_sum, "raw_select"))
        save()
        runs["raw_create"].append(timed(raw_create, "raw_create_table_as"))
        save()
        IpAsnScore.objects.filter(year=YEAR).delete()
        runs["first"].append(timed(lambda: ip_asn_compute(year=YEAR), "first"))
        save()
        runs["recompute"].append(timed(lambda: ip_asn_compute(year=YEAR), "recompute"))
        save()
    if runs["raw_create"]:
        result["differing_rows"] = compare_with_raw(YEAR)
    save()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_ip_asn")
    stored = IpAsnScore.objects.filter(year=YEAR).count()
    result["scores_written"] = stored
    if runs["recompute"]:  # BENCH_NATIONAL_REPEAT=0 only builds
        assert stored == result["employees"], stored
    save()
    print(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
