"""Everyone's eligibility for a selection, judged in the worker and stored: queued when the
selection is announced, the same verdicts as the employee's own page, a fixed number of queries
per batch."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from abdi.careers.models import EligibilityResult, EligibilityRun, EligibilityRunStatus
from abdi.careers.selectors.selection import employee_eligibility
from abdi.careers.services import selection as services
from abdi.careers.testing_selection import good_predikats, open_selection
from abdi.employees.models import Employee

pytestmark = pytest.mark.django_db


def test_announcing_queues_the_worker_and_stores_every_active_employee(
    personas, django_capture_on_commit_callbacks
):
    good_predikats(personas.supervisor)
    good_predikats(personas.employee)  # so that the position years are what she lacks
    with django_capture_on_commit_callbacks(execute=True):
        selection = open_selection(personas)
    run = EligibilityRun.objects.get(selection=selection)
    active = Employee.objects.filter(is_active=True).count()
    assert (run.status, run.evaluated) == (EligibilityRunStatus.DONE, active)
    results = {r.employee_id: r for r in EligibilityResult.objects.filter(selection=selection)}
    assert len(results) == active
    # The stored verdicts are the page's: the supervisor meets every requirement, the employee
    # lacks the two years as Administrator / JF Ahli Madya.
    for employee in (personas.supervisor, personas.employee, personas.head_a):
        live = employee_eligibility(employee, selection)
        assert results[employee.pk].eligible == live.eligible
    assert results[personas.supervisor.pk].eligible
    failed = {f["rule"] for f in results[personas.employee.pk].failed}
    assert "position_experience" in failed
    assert run.eligible == sum(1 for r in results.values() if r.eligible)


def test_batches_cost_a_fixed_number_of_queries_and_a_rerun_replaces_the_results(
    personas, django_capture_on_commit_callbacks
):
    selection = open_selection(personas)
    with CaptureQueriesContext(connection) as one_batch:
        services.eligibility_evaluate_all(selection_id=selection.pk, batch_size=1000)
    with CaptureQueriesContext(connection) as small_batches:
        services.eligibility_evaluate_all(selection_id=selection.pk, batch_size=3)
    active = Employee.objects.filter(is_active=True).count()
    batches = -(-active // 3)
    per_batch = (len(small_batches) - len(one_batch)) / (batches - 1)
    assert per_batch <= 10  # ids, facts (6), the insert: the same for 3 or 3,000 employees
    assert EligibilityResult.objects.filter(selection=selection).count() == active
    with pytest.raises(PermissionDenied):  # only BKPSDM asks for a rerun
        services.eligibility_evaluate_all_request(actor=personas.operator, selection=selection)
