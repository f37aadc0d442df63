"""The demo's plain-row writer (`insert_rows`: dicts, no model instance per row) and, on
PostgreSQL, the foreign keys taken off for a load and validated once when they are put back.

The PostgreSQL tests are skipped on SQLite and the SQLite ones on PostgreSQL; CI runs both.
"""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from abdi.demo.builders import bulk
from abdi.employees.models import Award

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the COPY path: PostgreSQL only"
)
TODAY = dt.date(2026, 3, 15)


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def award_rows(employee, n, prefix):
    return [
        {
            "employee_id": employee.pk,
            "name": f"{prefix} {i}",
            "awarded_on": dt.date(2020, 1, 1) + dt.timedelta(days=i),
            "decree_number": f"{i}/KEP/2020",
            **({"issuer": "Gubernur Jambi"} if i % 2 else {}),
        }
        for i in range(n)
    ]


def written(prefix):
    rows = Award.objects.filter(name__startswith=prefix).order_by("awarded_on")
    history = Award.history.filter(name__startswith=prefix).order_by("awarded_on")
    return (
        [(a.issuer, a.awarded_on, a.decree_number, a.created_at is not None) for a in rows],
        [(h.history_type, h.history_change_reason, h.history_user_id, h.id) for h in history],
        list(rows.values_list("pk", flat=True)),
    )


@pytest.mark.django_db
def test_insert_rows_writes_rows_defaults_and_history_rows(personas):
    """Either path (COPY on PostgreSQL, bulk_create elsewhere)."""
    keys = bulk.insert_rows(
        Award,
        award_rows(personas.employee, 5, "Plain"),
        history_user=personas.admin,
        history_reason="demo",
    )
    rows, history, pks = written("Plain")
    assert keys == pks and len(set(keys)) == 5
    assert [r[0] for r in rows] == ["", "Gubernur Jambi", "", "Gubernur Jambi", ""]  # default ""
    assert all(r[3] for r in rows)  # created_at: now when not given
    assert history == [("+", "demo", personas.admin.pk, pk) for pk in pks]
    assert bulk.insert_rows(Award, []) == []
    later = Award.objects.create(employee=personas.employee, name="Later", awarded_on=TODAY)
    assert later.pk > max(keys)  # the sequence stays ahead of the keys taken


@needs_postgresql
@pytest.mark.django_db
def test_insert_rows_copies_what_the_portable_path_inserts(personas, monkeypatch):
    bulk.insert_rows(Award, award_rows(personas.employee, 4, "Copy"), history_reason="demo")
    monkeypatch.setattr(bulk, "use_copy", lambda: False)
    bulk.insert_rows(Award, award_rows(personas.employee, 4, "Insert"), history_reason="demo")
    rows_c, history_c, _ = written("Copy")
    rows_i, history_i, _ = written("Insert")
    assert rows_c == rows_i
    assert [h[:3] for h in history_c] == [h[:3] for h in history_i] == [("+", "demo", None)] * 4


@pytest.mark.django_db
def test_update_rows_writes_the_given_fields_of_those_rows_only(personas):
    """Either path (UPDATE … FROM (VALUES …) on PostgreSQL, bulk_update elsewhere), in batches."""
    bulk.insert_rows(Award, award_rows(personas.employee, 5, "Upd"), history_reason="demo")
    bulk.insert_rows(Award, award_rows(personas.employee, 2, "Kept"), history_reason="demo")
    kept_before = written("Kept")
    awards = list(Award.objects.filter(name__startswith="Upd").order_by("awarded_on"))
    stamp = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
    for i, award in enumerate(awards):
        award.awarded_on = dt.date(2021, 2, 1) + dt.timedelta(days=i)
        award.decree_number = f"{i}/BARU/2021"
        award.created_at = stamp
        award.issuer = "tidak ditulis"  # not among the fields given
    assert (
        bulk.update_rows(Award, awards, ["awarded_on", "decree_number", "created_at"], batch_size=2)
        == 5
    )
    assert bulk.update_rows(Award, [], ["awarded_on"]) == 0
    got = list(
        Award.objects.filter(name__startswith="Upd")
        .order_by("awarded_on")
        .values_list("awarded_on", "decree_number", "created_at", "issuer")
    )
    assert got == [
        (dt.date(2021, 2, 1) + dt.timedelta(days=i), f"{i}/BARU/2021", stamp, issuer)
        for i, issuer in enumerate(["", "Gubernur Jambi", "", "Gubernur Jambi", ""])
    ]
    assert written("Kept") == kept_before


def foreign_key_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
            " WHERE c.contype = 'f' AND n.nspname = current_schema()"
        )
        return cursor.fetchone()[0]


@needs_postgresql
@pytest.mark.django_db
def test_foreign_keys_come_back_validated_and_a_dangling_key_rolls_the_load_back(personas):
    keys = foreign_key_count()
    assert keys > 100
    # rows of this transaction written before (the personas) do not stop the keys being dropped
    with transaction.atomic(), bulk.foreign_keys_checked_once():
        assert foreign_key_count() == 0
        bulk.insert_rows(Award, award_rows(personas.employee, 2, "Valid"))
    assert foreign_key_count() == keys
    assert len(written("Valid")[2]) == 2
    with pytest.raises(IntegrityError), transaction.atomic(), bulk.foreign_keys_checked_once():
        rows = award_rows(personas.employee, 2, "Dangling")
        rows[1]["employee_id"] = 10**9  # no such employee: caught when the key is put back
        bulk.insert_rows(Award, rows)
    assert foreign_key_count() == keys
    assert written("Dangling")[2] == []  # the load was rolled back with the key's drop
    try:  # and the key checks again (deferred: made to check now)
        with pytest.raises(IntegrityError), transaction.atomic():
            Award.objects.create(employee_id=10**9, name="Late", awarded_on=TODAY)
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_foreign_keys_checked_once_needs_a_transaction_on_postgresql():
    if connection.vendor != "postgresql":
        with bulk.foreign_keys_checked_once():  # nothing to do elsewhere
            pass
        return
    with pytest.raises(RuntimeError), bulk.foreign_keys_checked_once():
        pass
