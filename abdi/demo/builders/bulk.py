"""Bulk writes for the demo: PostgreSQL's `COPY` where it is available, `bulk_create` elsewhere.

The builders make model instances (or plain rows, see `fastinsert`) and hand them here in
batches. On PostgreSQL every batch takes its primary keys from the table's sequence in one query
and is streamed with `COPY … FROM STDIN` (psycopg's `cursor.copy`), the history rows of
django-simple-history too; that skips building and parsing one large `INSERT` per batch, which is
most of the database's work in a bulk load. Everywhere else the portable path is Django's
`bulk_create` (and simple-history's `bulk_create_with_history`), unchanged. Both write the same
values: each field's `pre_save` (so `auto_now` and files behave as in `bulk_create`) and
`get_db_prep_save`, and the instances come back with their keys as from `bulk_create`.

`foreign_keys_checked_once()` (PostgreSQL) takes the foreign keys off for a load and puts them
back at its end, each validated by one query over the whole table instead of one check per row.

`analyze_loaded()` refreshes the planner statistics of every table loaded here (PostgreSQL's
autovacuum may be off, and a table the planner believes empty is planned badly).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any, cast

from django.db import connection, models
from django.db.backends.postgresql.psycopg_any import is_psycopg3
from django.utils import timezone
from simple_history.utils import bulk_create_with_history as simple_history_bulk_create
from simple_history.utils import get_change_reason_from_object, get_history_manager_for_model

BATCH = 5000
# Tables written by this module in this process, for `analyze_loaded`.
_loaded: set[str] = set()
# Types psycopg adapts exactly as Django would after get_db_prep_save: passed through as they are.
_PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DecimalField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallAutoField",
    "SmallIntegerField",
    "TextField",
    "URLField",
    "UUIDField",
}


def use_copy() -> bool:
    """True when this connection can `COPY` (PostgreSQL with psycopg 3)."""
    if connection.vendor != "postgresql":
        return False

    return is_psycopg3


def batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """`items` in lists of at most `size`, read lazily (a generator stays a stream)."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _columns(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]


def _copyable(model: type[models.Model]) -> bool:
    """Plain tables only: no multi-table inheritance and no database-side defaults to honour."""
    if model._meta.parents:
        return False
    return all(f.db_default is models.NOT_PROVIDED for f in _columns(model))


def _getter(fields: Sequence[models.Field]):
    """One function of the instance giving the fields' values as the database takes them, in
    the order of `fields`: plain attributes are read together (operator.attrgetter, in C), the
    others through `get_db_prep_save` as `bulk_create` would."""
    plain = [f for f in fields if f.get_internal_type() in _PLAIN]
    other = [f for f in fields if f.get_internal_type() not in _PLAIN]
    order = [*plain, *other]
    index = [order.index(f) for f in fields]
    names = [f.attname for f in plain]
    if len(names) > 1:
        read: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(*names)
    elif names:
        one = operator.attrgetter(names[0])

        def read(obj: Any) -> tuple[Any, ...]:
            return (one(obj),)
    else:

        def read(obj: Any) -> tuple[Any, ...]:
            return ()

    def convert(field: models.Field):
        if field.get_internal_type() == "DateTimeField":
            attname = field.attname

            def aware(obj):
                value = getattr(obj, attname)
                if value is None or value.tzinfo is not None:
                    return value
                return field.get_db_prep_save(value, connection)

            return aware
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)

    converters = [convert(f) for f in other]
    if index == list(range(len(fields))):
        return lambda obj: (*read(obj), *(c(obj) for c in converters))

    def values(obj):
        row = (*read(obj), *(c(obj) for c in converters))
        return [row[i] for i in index]

    return values


def _timestamps(fields: Sequence[models.Field]):
    """The auto_now/auto_now_add fields as they are switched now (a builder may turn them off)."""
    return [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]


def _reserve_pks(model: type[models.Model], n: int) -> list[int]:
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, n],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """`COPY` the rows (values in the order of `columns`, adapted by psycopg) into the model's
    table. PostgreSQL only."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    sql = f"COPY {table} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    _loaded.add(model._meta.db_table)
    return count


def _copy_objects(model: type[models.Model], objs: list[models.Model]) -> None:
    """Give the instances their keys and `COPY` them."""
    pk = model._meta.pk
    fields = _columns(model)
    missing = [obj for obj in objs if obj.pk is None]
    if missing:
        if isinstance(pk, models.AutoField):
            for obj, value in zip(missing, _reserve_pks(model, len(missing)), strict=True):
                obj.pk = value
        else:
            for obj in missing:
                obj.pk = cast(Any, pk).get_pk_value_on_save(obj)
    for f in _timestamps(fields):
        for obj in objs:
            f.pre_save(obj, True)
    values = _getter(fields)
    copy_rows(model, [f.column for f in fields], (values(obj) for obj in objs))
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def _copy_history(
    model: type[models.Model],
    objs: list[models.Model],
    *,
    default_user=None,
    default_change_reason: str | None = None,
    default_date=None,
) -> None:
    """The "+" history row of each instance, as simple-history's `bulk_history_create` makes it."""
    manager = get_history_manager_for_model(model)
    historical = manager.model
    tracked = {f.attname for f in historical.tracked_fields}
    fields = [f for f in _columns(historical) if not f.primary_key]
    # the tracked fields as they are on the instance, then the history's own columns
    mine = [f for f in fields if f.attname in tracked]
    own_fields = {f.attname: f for f in model._meta.concrete_fields}
    values = _getter([own_fields[f.attname] for f in mine])
    extra = [f for f in fields if f.attname not in tracked]
    now = default_date or timezone.now()
    first = objs[0] if objs else None
    user = default_user
    if user is None and first is not None:
        user = historical.get_default_history_user(first)
    user_id = getattr(user, "pk", user)
    constant = {
        "history_date": now,
        "history_user_id": user_id,
        "history_change_reason": default_change_reason,
        "history_type": "+",
    }
    for f in extra:
        if f.attname not in constant and f.attname != "history_relation_id":
            constant[f.attname] = f.get_default() if f.has_default() else None

    def row(obj) -> tuple[Any, ...]:
        own = values(obj)
        if obj.__dict__.keys() & {"_history_date", "_history_user", "_change_reason"}:
            given = {
                "history_date": getattr(obj, "_history_date", now),
                "history_user_id": getattr(getattr(obj, "_history_user", user), "pk", user_id),
                "history_change_reason": get_change_reason_from_object(obj)
                or default_change_reason,
            }
        else:
            given = {}
        rest = tuple(
            obj.pk
            if f.attname == "history_relation_id"
            else given.get(f.attname, constant[f.attname])
            for f in extra
        )
        return (*own, *rest)

    columns = [f.column for f in mine] + [f.column for f in extra]
    copy_rows(historical, columns, (row(obj) for obj in objs))


def bulk_create(
    model: type[models.Model], objs: Iterable[models.Model], *, batch_size: int = BATCH
) -> list[models.Model]:
    """`Model.objects.bulk_create` in batches, or `COPY` on PostgreSQL. Returns the instances
    with their keys."""
    out: list[models.Model] = []
    for batch in batches(objs, batch_size):
        if use_copy() and _copyable(model):
            _copy_objects(model, batch)
        else:
            model._default_manager.bulk_create(batch)
            _loaded.add(model._meta.db_table)
        out.extend(batch)
    return out


def bulk_create_with_history(
    objs: Iterable[models.Model],
    model: type[models.Model],
    batch_size: int = BATCH,
    default_user=None,
    default_change_reason: str | None = None,
    default_date=None,
) -> list[models.Model]:
    """simple-history's `bulk_create_with_history` (same arguments), or `COPY` of the rows and
    their history rows on PostgreSQL."""
    out: list[models.Model] = []
    for batch in batches(objs, batch_size):
        if use_copy() and _copyable(model):
            _copy_objects(model, batch)
            _copy_history(
                model,
                batch,
                default_user=default_user,
                default_change_reason=default_change_reason,
                default_date=default_date,
            )
        else:
            simple_history_bulk_create(
                batch,
                model,
                batch_size=batch_size,
                default_user=default_user,
                default_change_reason=default_change_reason,
                default_date=default_date,
            )
            _loaded.add(model._meta.db_table)
        out.extend(batch)
    return out


def _plain_value(field: models.Field) -> Callable[[Any], Any]:
    """How a plain row's value of the field goes to COPY: as it is where psycopg adapts it as
    Django would, through `get_db_prep_save` otherwise."""
    kind = field.get_internal_type()
    if kind in _PLAIN:
        return lambda value: value
    if kind == "DateTimeField":
        return lambda value: (
            value
            if value is None or value.tzinfo is not None
            else field.get_db_prep_save(value, connection)
        )
    return lambda value: field.get_db_prep_save(value, connection)


def insert_rows(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]],
    *,
    history_user=None,
    history_reason: str | None = None,
) -> list[int]:
    """Write plain rows (dicts of attribute names, e.g. `skp_id`) of a model without making a
    model instance per row, with their "+" history rows when the model keeps a history; a missing
    attribute takes the field's default, a missing auto_now(_add) timestamp now, a given one is
    kept. Returns the new primary keys in the order of `rows`. On PostgreSQL the keys come from
    the sequence and rows and history rows are copied (`COPY`); elsewhere the rows become
    instances for Django's `bulk_create` (and simple-history's `bulk_create_with_history`)."""
    if not rows:
        return []
    with_history = hasattr(model, "history")
    fields = _columns(model)
    pk = model._meta.pk
    now = timezone.now()
    defaults: dict[str, Any] = {}
    callables: dict[str, Callable[[], Any]] = {}
    for f in fields:
        if f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default() and callable(f.default):
            callables[f.attname] = f.default
        else:
            defaults[f.attname] = f.get_default()
    if not (use_copy() and _copyable(model) and isinstance(pk, models.AutoField)):
        objs = []
        for row in rows:
            values = {**defaults, **{k: c() for k, c in callables.items()}, **row}
            objs.append(model(**values))
        with kept_timestamps(model):
            if with_history:
                simple_history_bulk_create(
                    objs,
                    model,
                    batch_size=len(objs),
                    default_user=history_user,
                    default_change_reason=history_reason,
                )
            else:
                model._default_manager.bulk_create(objs, batch_size=BATCH)
        _loaded.add(model._meta.db_table)
        return [cast(int, obj.pk) for obj in objs]
    keys = _reserve_pks(model, len(rows))
    names = [f.attname for f in fields]
    convert = [_plain_value(f) for f in fields]
    full = []
    for key, row in zip(keys, rows, strict=True):
        values = {**defaults, **{k: c() for k, c in callables.items()}, **row, pk.attname: key}
        full.append(values)
    copy_rows(
        model,
        [f.column for f in fields],
        ([c(values[n]) for n, c in zip(names, convert, strict=True)] for values in full),
    )
    if with_history:
        historical = get_history_manager_for_model(model).model
        tracked = {f.attname for f in historical.tracked_fields}
        own = {f.attname: f for f in fields}
        hist_fields = [f for f in _columns(historical) if not f.primary_key]
        user_id = getattr(history_user, "pk", history_user)
        constant = {
            "history_date": now,
            "history_user_id": user_id,
            "history_change_reason": history_reason,
            "history_type": "+",
        }
        for f in hist_fields:
            if f.attname not in tracked and f.attname not in constant:
                constant[f.attname] = f.get_default() if f.has_default() else None
        plan = [
            (
                pk.attname if f.attname == "history_relation_id" else f.attname,
                _plain_value(own[f.attname])
                if f.attname in tracked
                else (lambda value: value)
                if f.attname == "history_relation_id"
                else None,
            )
            for f in hist_fields
        ]
        copy_rows(
            historical,
            [f.column for f in hist_fields],
            ([c(values[n]) if c is not None else constant[n] for n, c in plan] for values in full),
        )
    return keys


def update_rows(
    model: type[models.Model],
    objs: Sequence[models.Model],
    fields: Sequence[str],
    *,
    batch_size: int = BATCH,
) -> int:
    """Write `fields` (attribute names) of instances already in the table, as `bulk_update`
    would (the values as they are on the instances: no `pre_save`, so `auto_now` is not applied
    here). On PostgreSQL one `UPDATE … FROM (VALUES …)` per batch, joined on the primary key,
    instead of `bulk_update`'s `CASE WHEN` per column (whose expressions Django builds and
    resolves per row); elsewhere `bulk_update`. Returns the rows given."""
    if not objs:
        return 0
    if connection.vendor != "postgresql":
        model._default_manager.bulk_update(objs, list(fields), batch_size=batch_size)
        return len(objs)
    pk = model._meta.pk
    columns = [cast(models.Field, model._meta.get_field(name)) for name in fields]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ["pk", *(f"v{i}" for i in range(len(columns)))]
    sets = ", ".join(
        f"{quote(f.column)} = v.v{i}::{f.db_type(connection)}" for i, f in enumerate(columns)
    )
    with connection.cursor() as cursor:
        for batch in batches(objs, batch_size):
            row = "(" + ", ".join(["%s"] * len(names)) + ")"
            params: list[Any] = []
            for obj in batch:
                params.append(obj.pk)
                params.extend(
                    f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns
                )
            cursor.execute(
                f"UPDATE {table} AS t SET {sets} FROM (VALUES {', '.join([row] * len(batch))})"
                f" AS v({', '.join(names)}) WHERE t.{quote(pk.column)} = v.pk::{pk.db_type(connection)}",
                params,
            )
    return len(objs)


@contextmanager
def kept_timestamps(*models_: type[models.Model]) -> Iterator[None]:
    """Let a bulk write keep the created_at/updated_at/at values the demo sets (back-dated),
    instead of now: auto_now(_add) is switched off for those models while the block runs."""
    saved: list[tuple[Any, bool, bool]] = []
    for model in models_:
        for f in cast(list[Any], model._meta.concrete_fields):
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


def _foreign_keys() -> list[tuple[str, str, str]]:
    """(table, constraint, definition) of every foreign key in the current schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)"
            " FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
            " WHERE c.contype = 'f' AND n.nspname = current_schema()"
            " ORDER BY 1, 2"
        )
        return cursor.fetchall()


@contextmanager
def foreign_keys_checked_once() -> Iterator[None]:
    """On PostgreSQL, drop every foreign key of the schema for the block and add them back at its
    end: adding a foreign key checks the whole table in one query (a join), where a loaded row
    queues its own check per key until the commit (Django makes them DEFERRABLE INITIALLY
    DEFERRED) — ten minutes of COMMIT for the 100,000-employee province. Must run inside a
    transaction (DDL is transactional there): an exception inside the block, or a row whose key
    points nowhere when the keys are added back (IntegrityError), rolls back the load and the
    drop together. The tables are locked (ACCESS EXCLUSIVE) until the commit: a seed of a fresh
    database, not of one in use. Elsewhere (SQLite) nothing changes."""
    if not use_copy():
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("foreign_keys_checked_once needs a transaction")
    with connection.cursor() as cursor:
        # run the checks already queued in this transaction (a caller's rows): a table with
        # pending checks cannot be altered
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        keys = _foreign_keys()
        for table, name, _definition in keys:
            cursor.execute(
                f"ALTER TABLE {connection.ops.quote_name(table)} "
                f"DROP CONSTRAINT {connection.ops.quote_name(name)}"
            )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the checks of rows written meanwhile
        for table, name, definition in keys:
            cursor.execute(
                f"ALTER TABLE {connection.ops.quote_name(table)} "
                f"ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def analyze_loaded() -> list[str]:
    """`ANALYZE` every table loaded here since the last call (PostgreSQL; SQLite plans without
    statistics well enough and its `ANALYZE` would rewrite them for the whole file). Returns the
    tables analysed."""
    tables = sorted(_loaded)
    _loaded.clear()
    if connection.vendor != "postgresql" or not tables:
        return []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return tables
