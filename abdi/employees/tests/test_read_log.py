"""Finding 11 of issue 14: reads of personal data (NIK, address, phone, e-mail) are recorded —
who, whose, when, which page or endpoint — when someone other than the employee is shown them,
and the auditor reads that log."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from abdi.employees.models import PersonalDataRead

pytestmark = pytest.mark.django_db


def test_an_admin_opening_the_record_is_logged(personas, login):
    employee = personas.employee
    url = reverse("employees:detail", args=[employee.nip])
    assert login(personas.admin).get(url).status_code == 200
    read = PersonalDataRead.objects.get()
    assert (read.reader, read.employee, read.channel) == (personas.admin, employee, "page")
    assert read.fields == "nik,address,phone,email" and read.path == url
    # The edit form shows them too.
    login(personas.admin).get(reverse("employees:edit", args=[employee.nip]))
    assert PersonalDataRead.objects.count() == 2


def test_the_api_detail_is_logged(personas):
    api = APIClient()
    api.force_authenticate(personas.admin)
    response = api.get(f"/api/v1/employees/{personas.employee.nip}/")
    assert response.status_code == 200 and "nik" in response.json()
    read = PersonalDataRead.objects.get()
    assert read.channel == "api" and read.path.startswith("/api/v1/employees/")


def test_own_record_and_hidden_data_are_not_logged(personas, login):
    employee = personas.employee
    login(employee.user).get(reverse("employees:detail", args=[employee.nip]))
    # The supervisor sees the record but not the personal data: nothing to record.
    login(personas.supervisor.user).get(reverse("employees:detail", args=[employee.nip]))
    assert not PersonalDataRead.objects.exists()


def test_the_auditor_reads_the_log(personas, login, django_assert_max_num_queries):
    for _ in range(3):
        login(personas.admin).get(reverse("employees:detail", args=[personas.employee.nip]))
    client = login(personas.auditor)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("employees:personal_reads"))
    body = response.content.decode()
    assert response.status_code == 200 and personas.employee.nip in body
    assert response.context["page_obj"].paginator.count == 3
    filtered = client.get(reverse("employees:personal_reads"), {"nip": personas.outsider.nip})
    assert filtered.context["page_obj"].paginator.count == 0
    assert login(personas.operator).get(reverse("employees:personal_reads")).status_code == 403
    from config.navigation import navigation_for

    labels = {str(c.label) for i in navigation_for(personas.auditor) for c in (i.children or (i,))}
    assert "Pembacaan data pribadi" in labels


def test_the_django_admin_form_is_logged_but_not_the_list(personas, login):
    employee = personas.employee
    client = login(personas.admin)
    assert client.get(reverse("admin:employees_employee_changelist")).status_code == 200
    assert not PersonalDataRead.objects.exists()  # the list shows no personal data
    change = reverse("admin:employees_employee_change", args=[employee.pk])
    page = client.get(change)
    assert page.status_code == 200 and employee.nik in page.content.decode()
    read = PersonalDataRead.objects.get()
    assert (read.reader, read.employee, read.channel, read.path) == (
        personas.admin,
        employee,
        "admin",
        change,
    )
    # A past version shown from the history is a read of the data as it was.
    version = employee.history.order_by("history_id").first()
    past = reverse("admin:employees_employee_simple_history", args=[employee.pk, version.pk])
    assert client.get(past).status_code == 200
    assert PersonalDataRead.objects.filter(channel="admin").count() == 2
    # An out-of-range id shows no one's data and records nothing.
    client.get(reverse("admin:employees_employee_change", args=[999_999]))
    assert PersonalDataRead.objects.count() == 2
