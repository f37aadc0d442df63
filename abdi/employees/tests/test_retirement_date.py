"""The stored retirement date (BUP date) follows its inputs through every writer, and the list's
"retiring within" filter reads it.

Worked examples from PP 11/2017 Pasal 239 (BUP 58 for pelaksana and administrator positions, 60
for JPT and JF ahli madya) with pension on the 1st of the month after the BUP birthday: born
15 June 1990 in a pelaksana position → 58 on 15 June 2048 → pension 1 July 2048; the same person
as JF ahli madya or JPT pratama → 60 on 15 June 2050 → 1 July 2050."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from abdi.employees import services as employee_services
from abdi.employees.models import Employee
from abdi.employees.rules import build_pns_nip
from abdi.employees.selectors import imports as import_reads
from abdi.employees.services.imports import writing
from abdi.employees.services.retirement import retirement_dates_refresh
from abdi.employees.tests.test_import import csv_bytes, dry_run, nip, row
from abdi.employees.tests.test_services import BIRTH, TMT, make_input
from abdi.org.models import Position
from abdi.testing import make_employee

pytestmark = pytest.mark.django_db


def stored(employee) -> dt.date | None:
    return Employee.objects.values_list("retirement_date", flat=True).get(pk=employee.pk)


@pytest.fixture
def jf_madya(personas):
    return Position.objects.create(
        code="DINKES-JF-MADYA",
        name="Dokter Ahli Madya",
        kind="jf_ahli_madya",
        class_grade=11,
        org_unit=personas.subunit_a,
        posts=3,
    )


def test_create_and_update_store_the_date(personas, jf_madya):
    assert dt.date(1990, 6, 15) == BIRTH
    created = employee_services.employee_create(actor=personas.admin, data=make_input(personas))
    assert stored(created) == dt.date(2048, 7, 1)  # pelaksana, BUP 58
    # A new position with another BUP.
    employee_services.employee_update(
        actor=personas.admin,
        employee=created,
        data=make_input(personas, position=jf_madya),
        confirm_warnings=True,
    )
    assert stored(created) == dt.date(2050, 7, 1)  # JF ahli madya, BUP 60
    # A corrected birth date (with the NIP that carries it).
    born = dt.date(1990, 1, 31)
    employee_services.employee_update(
        actor=personas.admin,
        employee=Employee.objects.get(pk=created.pk),
        data=make_input(
            personas, nip=build_pns_nip(born, TMT, "m", 41), birth_date=born, position=jf_madya
        ),
        confirm_warnings=True,
    )
    assert stored(created) == dt.date(2050, 2, 1)


def test_position_change_stores_the_date_of_the_new_position(personas):
    employee = make_employee(
        name="Budi Staf",
        unit=personas.subunit_a,
        position=personas.staff_position,
        birth_date=dt.date(1990, 6, 15),
    )
    assert stored(employee) == dt.date(2048, 7, 1)
    # The post is held by head_b; a second seat keeps this about the date, not the capacity.
    Position.objects.filter(pk=personas.head_position_b.pk).update(posts=2)
    employee_services.position_change(
        actor=personas.admin,
        employee=employee,
        position=personas.head_position_b,  # JPT pratama: BUP 60
        effective_from=dt.date(2026, 11, 2),
        decree_number="821/7/2026",
        reason="Promosi",
    )
    assert stored(employee) == dt.date(2050, 7, 1)


def test_import_stores_the_date_of_created_and_changed_rows(personas):
    job = dry_run(personas.admin, csv_bytes([row(1)]))
    writing.import_execute(actor=personas.admin, job=job)
    # Born 12 April 1991, no position: the default BUP 58 → 12 April 2049 → 1 May 2049.
    employee = Employee.objects.get(nip=nip(1))
    assert stored(employee) == dt.date(2049, 5, 1)
    # Re-imported into a position with its own BUP: the date follows.
    Position.objects.filter(pk=personas.staff_position.pk).update(retirement_age_override=60)
    moved = row(1, JABATAN_KODE=personas.staff_position.code, TMT_JABATAN="2020-01-02")
    job = dry_run(personas.admin, csv_bytes([moved]))
    assert job.updated_count == 1, import_reads.report_errors(job)
    writing.import_execute(actor=personas.admin, job=job)
    assert stored(employee) == dt.date(2051, 5, 1)


def test_refresh_follows_a_position_override_and_writes_only_what_changed(personas):
    employee = make_employee(
        name="Guru Staf",
        unit=personas.subunit_a,
        position=personas.staff_position,
        birth_date=dt.date(1990, 6, 15),
    )
    assert retirement_dates_refresh() == 0  # every writer already stored it
    Position.objects.filter(pk=personas.staff_position.pk).update(retirement_age_override=60)
    changed = retirement_dates_refresh(position_ids=[personas.staff_position.pk])
    assert changed == Employee.objects.filter(position=personas.staff_position).count()
    assert stored(employee) == dt.date(2050, 7, 1)


def test_retiring_filter_reads_the_stored_date(personas, login, django_assert_max_num_queries):
    today = timezone.localdate()
    # BUP birthday next month → pension the 1st of the month after: within 3 months.
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=15)
    soon = make_employee(
        name="Segera Pensiun",
        unit=personas.subunit_a,
        position=personas.staff_position,
        birth_date=next_month.replace(year=next_month.year - 58),
    )
    later = make_employee(
        name="Masih Lama",
        unit=personas.subunit_a,
        position=personas.staff_position,
        birth_date=next_month.replace(year=next_month.year - 56),
    )
    client = login(personas.admin)
    with django_assert_max_num_queries(20):
        response = client.get("/employees/", {"retiring_within_months": "3"})
    assert response.status_code == 200
    shown = {e.pk for e in response.context["page_obj"].object_list}
    assert soon.pk in shown
    assert later.pk not in shown
    # The date is the filter's only input: moved by a stale value, the row leaves the list.
    Employee.objects.filter(pk=soon.pk).update(retirement_date=dt.date(2099, 1, 1))
    response = client.get("/employees/", {"retiring_within_months": "3"})
    assert soon.pk not in {e.pk for e in response.context["page_obj"].object_list}
