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


def test_a_full_post_is_refused_with_its_numbers(personas):
    p = personas
    p.staff_position.posts = 2  # held by the employee and the colleague
    p.staff_position.save(update_fields=["posts"])
    with pytest.raises(ValidationError) as caught:
        services.position_change(
            actor=p.admin,
            employee=p.outsider,
            position=p.staff_position,
            effective_from=dt.date(2026, 3, 1),
            decree_number="821/13/BKPSDM/2026",
            reason="Rotasi",
        )
    assert "formasi 2, pemegang sesudah perpindahan 3" in str(caught.value)
    p.outsider.refresh_from_db()
    assert p.outsider.position == p.staff_position_b


def test_bulk_moves_swap_two_full_posts_with_history_and_refuse_overfilling(personas):
    from abdi.employees.services.moves import PositionMove, position_changes_apply

    p = personas
    p.staff_position.posts = 2
    p.staff_position.save(update_fields=["posts"])
    p.staff_position_b.posts = p.staff_position_b.holders.filter(is_active=True).count()
    p.staff_position_b.save(update_fields=["posts"])
    tmt = dt.date(2026, 3, 1)
    # Both posts full: the colleague and the outsider swap (each leaves a seat for the other).
    rows = position_changes_apply(
        actor=p.admin,
        moves=[
            PositionMove(p.colleague.pk, p.staff_position_b.pk, "SK-1"),
            PositionMove(p.outsider.pk, p.staff_position.pk, "SK-2"),
        ],
        effective_from=tmt,
        reason="Rotasi Maret",
    )
    assert len(rows) == 2
    p.colleague.refresh_from_db()
    p.outsider.refresh_from_db()
    assert (p.colleague.position, p.colleague.org_unit) == (p.staff_position_b, p.unit_b)
    assert p.outsider.position == p.staff_position
    assert p.colleague.history.first().history_change_reason == "Rotasi Maret"
    assert p.colleague.history.first().history_user == p.admin
    closed = PositionHistory.objects.get(employee=p.colleague, effective_until=dt.date(2026, 2, 28))
    assert closed.position == p.staff_position
    assert _current_row(p.colleague).decree_number == "SK-1"
    assert _current_row(p.colleague).history.first().history_user == p.admin
    # A second set moving someone else into the now full post B writes nothing.
    before = PositionHistory.objects.count()
    with pytest.raises(ValidationError) as caught:
        position_changes_apply(
            actor=p.admin,
            moves=[PositionMove(p.employee.pk, p.staff_position_b.pk, "SK-3")],
            effective_from=dt.date(2026, 4, 1),
            reason="Rotasi April",
        )
    assert "penuh" in str(caught.value)
    assert PositionHistory.objects.count() == before
    p.employee.refresh_from_db()
    assert p.employee.position == p.staff_position
    with pytest.raises(PermissionDenied):
        position_changes_apply(
            actor=p.operator,  # Dinkes' operator: the head of Disdik is outside the OPD
            moves=[PositionMove(p.head_b.pk, p.staff_position_b.pk, "SK-4")],
            effective_from=dt.date(2026, 4, 1),
            reason="x",
        )


def test_locks_the_employee_before_the_post_like_a_rotation_plan(personas, monkeypatch):
    # A rotation plan locks its employees, then the posts (services.moves.position_changes_apply);
    # a single move taking the post first and the employee never could wait on a plan in a
    # circle. Record the order in which rows are locked.
    from django.db.models.query import QuerySet

    from abdi.employees.models import Employee
    from abdi.org.models import Position

    locked: list[type] = []
    original = QuerySet.select_for_update

    def recording(self, *args, **kwargs):
        locked.append(self.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", recording)
    p = personas
    services.position_change(
        actor=p.admin,
        employee=p.outsider,
        position=p.staff_position,
        effective_from=dt.date(2026, 3, 1),
        decree_number="821/13/BKPSDM/2026",
        reason="Rotasi",
    )
    assert Employee in locked and Position in locked
    assert locked.index(Employee) < locked.index(Position)
