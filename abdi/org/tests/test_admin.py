"""The Django admin: BKPSDM admins keep reference data and the tree; others are kept out."""

import pytest
from django.urls import reverse

from abdi.accounts.models import RoleAssignment
from abdi.core.models import Rank
from abdi.org.models import OrgUnit, Position

pytestmark = pytest.mark.django_db


def test_admin_index_and_reference_changelists(personas, login):
    client = login(personas.admin)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    for url in (
        "admin:core_rank_changelist",
        "admin:core_educationlevel_changelist",
        "admin:core_retirementage_changelist",
        "admin:core_rankpromotionschedule_changelist",
        "admin:core_regulationparameter_changelist",
        "admin:org_orgunit_changelist",
        "admin:org_position_changelist",
        "admin:employees_employee_changelist",
        "admin:employees_correctionrequest_changelist",
        "admin:employees_importjob_changelist",
        "admin:accounts_user_changelist",
    ):
        assert client.get(reverse(url)).status_code == 200, url


def test_rank_changelist_flags_unverified_rows(personas, login):
    assert Rank.objects.filter(confidence="m").exists()
    page = login(personas.admin).get(reverse("admin:core_rank_changelist")).content.decode()
    assert "perlu diverifikasi" in page
    assert "PP 99/2000" in page or "source" in page  # the source column is shown


@pytest.mark.parametrize("role", ["operator", "leader", "auditor"])
def test_non_staff_roles_are_kept_out_of_admin(personas, login, role):
    response = login(personas.user(role)).get(reverse("admin:core_rank_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_employee_admin_search_and_change_page(personas, login):
    client = login(personas.admin)
    response = client.get(
        reverse("admin:employees_employee_changelist"), {"q": personas.employee.nip}
    )
    assert list(response.context["cl"].result_list) == [personas.employee]
    page = client.get(reverse("admin:employees_employee_change", args=[personas.employee.pk]))
    assert page.status_code == 200
    assert "riwayat golongan" in page.content.decode().lower()


def test_import_jobs_are_read_only(personas, login):
    response = login(personas.admin).get(reverse("admin:employees_importjob_add"))
    assert response.status_code == 403


def test_admin_cannot_promote_self_to_superuser(personas, login):
    client = login(personas.admin)
    form = client.get(reverse("admin:accounts_user_change", args=[personas.admin.pk])).context[
        "adminform"
    ]
    assert "is_superuser" in form.readonly_fields
    root = client.get(reverse("admin:accounts_user_change", args=[personas.superuser.pk]))
    assert (
        root.status_code in (302, 403)
        or "is_superuser" in root.context["adminform"].readonly_fields
    )


def test_role_inline_goes_through_service(personas, login):
    user = personas.nobody
    client = login(personas.admin)
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "08:00:00",
        "role_assignments-TOTAL_FORMS": "1",
        "role_assignments-INITIAL_FORMS": "0",
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
        "role_assignments-0-role": "bkpsdm_admin",
        "role_assignments-0-org_unit": personas.unit_a.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200  # refused: an admin role cannot be scoped
    assert not RoleAssignment.objects.filter(user=user).exists()
    data["role_assignments-0-role"] = "operator"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert RoleAssignment.objects.get(user=user).org_unit == personas.unit_a
    assert user.groups.filter(name="operator").exists()


def test_orgunit_admin_move_keeps_parent_and_refuses_descendant(personas, login):
    client = login(personas.admin)
    url = reverse("admin:org_orgunit_changelist") + "move/"
    bad = client.post(
        url,
        {"node": personas.unit_a.pk, "target": personas.subunit_a.pk, "relation": "child"},
    )
    assert bad.status_code == 400
    ok = client.post(
        url,
        {"node": personas.subunit_a.pk, "target": personas.unit_b.pk, "relation": "child"},
    )
    assert ok.status_code == 200
    moved = OrgUnit.objects.get(pk=personas.subunit_a.pk)
    assert moved.parent_id == personas.unit_b.pk
    assert moved.history.first().history_change_reason.startswith("Dipindah dari")


def test_position_admin_refuses_cycle(personas, login):
    head = personas.head_position_a
    response = login(personas.admin).post(
        reverse("admin:org_position_change", args=[head.pk]),
        {
            "code": head.code,
            "name": head.name,
            "kind": head.kind,
            "class_grade": 14,
            "org_unit": head.org_unit_id,
            "reports_to": personas.staff_position.pk,
            "posts": 1,
            "is_unit_head": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "melingkar" in response.content.decode()
    assert Position.objects.get(pk=head.pk).reports_to_id is None
