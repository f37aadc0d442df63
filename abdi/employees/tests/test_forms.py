"""The employee forms: choices limited to the user's scope, write-only personal data."""

from __future__ import annotations

import pytest

from abdi.employees.forms import AuditFilterForm, EmployeeForm, RankRecordForm

pytestmark = pytest.mark.django_db


def test_unit_choices_are_the_operators_subtree(personas):
    form = EmployeeForm(user=personas.operator)
    units = set(form.fields["org_unit"].queryset)
    assert units == {personas.unit_a, personas.subunit_a}
    admin_units = set(EmployeeForm(user=personas.admin).fields["org_unit"].queryset)
    assert {personas.unit_b, personas.region} <= admin_units


def test_position_choices_follow_the_chosen_unit(personas):
    form = EmployeeForm({"org_unit": str(personas.subunit_a.pk)}, user=personas.admin)
    assert set(form.fields["position"].queryset) == {
        personas.supervisor_position,
        personas.staff_position,
    }
    assert not EmployeeForm(user=personas.admin).fields["position"].queryset.exists()


def test_personal_fields_are_write_only_for_operators(personas):
    employee = personas.employee
    form = EmployeeForm(user=personas.operator, instance=employee, show_personal=False)
    assert "nik" not in form.initial and "address" not in form.initial
    assert "disembunyikan" in str(form["nik"])
    data = {
        **{k: v for k, v in form.initial.items() if v is not None},
        "birth_date": employee.birth_date.isoformat(),
        "nik": "",
        "address": "",
    }
    bound = EmployeeForm(data, user=personas.operator, instance=employee, show_personal=False)
    assert bound.is_valid(), bound.errors
    values = bound.to_input()
    assert values.nik == employee.nik and values.address == employee.address
    assert "reason" in bound.fields


def test_admin_sees_personal_values_and_create_has_no_reason(personas):
    form = EmployeeForm(user=personas.admin, instance=personas.employee, show_personal=True)
    assert form.initial["nik"] == personas.employee.nik
    assert "reason" not in EmployeeForm(user=personas.admin).fields


def test_rank_record_form_offers_only_the_employees_rank_kind(personas):
    form = RankRecordForm(employee=personas.employee)
    assert {r.kind for r in form.fields["rank"].queryset} == {"pns"}


def test_audit_filter_rejects_reversed_dates_and_defaults_to_employee():
    form = AuditFilterForm({"date_from": "2025-02-01", "date_to": "2025-01-01"})
    assert not form.is_valid() and "date_to" in form.errors
    assert form.model_key == "employee"
    assert AuditFilterForm({"model": "rank"}).model_key == "rank"
