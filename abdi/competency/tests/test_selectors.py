import datetime as dt
from decimal import Decimal

import pytest

from abdi.competency import selectors, services
from abdi.competency.models import Competency
from abdi.employees.models import Employee
from abdi.testing import make_employee


@pytest.fixture
def comps(db):
    return list(Competency.objects.filter(kind="managerial").order_by("order"))[:3]


def assess(p, employee, levels, date=dt.date(2025, 6, 1)):
    return services.assessment_record(
        actor=p.admin,
        employee=employee,
        date=date,
        method="competency_test",
        assessor="UPT",
        levels=levels,
    )


def test_gap_numbers_for_a_hand_made_case(personas, comps):
    a, b, c = comps
    services.position_standard_set(
        actor=personas.admin, position=personas.staff_position, levels={a.pk: 3, b.pk: 3, c.pk: 2}
    )
    # An older, higher result for `a` is superseded by the later one.
    assess(personas, personas.employee, {a.pk: 5}, date=dt.date(2023, 1, 1))
    assess(personas, personas.employee, {a.pk: 3, b.pk: 2})
    result = selectors.employee_gaps(personas.employee)
    assert result["position"] == personas.staff_position
    assert result["jpm"] == Decimal("62.50")  # (3 + 2 + 0) / (3 + 3 + 2)
    assert result["band"] == "Kurang Optimal"
    rows = {g["competency"].pk: (g["required"], g["actual"], g["gap"]) for g in result["gaps"]}
    assert rows == {a.pk: (3, 3, 0), b.pk: (3, 2, 1), c.pk: (2, None, 2)}


def test_default_standard_by_position_kind_and_target_position(personas, comps):
    nine = Competency.objects.filter(kind__in=["managerial", "socio_cultural"]).count()
    levels = {c.pk: 1 for c in Competency.objects.filter(kind__in=["managerial", "socio_cultural"])}
    assess(personas, personas.employee, levels)
    own = selectors.employee_gaps(personas.employee)  # pelaksana: default level 1
    assert own["is_default_standard"] and len(own["gaps"]) == nine
    assert own["jpm"] == Decimal("100.00") and own["band"] == "Optimal"
    target = selectors.employee_gaps(personas.employee, personas.supervisor_position)
    assert target["jpm"] == Decimal("33.33")  # administrator: 3 each
    assert target["band"] == "Kurang Optimal"


def test_unit_heatmap_shares_and_workshop(personas, comps, settings):
    a = comps[0]
    services.position_standard_set(
        actor=personas.admin, position=personas.staff_position, levels={a.pk: 2}
    )
    # The supervisor's position requires another competency only (not the default standard).
    services.position_standard_set(
        actor=personas.admin, position=personas.supervisor_position, levels={comps[1].pk: 3}
    )
    assess(personas, personas.employee, {a.pk: 1})
    assess(personas, personas.colleague, {a.pk: 2})
    heatmap = selectors.unit_heatmap(personas.unit_a)
    row = next(r for r in heatmap["rows"] if r.unit == personas.subunit_a)
    holders = Employee.objects.filter(
        position=personas.staff_position, org_unit=personas.subunit_a, is_active=True
    ).count()
    assert holders >= 2
    cell = row.cells[a.pk]
    # Only the colleague meets level 2; the employee (1) and unassessed holders are below.
    assert (cell.below, cell.total) == (holders - 1, holders)
    assert cell.share == round(100 * (holders - 1) / holders, 1)
    assert selectors.workshop_suggestions(personas.unit_a, min_staff=holders, heatmap=heatmap) == []
    suggestions = selectors.workshop_suggestions(
        personas.unit_a, min_staff=holders - 1, heatmap=heatmap
    )
    assert (personas.subunit_a, a, holders - 1) in {
        (s["unit"], s["competency"], s["below"]) for s in suggestions
    }


def test_unit_heatmap_query_count_does_not_grow(personas, comps, django_assert_max_num_queries):
    def add_staff(n, offset):
        for i in range(n):
            emp = make_employee(
                name=f"Staf {offset + i}",
                unit=personas.subunit_a,
                position=personas.staff_position,
            )
            assess(personas, emp, {comps[0].pk: 1})

    add_staff(3, 100)
    with django_assert_max_num_queries(8):
        selectors.unit_heatmap(personas.unit_a)
    add_staff(12, 200)
    with django_assert_max_num_queries(8):
        heatmap = selectors.unit_heatmap(personas.unit_a)
    row = next(r for r in heatmap["rows"] if r.unit == personas.subunit_a)
    assert row.staff >= 15
