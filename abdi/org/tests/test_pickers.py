"""Searchable pickers beyond complaint dispatch: the unit picker of the employee form searches
only the units the user keeps personnel data for, the position picker finds positions by name,
code or unit, and both answer in a fixed number of queries."""

import pytest
from django.urls import reverse

from abdi.org.models import Position
from abdi.org.selectors import position_picker_options, unit_picker_options

pytestmark = pytest.mark.django_db


def test_unit_search_within_a_scope(personas, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        everywhere = unit_picker_options(q="dinas")
    assert {u.code for u in everywhere} == {"DINKES", "DISDIK"}
    within = (personas.unit_a.path,)
    assert [u.code for u in unit_picker_options(q="dinas", within=within)] == ["DINKES"]
    # The chosen unit comes first with its ancestors inside the scope only.
    chosen = unit_picker_options(selected=personas.subunit_a.pk, within=within)
    assert [u.code for u in chosen] == ["DINKES-YAN", "DINKES"]
    assert unit_picker_options(q="dinas", within=()) == []


def test_position_search_by_name_code_or_unit(personas, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        found = position_picker_options(q="pendidikan")
    assert [p.code for p in found] == ["DISDIK-KADIS", "DISDIK-STAF"]  # head first
    assert [p.code for p in position_picker_options(q="STAF-YAN")] == ["DINKES-STAF-YAN"]
    scoped = position_picker_options(q="kepala", within=(personas.unit_a.path,))
    assert {p.code for p in scoped} == {"DINKES-KADIS", "DINKES-KABID-YAN"}
    assert position_picker_options(q="k") == []  # two letters at least
    chosen = position_picker_options(selected=Position.objects.get(code="DISDIK-STAF").pk)
    assert [p.code for p in chosen] == ["DISDIK-STAF"]


def test_options_endpoints_apply_the_users_scope(personas, login):
    url = reverse("org:unit_options")
    operator = login(personas.operator)
    page = operator.get(url, {"unit_picker_q": "dinas", "field": "org_unit", "scope": "operator"})
    body = page.content.decode()
    assert 'name="org_unit"' in body and "Dinas Kesehatan" in body
    assert "Dinas Pendidikan" not in body
    # Without a scope (dispatch, transfer destination) every unit is offered.
    assert "Dinas Pendidikan" in operator.get(url, {"unit_picker_q": "dinas"}).content.decode()
    # An unknown scope is no scope, never an error.
    assert operator.get(url, {"unit_picker_q": "dinas", "scope": "x"}).status_code == 200
    admin = login(personas.admin).get(url, {"unit_picker_q": "dinas", "scope": "operator"})
    assert "Dinas Pendidikan" in admin.content.decode()
    positions = login(personas.operator).get(
        reverse("org:position_options"), {"position_picker_q": "pengadministrasi"}
    )
    assert "DISDIK-STAF" in positions.content.decode()


def test_employee_form_uses_the_scoped_unit_picker(personas, login):
    client = login(personas.operator)
    page = client.get(reverse("employees:create")).content.decode()
    assert 'hx-get="/org/units/options/"' in page and '"scope": "operator"' in page
    assert 'name="unit_picker_q"' in page
    # Choosing a unit still loads its positions into the position field.
    response = client.get(
        reverse("employees:create"),
        {"org_unit": personas.subunit_a.pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="position-field",
    )
    assert "Pengelola Layanan Kesehatan" in response.content.decode()
    outside = client.get(
        reverse("employees:create"),
        {"org_unit": personas.unit_b.pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="position-field",
    )
    assert "Pengadministrasi Umum" not in outside.content.decode()


def test_acting_and_transfer_forms_use_pickers(personas, login):
    admin = login(personas.admin)
    acting = admin.get(
        reverse("employees:record_create", args=[personas.employee.nip, "acting"])
    ).content.decode()
    assert 'hx-get="/org/positions/options/"' in acting
    transfer = login(personas.employee.user).get(reverse("careers:transfer_create"))
    assert 'hx-get="/org/units/options/"' in transfer.content.decode()
