"""position_change: the one path a career decision takes into the position history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abdi.employees import services
from abdi.employees.models import PositionHistory

pytestmark = pytest.mark.django_db


def _current_row(employee) -> PositionHistory:
    return PositionHistory.objects.get(employee=employee, effective_until__isnull=True)


def test_moves_the_employee_closes_the_old_row_and_keeps_the_decree(personas):
    p = personas
    old = _current_row(p.outsider)
    row = services.position_change(
        actor=p.admin,
        employee=p.outsider,
        position=p.staff_position,
        effective_from=dt.date(2026, 3, 1),
        decree_number=" 821/12/BKPSDM/2026 ",
        reason="Rotasi",
    )
    old.refresh_from_db()
    p.outsider.refresh_from_db()
    assert old.effective_until == dt.date(2026, 2, 28)
    assert (row.position, row.org_unit, row.decree_number) == (
        p.staff_position,
        p.subunit_a,
        "821/12/BKPSDM/2026",
    )
    assert p.outsider.position == p.staff_position
    assert p.outsider.org_unit == p.subunit_a
    assert p.outsider.position_effective_from == dt.date(2026, 3, 1)
    assert p.outsider.history.first().history_change_reason == "Rotasi"


def test_refuses_a_missing_decree_a_tmt_before_the_current_one_and_the_same_post(personas):
    p = personas
    before = PositionHistory.objects.filter(employee=p.outsider).count()
    start = _current_row(p.outsider).effective_from
    with pytest.raises(ValidationError) as caught:
        services.position_change(
            actor=p.admin,
            employee=p.outsider,
            position=p.outsider.position,
            effective_from=start,
            decree_number="  ",
            reason="x",
        )
    assert set(caught.value.message_dict) == {"decree_number", "position", "effective_from"}
    assert PositionHistory.objects.filter(employee=p.outsider).count() == before


def test_an_operator_cannot_move_someone_outside_their_opd(personas):
    p = personas
    with pytest.raises(PermissionDenied):
        services.position_change(
            actor=p.operator,
            employee=p.outsider,
            position=p.staff_position,
            effective_from=dt.date(2026, 3, 1),
            decree_number="1",
            reason="x",
        )
