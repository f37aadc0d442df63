"""salary_step_add: the KGB history row and the last KGB date it moves."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abdi.employees import services
from abdi.employees.models import SalaryStepHistory

pytestmark = pytest.mark.django_db


def test_newest_step_moves_the_last_kgb_date_and_keeps_history(personas):
    p = personas
    services.salary_step_add(
        actor=p.operator,
        employee=p.employee,
        effective_from=dt.date(2024, 3, 1),
        decree_number="822/1",
        basic_salary=3_200_000,
    )
    services.salary_step_add(
        actor=p.operator,
        employee=p.employee,
        effective_from=dt.date(2022, 3, 1),
        decree_number="822/0",
    )
    p.employee.refresh_from_db()
    assert p.employee.last_kgb_date == dt.date(2024, 3, 1)  # an older row does not move it back
    assert SalaryStepHistory.objects.filter(employee=p.employee).count() == 2
    row = SalaryStepHistory.objects.get(decree_number="822/1")
    assert row.history.first().history_user == p.operator


def test_refusals(personas):
    p = personas
    with pytest.raises(ValidationError) as error:
        services.salary_step_add(
            actor=p.operator,
            employee=p.employee,
            effective_from=dt.date(2024, 3, 1),
            decree_number=" ",
            basic_salary=0,
        )
    assert set(error.value.message_dict) == {"decree_number", "basic_salary"}
    with pytest.raises(PermissionDenied):
        services.salary_step_add(
            actor=p.operator,
            employee=p.outsider,
            effective_from=dt.date(2024, 3, 1),
            decree_number="822/2",
        )
