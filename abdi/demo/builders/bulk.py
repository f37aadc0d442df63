"""Bulk writes for the demo: PostgreSQL's `COPY` where it is available, `bulk_create` elsewhere.

The builders make model instances (or plain rows, see `fastinsert`) and hand them here in
batches. On PostgreSQL every batch takes its primary keys from the table's sequence in one query
and is streamed with `COPY … FROM STDIN` (psycopg's `cursor.copy`), the history rows of
django-simple-history too; that skips building and parsing one large `INSERT` per batch, which is
most of the database's work in a bulk load. Everywhere else the portable path is Django's
`bulk_create` (and simple-history's `bulk_create_with_history`), unchanged. Both write the same
values: each field's `pre_save` (so `auto_now` and files behave as in `bulk_create`) and
`get_db_prep_save`, and the instances come back with their keys as from `bulk_create`.

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
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

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
