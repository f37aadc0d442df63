import datetime as dt

import pytest

from abdi.employees import services


@pytest.mark.django_db
def test_record_services_name_the_actor_in_history(personas):
    award = services.award_add(
        actor=personas.operator,
        employee=personas.employee,
        name="Satyalancana Karya Satya",
        issuer="Presiden RI",
        awarded_on=dt.date(2024, 8, 17),
    )
    assert award.history.earliest().history_user == personas.operator
