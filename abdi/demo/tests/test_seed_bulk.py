"""The demo's bulk writes: `COPY` on PostgreSQL, `bulk_create` elsewhere, the same rows either way.

The PostgreSQL tests are skipped on SQLite and the SQLite ones on PostgreSQL; CI runs both.
"""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction

from abdi.demo.builders import bulk
from abdi.demo.builders.fastinsert import fast_insert
from abdi.employees.models import Award, Employee
from abdi.learning.models import JpEntry
from abdi.performance.models import SKP, Realisation

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the COPY path: PostgreSQL only"
)
needs_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the portable path")
TODAY = dt.date(2026, 3, 15)
FIELDS = ["employee_id", "name", "issuer", "awarded_on", "decree_number"]


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def awards(employee, n, prefix):
    return [
        Award(
            employee=employee,
            name=f"{prefix} {i}",
            issuer="Gubernur Jambi" if i % 2 else "",
            awarded_on=dt.date(2020, 1, 1) + dt.timedelta(days=i),
            decree_number=f"{i}/KEP/2020",
        )
        for i in range(n)
    ]


def written(prefix):
    rows = Award.objects.filter(name__startswith=prefix).order_by("awarded_on")
    history = Award.history.filter(name__startswith=prefix).order_by("awarded_on")
    return (
        [tuple(getattr(a, f) for f in FIELDS)[1:] for a in rows],
        [(h.history_type, h.history_change_reason, h.history_user_id, h.id) for h in history],
        list(rows.values_list("pk", flat=True)),
    )


@needs_postgresql
@pytest.mark.django_db
def test_copy_writes_the_rows_and_history_bulk_create_writes(personas, monkeypatch):
    employee = personas.employee
    user = personas.admin
    copied = awards(employee, 7, "Copy")
    # a generator: the loader reads it in batches (3 here), never as one list
    out = bulk.bulk_create_with_history(
        (a for a in copied), Award, batch_size=3, default_user=user, default_change_reason="demo"
    )
    assert [a.pk for a in out] == [a.pk for a in copied] and all(a.pk for a in copied)
    assert all(not a._state.adding for a in copied)
    monkeypatch.setattr(bulk, "use_copy", lambda: False)
    bulk.bulk_create_with_history(
        awards(employee, 7, "Insert"), Award, default_user=user, default_change_reason="demo"
    )
    rows_c, history_c, pks_c = written("Copy")
    rows_i, history_i, _pks = written("Insert")
    assert [r[1:] for r in rows_c] == [r[1:] for r in rows_i]  # same values but the name
    assert len(rows_c) == 7
    assert [h[:3] for h in history_c] == [("+", "demo", user.pk)] * 7 == [h[:3] for h in history_i]
    assert [h[3] for h in history_c] == pks_c  # each history row points at its row
    # the sequence stays ahead of the keys taken: a normal insert afterwards does not collide
    later = Award.objects.create(employee=employee, name="Later", awarded_on=TODAY)
    assert later.pk > max(pks_c)
    created = Award.objects.get(pk=pks_c[0]).created_at
    assert created is not None and abs(created - Award.objects.get(pk=later.pk).created_at) < (
        dt.timedelta(minutes=5)
    )


@needs_postgresql
@pytest.mark.django_db
def test_fast_insert_copies_rows_and_leaves_the_rest_to_defaults(personas):
    employee = personas.employee
    fast_insert(
        JpEntry,
        (
            {
                "employee_id": employee.pk,
                "year": 2026,
                "date": TODAY,
                "jp": 5,
                "title": f"T{i}",
                "source": "training",
            }
            for i in range(3)
        ),
    )
    lines = list(JpEntry.objects.filter(employee=employee).order_by("title"))
    assert [(x.title, x.jp, x.date, x.registration_id) for x in lines] == [
        ("T0", 5, TODAY, None),
        ("T1", 5, TODAY, None),
        ("T2", 5, TODAY, None),
    ]
    assert JpEntry._meta.db_table in bulk._loaded
    assert JpEntry._meta.db_table in bulk.analyze_loaded()
    assert bulk._loaded == set()


@needs_sqlite
@pytest.mark.django_db
def test_sqlite_takes_the_portable_path(personas, monkeypatch):
    def no_copy(*args, **kwargs):
        raise AssertionError("COPY on SQLite")

    monkeypatch.setattr(bulk, "copy_rows", no_copy)
    assert bulk.use_copy() is False
    out = bulk.bulk_create_with_history(
        (a for a in awards(personas.employee, 5, "Portable")),
        Award,
        batch_size=2,
        default_change_reason="demo",
    )
    assert len(out) == 5 and all(a.pk for a in out)
    rows, history, pks = written("Portable")
    assert len(rows) == 5 and [h[3] for h in history] == pks
    assert bulk.analyze_loaded() == []  # no statistics to refresh on SQLite


def counts():
    """Rows per table of every app, the demo's whole footprint."""
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label not in {"contenttypes", "sessions", "admin"}
    }


def seeded_counts(**extra):
    with transaction.atomic():
        call_command(
            "seed_demo",
            employees=120,
            seed=11,
            password="demo-pass-123",
            today=TODAY,
            stdout=StringIO(),
            **extra,
        )
        found = counts()
        nips = list(Employee.objects.order_by("nip").values_list("nip", "name"))
        values = sorted(
            (str(v) for v in Realisation.objects.values_list("value", flat=True)), key=str
        )
        transaction.set_rollback(True)
    return found, nips, values


@needs_postgresql
@pytest.mark.django_db
def test_a_small_seed_gives_the_same_data_by_copy_and_by_bulk_create(monkeypatch):
    by_copy = seeded_counts()
    monkeypatch.setattr(bulk, "use_copy", lambda: False)
    by_insert = seeded_counts()
    assert by_copy == by_insert
    found, nips, _values = by_copy
    assert len(nips) == 120
    assert found["employees.Employee"] == 120
    # a creation row per employee, and a few later changes made by the careers services
    assert found["employees.HistoricalEmployee"] >= 120
    assert found["performance.SKP"] > 100
    assert found["performance.Realisation"] > 0


@pytest.mark.django_db
def test_the_seed_keeps_back_dated_times_and_its_invariants():
    """Either path: back-dated SKP times are kept (not overwritten by now), every history row
    belongs to a row, and every realisation is on an approved SKP."""
    call_command(
        "seed_demo",
        employees=120,
        seed=11,
        password="demo-pass-123",
        today=TODAY,
        stdout=StringIO(),
    )
    skps = SKP.objects.all()
    assert skps.exists()
    assert all(s.created_at.date() <= dt.date(2026, 1, 20) for s in skps)
    assert all(s.created_at.year == 2026 for s in skps)
    # one creation row per employee, pointing at it (later changes by services add "~" rows)
    created = list(Employee.history.filter(history_type="+").values_list("id", flat=True))
    assert sorted(created) == sorted(Employee.objects.values_list("pk", flat=True))
    assert not Realisation.objects.exclude(indicator__work_result__skp__status="approved").exists()
    assert Realisation.objects.exclude(value=None).filter(value__lt=Decimal(0)).count() == 0
