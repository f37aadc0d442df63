"""The employee list's speed measures (docs/decisions/0010-list-performance.md) keep its
behaviour: pages in list order without gaps or repeats, the unit filter over the whole subtree
(closed sub-units too), the scope written either way, the indexes on both databases."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from abdi.employees import permissions as perms
from abdi.employees import selectors
from abdi.employees.filtersets import EmployeeFilterSet
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit
from abdi.testing import make_employee

pytestmark = pytest.mark.django_db

API_LIST = "/api/v1/employees/"
LIST_INDEX = "employees_emp_list_order_idx"
TRIGRAM_INDEX = "employees_emp_name_trgm_idx"


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def _closed_subunit(personas) -> OrgUnit:
    unit = OrgUnit.objects.add_child(
        OrgUnit.objects.get(pk=personas.subunit_a.pk),
        {
            "agency": personas.agency,
            "code": "DINKES-YAN-LAMA",
            "name": "Seksi Lama",
            "kind": "section",
            "parent": personas.subunit_a,
        },
    )
    OrgUnit.objects.filter(pk=unit.pk).update(is_active=False, closed_on=dt.date(2025, 1, 1))
    return unit


def _add_staff(personas, n: int, *, unit=None) -> None:
    for i in range(n):
        make_employee(
            name=f"Staf {i:02d}",
            unit=unit or personas.subunit_a,
            position=personas.staff_position,
            birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=i),
        )


# --- pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "operator"])
def test_pages_follow_the_list_order_without_gaps(personas, role):
    _add_staff(personas, 12)
    # two employees with the same name: the NIP decides, on every page
    make_employee(name="Staf 05", unit=personas.subunit_a, birth_date=dt.date(1990, 5, 5))
    user = _fresh(personas.user(role))
    everyone = list(selectors.employee_list(user=user).values_list("nip", flat=True))
    assert everyone == list(
        perms.employees_visible_to(_fresh(user))
        .order_by("name", "nip")
        .values_list("nip", flat=True)
    )
    paginator = selectors.EmployeePaginator(selectors.employee_list(user=user), 4, orphans=1)
    paged = []
    for number in paginator.page_range:
        page = paginator.page(number)
        rows = list(page.object_list)
        assert rows and all(r.org_unit.name and hasattr(r, "rank") for r in rows)
        paged.extend(r.nip for r in rows)
    assert paged == everyone
    assert paginator.count == len(everyone)


def test_page_rows_need_no_further_queries(personas):
    _add_staff(personas, 6)
    paginator = selectors.EmployeePaginator(selectors.employee_list(user=_fresh(personas.admin)), 5)
    page = paginator.page(2)
    with CaptureQueriesContext(connection) as queries:
        rows = list(page.object_list)
        labels = [(r.full_name, r.rank.code, r.position.name, r.org_unit.name) for r in rows]
    assert len(queries) == 1 and len(labels) == 5


def test_api_page_size_is_honoured_and_queries_do_not_grow(personas, login):
    _add_staff(personas, 40)
    client = login(personas.operator)
    counts = {}
    for size in (5, 40):
        with CaptureQueriesContext(connection) as queries:
            body = client.get(API_LIST, {"page_size": size, "q": "staf"}).json()
        assert len(body["results"]) == size
        assert body["count"] == 40
        counts[size] = len(queries)
    assert counts[5] == counts[40]
    capped = client.get(API_LIST, {"page_size": 1000}).json()
    assert len(capped["results"]) == min(200, capped["count"])


def test_deep_page_beyond_the_end_is_404_on_the_api_and_last_page_on_the_page(personas, login):
    client = login(personas.admin)
    assert client.get(API_LIST, {"page": 99}).status_code == 404
    response = client.get(reverse("employees:list"), {"page": 99})
    assert response.context["page_obj"].number == response.context["page_obj"].paginator.num_pages


# --- unit filter --------------------------------------------------------------------------------


def test_unit_filter_covers_the_subtree_including_closed_subunits(personas, login):
    closed = _closed_subunit(personas)
    old = make_employee(name="Pegawai Seksi Lama", unit=closed, is_active=False)
    client = login(personas.admin)
    response = client.get(reverse("employees:list"), {"unit": personas.unit_a.pk})
    shown = set(response.context["employees"])
    assert old in shown and personas.employee in shown and personas.outsider not in shown
    body = client.get(API_LIST, {"unit": personas.subunit_a.pk}).json()
    assert old.nip in {row["nip"] for row in body["results"]}


def test_unit_picker_shows_the_chosen_unit_and_its_ancestors_by_name(personas, login):
    closed = _closed_subunit(personas)
    response = login(personas.admin).get(reverse("employees:list"), {"unit": personas.subunit_a.pk})
    html = response.content.decode()
    assert "<select" not in html.split('name="unit"')[0].rsplit("<div", 1)[-1]
    start = html.index('id="id_unit-options"')
    options = html[start : html.index("</div>", start)]
    radios = re.findall(r'name="unit" value="(\d+)"( checked)?', options)
    # the chosen unit first (checked), then up the tree: one click to widen the filter
    assert radios == [
        (str(personas.subunit_a.pk), " checked"),
        (str(personas.unit_a.pk), ""),
        (str(personas.region.pk), ""),
    ]
    assert personas.subunit_a.name in options
    assert str(closed.pk) not in options  # a closed unit is not offered
    assert 'hx-vals=\'{"field": "unit", "scope": "employees"}\'' in html


def test_unit_picker_offers_only_the_operators_units(personas, login):
    """The operator may still filter by any active unit (it only narrows their own list), but
    the picker offers, and its search finds, only the units whose employees they see."""
    client = login(personas.operator)
    outside = client.get(reverse("employees:list"), {"unit": personas.unit_b.pk})
    assert outside.status_code == 200 and not outside.context["form"].errors
    assert list(outside.context["employees"]) == []
    assert f'name="unit" value="{personas.unit_b.pk}"' not in outside.content.decode()
    inside = client.get(reverse("employees:list"), {"unit": personas.subunit_a.pk}).content.decode()
    assert f'name="unit" value="{personas.subunit_a.pk}" checked' in inside
    assert f'name="unit" value="{personas.region.pk}"' not in inside  # above the operator's OPD
    found = client.get(
        reverse("org:unit_options"),
        {"unit_picker_q": "Dinas", "field": "unit", "scope": "employees"},
    ).content.decode()
    assert f'value="{personas.unit_a.pk}"' in found
    assert f'value="{personas.unit_b.pk}"' not in found


def test_supervisor_picker_offers_their_own_unit(personas, login):
    from abdi.employees.permissions import list_unit_paths

    supervisor = _fresh(personas.user("supervisor"))
    paths = list_unit_paths(supervisor)
    me = perms.own_employee(supervisor)
    assert paths and any(me.org_unit.path.startswith(p) for p in paths)
    assert list_unit_paths(_fresh(personas.admin)) is None


def test_unit_filter_rejects_an_unknown_or_closed_unit(personas, login):
    closed = _closed_subunit(personas)
    client = login(personas.admin)
    for value in (closed.pk, 999999, "abc"):
        response = client.get(API_LIST, {"unit": value})
        assert response.status_code == 400, value
        assert "unit" in str(response.json())
    page = client.get(reverse("employees:list"), {"unit": closed.pk})
    assert page.context["form"].errors["unit"]


def test_unit_choices_are_read_only_when_needed(personas, login):
    """The API and the page without `unit` never read the 2,000 units; with one, once (the
    check, the subtree and the picker's preselected unit)."""
    client = login(personas.admin)
    for url in (API_LIST, reverse("employees:list")):
        with CaptureQueriesContext(connection) as queries:
            client.get(url, {"q": "budi"})
        assert not any('FROM "org_orgunit"' in q["sql"] for q in queries), url
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("employees:list"), {"unit": personas.unit_a.pk})
    assert sum('FROM "org_orgunit"' in q["sql"] for q in queries) == 1


def test_filterset_form_can_be_deep_copied_with_its_request(personas, rf):
    request = rf.get("/employees/")
    request.user = personas.admin
    filterset = EmployeeFilterSet({}, queryset=Employee.objects.all(), request=request)
    assert "unit" in filterset.form.fields  # building the form deep-copies the fields


# --- scope written as a subquery or as ids ------------------------------------------------------


@pytest.mark.parametrize("role", ["operator", "leader", "admin", "nobody"])
def test_scope_is_the_same_with_inlined_unit_ids(personas, role):
    _closed_subunit(personas)
    user = personas.user(role)
    by_subquery = set(perms.employees_visible_to(_fresh(user)).values_list("pk", flat=True))
    by_ids = set(
        perms.employees_visible_to(_fresh(user), inline_units=True).values_list("pk", flat=True)
    )
    assert by_subquery == by_ids


def test_inlined_scope_costs_one_small_query(personas, django_assert_max_num_queries):
    user = _fresh(personas.operator)
    with django_assert_max_num_queries(4):
        assert len(list(perms.employees_visible_to(user, inline_units=True))) == 4


def test_no_paths_means_no_rows(personas):
    assert not Employee.objects.filter(perms.in_unit_subtrees(())).exists()
    assert not Employee.objects.filter(perms.in_unit_subtrees((), inline=True)).exists()


# --- indexes and search on each database --------------------------------------------------------


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        return {
            name
            for name, info in connection.introspection.get_constraints(
                cursor, Employee._meta.db_table
            ).items()
            if info["index"]
        }


def test_list_order_index_exists():
    assert LIST_INDEX in _indexes()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite path")
def test_sqlite_has_no_trigram_index_and_searches_all_the_same(personas, login):
    from importlib import import_module

    migration = import_module("abdi.employees.migrations.0002_list_indexes")
    assert migration.create_trigram_index(connection) is False
    assert TRIGRAM_INDEX not in _indexes()
    response = login(personas.admin).get(reverse("employees:list"), {"q": "BUDI peg"})
    assert [e.name for e in response.context["employees"]] == ["Budi Pegawai"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_name_search_uses_the_trigram_index(personas):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            pytest.skip("pg_trgm could not be created on this server")
    assert TRIGRAM_INDEX in _indexes()
    filterset = EmployeeFilterSet({"q": "budi"}, queryset=Employee.objects.all())
    sql, params = filterset.qs.query.sql_with_params()
    with connection.cursor() as cursor:
        # A handful of test rows: keep the planner from preferring a scan of the ordering index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert TRIGRAM_INDEX in plan
    assert [e.name for e in filterset.qs] == ["Budi Pegawai"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_migration_carries_on_without_pg_trgm(monkeypatch):
    """A server that refuses CREATE EXTENSION: no error, no index, the transaction usable."""
    from importlib import import_module

    migration = import_module("abdi.employees.migrations.0002_list_indexes")
    real_cursor = connection.cursor

    class Refusing:
        def __init__(self):
            self.cursor = real_cursor()

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.cursor.close()

        def execute(self, sql, params=None):
            if "CREATE EXTENSION" in sql:
                self.cursor.execute("SELECT 1/0")  # a real database error, as a refusal is
            return self.cursor.execute(sql, params)

    monkeypatch.setattr(connection, "cursor", Refusing)
    assert migration.create_trigram_index(connection) is False
    monkeypatch.undo()
    assert Employee.objects.count() >= 0  # the surrounding transaction still works
