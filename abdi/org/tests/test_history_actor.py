import pytest

from abdi.org import services


@pytest.mark.django_db
def test_unit_created_outside_a_request_records_the_admin_as_author(personas):
    unit = services.org_unit_create(
        actor=personas.admin,
        agency=personas.agency,
        parent=personas.unit_b,
        code="DISDIK-SMA1",
        name="SMA Negeri 1",
        kind="school",
    )
    assert unit.history.earliest().history_user == personas.admin
