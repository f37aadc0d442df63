"""The year's IP ASN on PostgreSQL: built beside the scores, swapped in as the year's partition
(docs/decisions/0058, 0063).

The scores are partitioned by year on PostgreSQL (migration insights 0010). `replace_year`
writes the year's rows into a new bare table — `UNLOGGED` while it is filled: no WAL record per
row —, builds the parent's keys and indexes on it by sorting, and swaps it in for the year's
partition (DROP + ATTACH) in one short transaction: readers see the old year or the new one,
never half of it.

A large year (`IP_ASN_PARALLEL_FROM` employees and more) is filled by `IP_ASN_BUILD_WORKERS`
connections at once, each computing one range of employee ids in its own transaction (an
`INSERT … SELECT` never runs in parallel in PostgreSQL 15); all of them read one snapshot,
exported by the coordinating transaction, so the parts are computed from the same data. The
bare table is visible to no reader of the scores until the swap; if anything fails it is
dropped. A caller that already holds a transaction (its rows not yet committed, as in the tests)
gets everything done in that transaction by one statement.

`IP_ASN_LOGGED_PARTITIONS` (default True): `ALTER TABLE … SET LOGGED` before the swap, so the
year survives a crash and reaches the standbys. False keeps the partition unlogged: a crash
empties it (the nightly `ip_asn_recompute` rebuilds an emptied year, `years_lost`), and it is
not replicated — acceptable only where the snapshot is served from the primary."""

from __future__ import annotations

import datetime as dt
import re
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.backends.utils import CursorWrapper

from abdi.employees.models import Employee
from abdi.insights import rules
from abdi.insights.choices import RunKind, RunStatus
from abdi.insights.models import IpAsnScore, SnapshotRun
from abdi.insights.services.ip_asn_sql import columns_sql, replace_scores, score_select

# The joins and the ledger's aggregate hash millions of rows: in memory rather than in batches
# through temporary files; compiling the statement (JIT) cost more than it saved (0058).
WORK_MEM = "256MB"
SNAPSHOT_ID = re.compile(r"^[0-9A-F-]+$")


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def workers() -> int:
    return max(1, int(getattr(settings, "IP_ASN_BUILD_WORKERS", 2)))


def parallel_from() -> int:
    return int(getattr(settings, "IP_ASN_PARALLEL_FROM", 100_000))


def logged() -> bool:
    return bool(getattr(settings, "IP_ASN_LOGGED_PARTITIONS", True))


def names(year: int) -> tuple[str, str, str]:
    """The parent table, the year's partition and the bare table the year is built in."""
    parent = IpAsnScore._meta.db_table
    part = f"{parent}_y{int(year)}"
    return parent, part, f"{part}_new"


def session_settings(cursor: CursorWrapper) -> None:
    cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
    cursor.execute("SET LOCAL jit = off")


def create_build(cursor: CursorWrapper, year: int) -> str:
    """The bare, unlogged table of the year (one left by a crashed run is dropped first)."""
    parent, _part, build = names(year)
    cursor.execute(f"DROP TABLE IF EXISTS {_q(build)}")
    cursor.execute(
        f"CREATE UNLOGGED TABLE {_q(build)} "
        f"(LIKE {_q(parent)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
    )
    # The partition's bound, known to hold, so ATTACH does not scan the rows to prove it.
    cursor.execute(
        f"ALTER TABLE {_q(build)} ADD CONSTRAINT {_q(build + '_year')} "
        f"CHECK ({_q('year')} IS NOT NULL AND {_q('year')} = {int(year)})"
    )
    return build


def fill(
    cursor: CursorWrapper,
    year: int,
    table: rules.PointsTable,
    now: dt.datetime,
    ids: tuple[int, int] | None = None,
) -> int:
    """INSERT the rows of the employees in `ids` (all when None) into the bare table."""
    parent, _part, build = names(year)
    select, params = score_select(year, table, now, ids)
    cursor.execute(
        f"INSERT INTO {_q(build)} ({_q('id')}, {columns_sql()}) "
        f"SELECT nextval(pg_get_serial_sequence(%s, 'id')), x.* FROM ({select}) x",
        [parent, *params],
    )
    return cursor.rowcount


def attach(cursor: CursorWrapper, year: int) -> None:
    """Make the filled bare table the year's partition: logged (unless configured otherwise),
    the parent's keys and indexes built on it by sorting, analysed, swapped in."""
    parent, part, build = names(year)
    if logged():
        # One rewrite of the heap with page-sized WAL records, before any index exists.
        cursor.execute(f"ALTER TABLE {_q(build)} SET LOGGED")
    # The parent's keys and indexes, built here so that ATTACH adopts them; named after the old
    # partition's once it is gone (index names are unique in the schema).
    cursor.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid), k.conname, "
        "pg_get_constraintdef(k.oid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid "
        "LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid "
        "WHERE i.indrelid = %s::regclass",
        [parent],
    )
    renames = []
    for n, (index, definition, constraint, constraint_def) in enumerate(cursor.fetchall()):
        temporary = f"{build}_{n}"
        if constraint:
            cursor.execute(
                f"ALTER TABLE {_q(build)} ADD CONSTRAINT {_q(temporary)} {constraint_def}"
            )
        else:
            unique = "UNIQUE " if definition.startswith("CREATE UNIQUE") else ""
            keys = definition[definition.index(" USING ") :]
            cursor.execute(f"CREATE {unique}INDEX {_q(temporary)} ON {_q(build)}{keys}")
        renames.append((temporary, f"{part}_{index}"[:63]))
    cursor.execute(f"ANALYZE {_q(build)}")
    # Rows of the year that reached the default partition would block the ATTACH.
    cursor.execute(f"DELETE FROM {_q(parent + '_other')} WHERE {_q('year')} = %s", [year])
    cursor.execute(f"DROP TABLE IF EXISTS {_q(part)}")
    cursor.execute(
        f"ALTER TABLE {_q(parent)} ATTACH PARTITION {_q(build)} FOR VALUES IN ({int(year)})"
    )
    cursor.execute(f"ALTER TABLE {_q(build)} RENAME TO {_q(part)}")
    for temporary, final in renames:
        cursor.execute(f"ALTER INDEX {_q(temporary)} RENAME TO {_q(final)}")


def id_ranges(parts: int) -> list[tuple[int, int]]:
    """The active employees' ids cut into `parts` ranges of equal width (ids are given in
    sequence, so equal widths hold about as many employees); [] when nobody is active."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT min({_q('id')}), max({_q('id')}) FROM {_q(Employee._meta.db_table)} "
            f"WHERE {_q('is_active')}"
        )
        low, high = cursor.fetchone()
    if low is None:
        return []
    width = (high - low) // parts + 1
    return [(s, min(s + width - 1, high)) for s in range(low, high + 1, width)]


def _fill_part(
    year: int, table: rules.PointsTable, now: dt.datetime, ids: tuple[int, int], snapshot: str
) -> int:
    """One worker thread: its own connection, one transaction reading the exported snapshot."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
            session_settings(cursor)
            return fill(cursor, year, table, now, ids)
    finally:
        connection.close()


def _build_parallel(
    year: int, table: rules.PointsTable, now: dt.datetime, ranges: list[tuple[int, int]]
) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        create_build(cursor, year)  # committed: the workers' connections must see it
    # The coordinating transaction holds the snapshot every worker reads until all are done.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        if not SNAPSHOT_ID.match(snapshot):
            raise ValueError(snapshot)
        with ThreadPoolExecutor(max_workers=len(ranges)) as pool:
            futures = [pool.submit(_fill_part, year, table, now, r, snapshot) for r in ranges]
            return sum(f.result() for f in futures)


def replace_year(year: int, table: rules.PointsTable, now: dt.datetime) -> int:
    """Replace the rows of `year` with every active employee's row; returns their number."""
    if connection.vendor != "postgresql":
        with transaction.atomic():
            return replace_scores(year, table, now)
    ranges = id_ranges(workers())
    span = ranges[-1][1] - ranges[0][0] + 1 if ranges else 0
    if connection.in_atomic_block or len(ranges) < 2 or span < parallel_from():
        # One statement, in the caller's transaction (which may hold rows not yet committed).
        with transaction.atomic(), connection.cursor() as cursor:
            session_settings(cursor)
            create_build(cursor, year)
            count = fill(cursor, year, table, now)
            attach(cursor, year)
            return count
    _parent, _part, build = names(year)
    try:
        count = _build_parallel(year, table, now, ranges)
        with transaction.atomic(), connection.cursor() as cursor:
            session_settings(cursor)
            attach(cursor, year)
    except BaseException:
        # Nothing half-written stays behind (the original error is the one raised).
        with suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {_q(build)}")
        raise
    return count


def years_lost() -> list[int]:
    """Years computed (a finished run with rows) whose partition is empty: an unlogged
    partition after a crash of the database (`IP_ASN_LOGGED_PARTITIONS = False`)."""
    if connection.vendor != "postgresql":
        return []
    done = set(
        SnapshotRun.objects.filter(kind=RunKind.IP_ASN, status=RunStatus.DONE, rows__gt=0)
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(y for y in done if not IpAsnScore.objects.filter(year=y).exists())
