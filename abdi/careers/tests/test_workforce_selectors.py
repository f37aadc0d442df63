"""Workforce needs: posts, holders, acting holders and retirements per year."""

import datetime as dt

import pytest

from abdi.careers.selectors.workforce import workforce_positions, workforce_rows, workforce_xlsx
from abdi.employees.models import ActingAssignment
from abdi.testing import make_employee

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


def test_rows_count_holders_acting_and_retirements(personas, django_assert_max_num_queries):
    p = personas
    # Pelaksana, BUP 58: born 10 May 1970 → retires 1 Jun 2028.
    make_employee(
        name="Purna 2028",
        unit=p.subunit_a,
        position=p.staff_position,
        birth_date=dt.date(1970, 5, 10),
        tmt_cpns=dt.date(1995, 3, 1),
    )
    ActingAssignment.objects.create(
        employee=p.head_a,
        position=p.supervisor_position,
        kind="plt",
        start_date=dt.date(2026, 11, 1),
        end_date=dt.date(2027, 1, 31),
    )
    positions = workforce_positions(user=p.admin, unit=p.unit_a)
    with django_assert_max_num_queries(16):
        rows = {r.position.pk: r for r in workforce_rows(positions, today=TODAY)}
    staff = rows[p.staff_position.pk]
    assert (staff.position.posts, staff.holders, staff.vacant) == (3, 3, 0)
    assert staff.retiring == [0, 1, 0, 0, 0]  # 2027..2031
    assert staff.vacancies_by_year() == [0, 1, 1, 1, 1]
    assert rows[p.supervisor_position.pk].acting == 1
    assert p.staff_position_b.pk not in rows
    assert not workforce_positions(user=p.employee.user).exists()
    assert workforce_xlsx(positions, today=TODAY)[:2] == b"PK"
