"""The supervisor is derived from the position tree and acting assignments; every persona sees
exactly its scope of employees; personal data only for BKPSDM admins and the employee."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from abdi.employees import permissions as perms
from abdi.employees.models import ActingAssignment, CorrectionRequest, Employee, PositionHistory
from abdi.employees.positions import (
    held_position_ids,
    is_supervisor,
    position_holder,
    subordinate_position_ids,
    supervisor_of,
)
from abdi.org.models import Position

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 2, 10)


def vacate(employee: Employee, *, on: dt.date = dt.date(2025, 12, 31)) -> None:
    """The employee leaves their position (e.g. retires) at the end of `on`."""
    PositionHistory.objects.filter(employee=employee, effective_until__isnull=True).update(
        effective_until=on
    )
    Employee.objects.filter(pk=employee.pk).update(position=None, is_active=False)
    employee.refresh_from_db()


def acting(employee, position, kind, start, end) -> ActingAssignment:
    return ActingAssignment.objects.create(
        employee=employee, position=position, kind=kind, start_date=start, end_date=end
    )


def fresh(user):
    """The same login without the per-request caches (role scope, own employee)."""
    return type(user).objects.get(pk=user.pk)


# --- supervisor derivation -------------------------------------------------------------------


def test_direct_heads(personas):
    p = personas
    assert supervisor_of(p.employee, on=TODAY) == p.supervisor
    assert supervisor_of(p.colleague, on=TODAY) == p.supervisor
    assert supervisor_of(p.supervisor, on=TODAY) == p.head_a
    assert supervisor_of(p.head_a, on=TODAY) is None  # top of the OPD
    assert supervisor_of(p.outsider, on=TODAY) == p.head_b


def test_vacant_head_passes_to_the_next_one_up(personas):
    p = personas
    vacate(p.supervisor)
    assert position_holder(p.supervisor_position.pk, on=TODAY) is None
    assert supervisor_of(p.employee, on=TODAY) == p.head_a
    # on a date when the supervisor still held the post, they were the supervisor
    assert supervisor_of(p.employee, on=dt.date(2025, 6, 1)) == p.supervisor


def test_plt_on_a_vacant_head_position_for_its_date_range(personas):
    p = personas
    vacate(p.supervisor)
    acting(p.colleague, p.supervisor_position, "plt", dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert supervisor_of(p.employee, on=dt.date(2026, 1, 1)) == p.colleague
    assert supervisor_of(p.employee, on=TODAY) == p.colleague
    assert supervisor_of(p.employee, on=dt.date(2026, 3, 31)) == p.colleague
    assert supervisor_of(p.employee, on=dt.date(2026, 4, 1)) == p.head_a  # after the Plt
    assert supervisor_of(p.employee, on=dt.date(2025, 12, 31)) == p.supervisor  # before: the holder
    # the Plt does not supervise themself: their own supervisor is the next one up
    assert supervisor_of(p.colleague, on=TODAY) == p.head_a


def test_plh_for_an_absent_holder_wins_during_its_range(personas):
    p = personas
    deputy = Employee.objects.create(
        nip="198001012005011001",
        kind="pns",
        status="pns",
        name="Wakil Plh",
        birth_date=dt.date(1980, 1, 1),
        sex="m",
        org_unit=p.subunit_a,
    )
    acting(deputy, p.supervisor_position, "plh", dt.date(2026, 2, 9), dt.date(2026, 2, 13))
    assert supervisor_of(p.employee, on=TODAY) == deputy
    assert supervisor_of(p.employee, on=dt.date(2026, 2, 14)) == p.supervisor
    # a Plt and a Plh on the same day: the Plh stands in for the (absent) acting official
    acting(p.head_b, p.supervisor_position, "plt", dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert supervisor_of(p.employee, on=TODAY) == deputy
    assert supervisor_of(p.employee, on=dt.date(2026, 3, 1)) == p.head_b


def test_inactive_acting_official_is_skipped(personas):
    p = personas
    vacate(p.supervisor)
    acting(p.colleague, p.supervisor_position, "plt", dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    Employee.objects.filter(pk=p.colleague.pk).update(is_active=False)
    assert supervisor_of(p.employee, on=TODAY) == p.head_a


def test_inactive_position_is_skipped_in_the_chain(personas):
    p = personas
    Position.objects.filter(pk=p.supervisor_position.pk).update(is_active=False)
    # an inactive position (closed unit) passes to the next one up, like a vacant one
    assert supervisor_of(p.employee, on=TODAY) == p.head_a


def test_subordinates_and_is_supervisor(personas):
    p = personas
    assert subordinate_position_ids(p.supervisor, on=TODAY) == {p.staff_position.pk}
    assert subordinate_position_ids(p.head_a, on=TODAY) == {
        p.supervisor_position.pk,
        p.staff_position.pk,
    }
    assert subordinate_position_ids(p.employee, on=TODAY) == set()
    assert is_supervisor(p.supervisor, on=TODAY)
    assert not is_supervisor(p.employee, on=TODAY)
    assert not is_supervisor(None, on=TODAY)
    acting(p.employee, p.head_position_b, "plt", dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert held_position_ids(p.employee, on=TODAY) == {p.staff_position.pk, p.head_position_b.pk}
    assert is_supervisor(p.employee, on=TODAY)
    assert not is_supervisor(p.employee, on=dt.date(2026, 4, 1))


# --- who sees whom ---------------------------------------------------------------------------


def visible(user, on=TODAY) -> set[str]:
    return set(perms.employees_visible_to(fresh(user), on=on).values_list("name", flat=True))


ALL = {"Andi Kepala", "Siti Atasan", "Budi Pegawai", "Rina Rekan", "Dedi Kepala", "Lia Luar"}
UNIT_A = {"Andi Kepala", "Siti Atasan", "Budi Pegawai", "Rina Rekan"}


@pytest.mark.parametrize("role", ["admin", "leader", "auditor", "superuser"])
def test_agency_wide_roles_see_everyone(personas, role):
    assert visible(personas.user(role)) == ALL


def test_operator_sees_the_own_subtree_only(personas):
    assert visible(personas.operator) == UNIT_A


def test_scoped_leader_sees_the_subtree(personas):
    from abdi.accounts.models import RoleAssignment

    RoleAssignment.objects.filter(user=personas.leader).update(org_unit=personas.unit_b)
    assert visible(personas.leader) == {"Dedi Kepala", "Lia Luar"}


def test_supervisors_see_themselves_and_the_staff_below(personas):
    p = personas
    assert visible(p.supervisor.user) == {"Siti Atasan", "Budi Pegawai", "Rina Rekan"}
    assert visible(p.head_a.user) == UNIT_A
    assert visible(p.head_b.user) == {"Dedi Kepala", "Lia Luar"}


def test_acting_official_sees_the_staff_below_during_the_assignment(personas):
    p = personas
    acting(p.colleague, p.head_position_b, "plt", dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert visible(p.colleague.user) == {"Rina Rekan", "Lia Luar"}
    assert visible(p.colleague.user, on=dt.date(2026, 4, 1)) == {"Rina Rekan"}


def test_employee_sees_self_only_and_nobody_sees_none(personas):
    p = personas
    assert visible(p.employee.user) == {"Budi Pegawai"}
    assert visible(p.nobody) == set()
    assert not perms.employees_visible_to(AnonymousUser()).exists()


def test_visible_to_is_one_query_for_roles(personas, django_assert_max_num_queries):
    user = fresh(personas.operator)
    with django_assert_max_num_queries(3):
        assert len(list(perms.employees_visible_to(user))) == 4


# --- object permissions --------------------------------------------------------------------------


def test_personal_data_only_for_bkpsdm_admins_and_the_employee(personas):
    p = personas
    allowed = {
        "admin": True,
        "superuser": True,
        "operator": False,  # writes NIK at data entry, does not read it back
        "leader": False,
        "auditor": False,
        "supervisor": False,
        "colleague": False,
        "nobody": False,
        "employee": True,
    }
    for role, expected in allowed.items():
        assert perms.can_see_personal_data(fresh(p.user(role)), p.employee) is expected, role
    assert not perms.can_see_personal_data(AnonymousUser(), p.employee)
    # an employee without a login: nobody but admins
    lonely = Employee.objects.filter(pk=p.outsider.pk)
    lonely.update(user=None)
    assert not perms.can_see_personal_data(fresh(p.nobody), lonely.get())


def test_edit_and_history_rights(personas):
    p = personas
    assert perms.can_edit_employee(fresh(p.operator), p.employee)
    assert not perms.can_edit_employee(fresh(p.operator), p.outsider)
    assert perms.can_edit_employee(fresh(p.admin), p.outsider)
    for role in ("leader", "auditor", "supervisor", "employee", "nobody"):
        assert not perms.can_edit_employee(fresh(p.user(role)), p.employee), role
    assert perms.can_manage_employees(fresh(p.operator))
    assert not perms.can_manage_employees(fresh(p.leader))
    assert perms.can_see_history(fresh(p.auditor), p.outsider)
    assert perms.can_see_history(fresh(p.operator), p.employee)
    assert not perms.can_see_history(fresh(p.operator), p.outsider)
    assert not perms.can_see_history(fresh(p.leader), p.employee)
    assert not perms.can_see_history(fresh(p.employee.user), p.employee)


def test_corrections_scope_and_decision(personas):
    p = personas
    mine = CorrectionRequest.objects.create(
        employee=p.employee,
        field_name="phone",
        requested_value="0811",
        reason="x",
        document="corrections/a.pdf",
        submitted_by=p.employee.user,
    )
    theirs = CorrectionRequest.objects.create(
        employee=p.outsider,
        field_name="phone",
        requested_value="0812",
        reason="x",
        document="corrections/b.pdf",
        submitted_by=p.outsider.user,
    )

    def seen(role):
        return set(perms.corrections_visible_to(fresh(p.user(role))))

    assert seen("admin") == seen("auditor") == {mine, theirs}
    assert seen("operator") == {mine}
    assert seen("employee") == {mine}
    assert seen("outsider") == {theirs}
    assert seen("colleague") == seen("nobody") == seen("leader") == set()
    assert perms.can_decide_correction(fresh(p.operator), mine)
    assert not perms.can_decide_correction(fresh(p.operator), theirs)
    assert not perms.can_decide_correction(fresh(p.employee.user), mine)
    assert not perms.can_decide_correction(fresh(p.auditor), mine)
