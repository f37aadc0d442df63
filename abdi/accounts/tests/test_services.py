import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abdi.accounts import services
from abdi.accounts.models import RoleAssignment
from abdi.accounts.permissions import is_bkpsdm_admin, role_scope
from abdi.testing import make_user

pytestmark = pytest.mark.django_db


def test_admin_assigns_scoped_operator(personas):
    user = make_user("op_baru")
    assignment = services.role_assign(
        actor=personas.admin, user=user, role="operator", org_unit=personas.unit_b
    )
    assert assignment.org_unit == personas.unit_b
    assert user.groups.filter(name="operator").exists()
    assert not user.is_staff
    assert role_scope(user).paths_for("operator") == (personas.unit_b.path,)
    assert user.has_perm("employees.change_employee")


def test_admin_role_makes_staff_with_group_permissions(personas):
    user = make_user("admin_baru")
    services.role_assign(actor=personas.admin, user=user, role="bkpsdm_admin")
    user.refresh_from_db()
    assert user.is_staff and is_bkpsdm_admin(user)
    assert user.has_perm("core.change_rank")


@pytest.mark.parametrize("role", ["bkpsdm_admin", "auditor"])
def test_agency_wide_roles_cannot_be_scoped(personas, role):
    user = make_user("x")
    with pytest.raises(ValidationError) as exc:
        services.role_assign(actor=personas.admin, user=user, role=role, org_unit=personas.unit_a)
    assert "seluruh instansi" in str(exc.value)
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert not user.groups.exists()


@pytest.mark.parametrize("who", ["operator", "leader", "auditor", "nobody"])
def test_only_admin_assigns_roles(personas, who):
    user = make_user("y")
    with pytest.raises(PermissionDenied):
        services.role_assign(actor=personas.user(who), user=user, role="leader")
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_duplicate_assignment_refused(personas):
    with pytest.raises(ValidationError):
        services.role_assign(
            actor=personas.admin, user=personas.operator, role="operator", org_unit=personas.unit_a
        )


def test_revoke_removes_group_only_when_last_assignment(personas):
    user = make_user("z")
    a = services.role_assign(
        actor=personas.admin, user=user, role="operator", org_unit=personas.unit_a
    )
    b = services.role_assign(
        actor=personas.admin, user=user, role="operator", org_unit=personas.unit_b
    )
    services.role_revoke(actor=personas.admin, assignment=a)
    assert user.groups.filter(name="operator").exists()
    services.role_revoke(actor=personas.admin, assignment=b)
    assert not user.groups.filter(name="operator").exists()
    assert role_scope(user).paths_for("operator") == ()


def test_revoke_admin_drops_staff_but_not_own(personas):
    user = make_user("adm2")
    a = services.role_assign(actor=personas.admin, user=user, role="bkpsdm_admin")
    services.role_revoke(actor=personas.admin, assignment=a)
    user.refresh_from_db()
    assert not user.is_staff
    own = RoleAssignment.objects.get(user=personas.admin, role="bkpsdm_admin")
    with pytest.raises(ValidationError):
        services.role_revoke(actor=personas.admin, assignment=own)
    assert RoleAssignment.objects.filter(pk=own.pk).exists()
