"""Findings 10 and 18 of issue 14: concurrent writes that used to collide.

- Two (or ten) org-unit moves under one parent at once: serialised by locking the parent; no
  500. A move that still loses a race is a Conflict: 409 in the API, a message on the page.
- Concurrent `work_result_add` on one SKP: numbered 1, 2, 3 … without shared numbers.

The thread tests need a database with row locks and real concurrency: PostgreSQL.
"""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from django.db import IntegrityError, connection
from django.urls import reverse
from rest_framework.test import APIClient

from abdi.core.concurrency import Conflict
from abdi.org import services as org_services
from abdi.org.models import OrgUnit


def _run_in_threads(n: int, work) -> list:
    outcomes: list = [None] * n
    barrier = threading.Barrier(n)

    def one(i):
        try:
            barrier.wait()
            outcomes[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - the test inspects every outcome
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks and parallel writers: run with DATABASE_URL=postgres://…",
)


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_moves_under_one_parent_serialise(personas):
    admin = personas.admin
    target = org_services.org_unit_create(
        actor=admin,
        agency=personas.unit_a.agency,
        parent=personas.region,
        code="TUJUAN",
        name="Unit tujuan",
        kind=personas.unit_a.kind,
    )
    movers = [
        org_services.org_unit_create(
            actor=admin,
            agency=personas.unit_b.agency,
            parent=personas.unit_b,
            code=f"PINDAH{i}",
            name=f"Unit pindah {i}",
            kind=personas.unit_b.kind,
        )
        for i in range(8)
    ]
    outcomes = _run_in_threads(
        len(movers),
        lambda i: org_services.org_unit_move(actor=admin, unit=movers[i], new_parent=target),
    )
    errors = [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, Conflict)]
    assert not errors, errors
    target.refresh_from_db()
    children = OrgUnit.objects.filter(parent=target)
    moved = sum(1 for o in outcomes if isinstance(o, OrgUnit))
    assert children.count() == moved == target.numchild
    paths = list(OrgUnit.objects.values_list("path", flat=True))
    assert len(paths) == len(set(paths))
    assert all(c.path.startswith(target.path) for c in children)


@pytest.mark.django_db
def test_a_lost_race_is_409_in_the_api_and_a_message_on_the_page(personas, login):
    unit = personas.subunit_a
    with mock.patch.object(OrgUnit.objects, "move", side_effect=IntegrityError("duplicate path")):
        api = APIClient()
        api.force_authenticate(personas.admin)
        response = api.post(
            f"/api/v1/org-units/{unit.pk}/move/", {"parent": personas.unit_b.pk}, format="json"
        )
        assert response.status_code == 409
        assert "bersamaan" in response.json()["errors"]["non_field_errors"][0]
        page = login(personas.admin).post(
            reverse("org:unit_move", args=[unit.pk]), {"parent": personas.unit_b.pk}
        )
        assert page.status_code == 200 and "bersamaan" in page.content.decode()
    unit.refresh_from_db()
    assert unit.parent_id == personas.unit_a.pk  # nothing half-moved


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_work_result_adds_get_distinct_numbers(personas):
    from abdi.performance import services as perf
    from abdi.performance.testing import open_year

    open_year(personas.admin, year=2026)
    skp = perf.skp_create(actor=personas.employee.user, employee=personas.employee, year=2026)
    owner = personas.employee.user
    n = 12
    outcomes = _run_in_threads(
        n,
        lambda i: perf.work_result_add(
            actor=owner, skp=skp, title=f"RHK paralel {i}", kind="additional"
        ),
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    orders = sorted(skp.work_results.values_list("order", flat=True))
    assert orders == sorted(set(orders))
    assert len(orders) >= n
