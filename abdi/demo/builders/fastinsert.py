"""Plain INSERTs for the demo's biggest tables (assessment levels, the JP ledger and the carried-
over training history): rows as dicts of attribute names, written with executemany (on
PostgreSQL streamed with `COPY`, see `bulk`) — no model instances, no signals, no history — so that 60,000 employees take seconds, not minutes. Values
are adapted the way the ORM adapts them (dates, aware datetimes, decimals, JSON), so SQLite and
PostgreSQL read them back as if the ORM had written them."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from abdi.demo.builders import bulk

CHUNK = 5000


def reserve_ids(model, n: int) -> range:
    """`n` primary keys above the highest in use; call `reset_sequence(model)` after the insert."""
    start = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    return range(start, start + n)


def reset_sequence(model) -> None:
    """PostgreSQL's sequence follows explicitly given keys (SQLite needs nothing)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


def _adapter(field):
    ops, kind = connection.ops, field.get_internal_type()
    # the demo repeats the same few thousand dates and times: adapt each once
    if kind == "DateTimeField":
        return functools.lru_cache(maxsize=200_000)(ops.adapt_datetimefield_value)
    if kind == "DateField":
        return functools.lru_cache(maxsize=20_000)(ops.adapt_datefield_value)
    if kind == "DecimalField":
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if kind == "JSONField":
        return lambda v: None if v is None else json.dumps(v)
    return None


def bigger_sqlite_cache() -> None:
    """SQLite's default page cache (2 MB) thrashes on the indexes of a 60,000-employee
    database; 256 MB for this connection keeps the inserts fast (no effect elsewhere)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")


def fast_insert(model, rows: Iterable[dict], *, with_ids: bool = False) -> int:
    """INSERT the rows; a missing attribute takes the field's default. With `with_ids` each row
    carries its "id" (see reserve_ids). Returns the number of rows."""
    fields = [f for f in model._meta.concrete_fields if with_ids or not f.primary_key]
    plan = []
    for f in fields:
        default = None if f.primary_key else f.get_default()
        plan.append((f.attname, default, _adapter(f)))
    if bulk.use_copy():  # the same values, streamed with COPY
        count = bulk.copy_rows(
            model,
            [f.column for f in fields],
            (
                [
                    adapt(value) if adapt is not None and value is not None else value
                    for name, default, adapt in plan
                    for value in (row.get(name, default),)
                ]
                for row in rows
            ),
        )
        if with_ids:
            reset_sequence(model)
        return count
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    count, batch = 0, []
    with connection.cursor() as cursor:
        for row in rows:
            values = []
            for name, default, adapt in plan:
                value = row.get(name, default)
                values.append(adapt(value) if adapt is not None and value is not None else value)
            batch.append(values)
            if len(batch) >= CHUNK:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    if with_ids:
        reset_sequence(model)
    return count
