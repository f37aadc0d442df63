"""CurrentLevel is kept by every writer of assessment results, and the heat-map that the
database computes from it equals a plain per-employee computation from the history."""

import datetime as dt
import importlib
import io
from collections import defaultdict
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook

from abdi.competency import imports, rules, selectors, services
from abdi.competency.models import (
    Assessment,
    AssessmentResult,
    Competency,
    CurrentLevel,
    DefaultRequiredLevel,
)
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit, Position
from abdi.testing import make_employee


@pytest.fixture
def comps(db):
    return list(Competency.objects.filter(kind="managerial").order_by("order"))


def assess(p, employee, levels, date=dt.date(2025, 6, 1)):
    return services.assessment_record(
        actor=p.admin,
        employee=employee,
        date=date,
        method="competency_test",
        assessor="UPT",
        levels=levels,
    )


def current(employee) -> dict[int, tuple[int, int, dt.date]]:
    return {
        row.competency_id: (row.level, row.assessment_id, row.assessed_on)
        for row in CurrentLevel.objects.filter(employee=employee)
    }


def history_levels(employee_ids) -> dict[int, dict[int, int]]:
    """The old definition, straight from the history: per competency the result of the latest
    assessment by date, then by assessment id."""
    best: dict[tuple[int, int], tuple] = {}
    for emp, cid, level, date, aid in AssessmentResult.objects.filter(
        assessment__employee_id__in=employee_ids
    ).values_list(
        "assessment__employee_id", "competency_id", "level", "assessment__date", "assessment_id"
    ):
        if (emp, cid) not in best or (date, aid) > best[(emp, cid)][:2]:
            best[(emp, cid)] = (date, aid, level)
    result: dict[int, dict[int, int]] = defaultdict(dict)
    for (emp, cid), (_d, _a, level) in best.items():
        result[emp][cid] = level
    return result


# --- every writer refreshes ------------------------------------------------------------------


def test_record_writes_the_current_level(personas, comps):
    a, b = comps[:2]
    first = assess(personas, personas.employee, {a.pk: 2, b.pk: 3}, date=dt.date(2024, 1, 10))
    assert current(personas.employee) == {
        a.pk: (2, first.pk, dt.date(2024, 1, 10)),
        b.pk: (3, first.pk, dt.date(2024, 1, 10)),
    }
    second = assess(personas, personas.employee, {a.pk: 4}, date=dt.date(2025, 2, 1))
    assert current(personas.employee) == {
        a.pk: (4, second.pk, dt.date(2025, 2, 1)),
        b.pk: (3, first.pk, dt.date(2024, 1, 10)),  # not assessed again: the earlier one stays
    }
    assert selectors.latest_levels([personas.employee.pk]) == {
        personas.employee.pk: {a.pk: 4, b.pk: 3}
    }
    assert not CurrentLevel.objects.exclude(employee=personas.employee).exists()


def test_a_later_record_with_an_earlier_date_does_not_replace_the_latest(personas, comps):
    a = comps[0]
    latest = assess(personas, personas.employee, {a.pk: 4}, date=dt.date(2025, 3, 1))
    assess(personas, personas.employee, {a.pk: 1}, date=dt.date(2023, 3, 1))  # back-filled
    assert current(personas.employee) == {a.pk: (4, latest.pk, dt.date(2025, 3, 1))}
    # Same date: the later record wins, as latest_levels always ranked them.
    again = assess(personas, personas.employee, {a.pk: 2}, date=dt.date(2025, 3, 1))
    assert current(personas.employee) == {a.pk: (2, again.pk, dt.date(2025, 3, 1))}


def test_a_refused_record_leaves_the_current_level_alone(personas, comps):
    a = comps[0]
    assess(personas, personas.employee, {a.pk: 3})
    before = current(personas.employee)
    with pytest.raises(Exception):  # noqa: B017 - a ValidationError, nothing written
        assess(personas, personas.employee, {a.pk: 9}, date=dt.date(2025, 7, 1))
    assert current(personas.employee) == before


def _xlsx(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def test_import_refreshes_every_imported_employee(personas, comps):
    assess(personas, personas.colleague, {comps[0].pk: 5}, date=dt.date(2025, 5, 1))
    upload = _xlsx(
        [
            ["NIP", "Tanggal", "Metode", "Asesor", "Skor Potensi", "M1", "M2"],
            [personas.employee.nip, "2025-04-01", "cact", "UPT", 70, 3, 2],
            # older than the colleague's recorded M1 = 5: M1 stays 5, M2 is new
            [personas.colleague.nip, "2024-04-02", "360", "Tim", None, 1, 2],
        ]
    )
    assert imports.assessment_import(actor=personas.admin, file=upload) == 2
    m1, m2 = Competency.objects.get(code="M1").pk, Competency.objects.get(code="M2").pk
    assert selectors.latest_levels([personas.employee.pk, personas.colleague.pk]) == {
        personas.employee.pk: {m1: 3, m2: 2},
        personas.colleague.pk: {m1: 5, m2: 2},
    }


def test_a_bad_import_row_leaves_no_current_level(personas, comps):
    upload = _xlsx(
        [
            ["NIP", "Tanggal", "Metode", "Asesor", "Skor Potensi", "M1"],
            [personas.employee.nip, "2025-04-01", "cact", "UPT", 70, 3],
            ["000", "2025-04-01", "cact", "UPT", 70, 3],
        ]
    )
    with pytest.raises(Exception):  # noqa: B017 - ValidationError listing row 3
        imports.assessment_import(actor=personas.admin, file=upload)
    assert not CurrentLevel.objects.exists()


def test_deleting_an_assessment_falls_back_to_the_previous_one(personas, comps):
    a, b = comps[:2]
    old = assess(personas, personas.employee, {a.pk: 2}, date=dt.date(2023, 1, 1))
    wrong = assess(personas, personas.employee, {a.pk: 5, b.pk: 4}, date=dt.date(2025, 1, 1))
    with pytest.raises(PermissionDenied):
        services.assessment_delete(actor=personas.user("operator"), assessment=wrong)
    assert current(personas.employee)[a.pk][0] == 5
    services.assessment_delete(actor=personas.admin, assessment=wrong)
    assert current(personas.employee) == {a.pk: (2, old.pk, dt.date(2023, 1, 1))}


def test_the_admin_delete_goes_through_the_service(personas, comps, client):
    a = comps[0]
    old = assess(personas, personas.employee, {a.pk: 2}, date=dt.date(2023, 1, 1))
    wrong = assess(personas, personas.employee, {a.pk: 5}, date=dt.date(2025, 1, 1))
    personas.admin.is_superuser = True
    personas.admin.save()
    client.force_login(personas.admin)
    url = reverse("admin:competency_assessment_delete", args=[wrong.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert current(personas.employee) == {a.pk: (2, old.pk, dt.date(2023, 1, 1))}
    # the changelist's bulk action too
    again = assess(personas, personas.employee, {a.pk: 4}, date=dt.date(2025, 2, 1))
    response = client.post(
        reverse("admin:competency_assessment_changelist"),
        {"action": "delete_selected", "_selected_action": [again.pk, old.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Assessment.objects.filter(employee=personas.employee).exists()
    assert not CurrentLevel.objects.filter(employee=personas.employee).exists()


def test_the_data_migration_fills_what_the_service_would(personas, comps):
    a, b = comps[:2]
    assess(personas, personas.employee, {a.pk: 3, b.pk: 1}, date=dt.date(2024, 1, 1))
    assess(personas, personas.employee, {a.pk: 1}, date=dt.date(2023, 1, 1))
    assess(personas, personas.colleague, {b.pk: 4})
    expected = sorted(CurrentLevel.objects.values_list("employee", "competency", "level"))
    CurrentLevel.objects.all().delete()
    migration = importlib.import_module("abdi.competency.migrations.0005_fill_current_level")
    from django.apps import apps

    migration.fill(apps, SimpleNamespace(connection=connection))
    assert sorted(CurrentLevel.objects.values_list("employee", "competency", "level")) == expected
    assert len(expected) == 3


# --- the heat-map in SQL equals the per-employee computation ----------------------------------


def reference_heatmap(unit) -> dict:
    """{sub-unit pk (the unit's own for its direct staff): (staff, {competency: (total,
    below)})}, one employee at a time from the assessment history."""
    children = {
        c.path: c.pk
        for c in OrgUnit.objects.filter(
            path__startswith=unit.path, depth=unit.depth + 1, is_active=True
        )
    }
    book = selectors.StandardBook(Position.objects.values_list("pk", flat=True))
    staff = list(
        Employee.objects.filter(org_unit__path__startswith=unit.path, is_active=True).values_list(
            "pk", "org_unit__path", "position_id", "position__kind"
        )
    )
    actual = history_levels([e[0] for e in staff])
    result: dict = {}
    for emp, path, position_id, kind in staff:
        key = children.get(path[: len(unit.path) + unit.steplen], unit.pk)
        count, cells = result.setdefault(key, (0, {}))
        for cid, level in book.required(position_id, kind).items():
            total, below = cells.get(cid, (0, 0))
            cells[cid] = (
                total + 1,
                below + rules.below_standard(actual.get(emp, {}).get(cid), level),
            )
        result[key] = (count + 1, cells)
    return result


def as_dict(heatmap) -> dict:
    return {
        row.unit.pk: (row.staff, {cid: (c.total, c.below) for cid, c in row.cells.items()})
        for row in heatmap["rows"]
    }


@pytest.fixture
def world(personas, comps):
    """Own standards, default standards of several kinds, unassessed and inactive staff, an
    employee without a position, sub-units two levels down, an inactive sub-unit and an
    inactive competency in a standard."""
    p = personas
    a, b, c, d = comps[:4]
    unit = OrgUnit.objects.get(pk=p.unit_a.pk)
    deep = OrgUnit.objects.add_child(
        OrgUnit.objects.get(pk=p.subunit_a.pk),
        {"agency": unit.agency, "code": "DINKES-YAN-1", "name": "Seksi Rujukan", "kind": "section"},
    )
    closed = OrgUnit.objects.add_child(
        OrgUnit.objects.get(pk=unit.pk),
        {"agency": unit.agency, "code": "DINKES-LAMA", "name": "Bidang Lama", "kind": "division"},
    )
    closed.is_active = False
    closed.save()
    other_div = OrgUnit.objects.add_child(
        OrgUnit.objects.get(pk=unit.pk),
        {"agency": unit.agency, "code": "DINKES-P2P", "name": "Bidang P2P", "kind": "division"},
    )
    jf = Position.objects.create(
        code="DINKES-JF-EPI", name="Epidemiolog Ahli Muda", kind="jf_ahli_muda",
        class_grade=9, org_unit=other_div,
    )  # fmt: skip
    seksi = Position.objects.create(
        code="DINKES-KASI", name="Kepala Seksi Rujukan", kind="pengawas",
        class_grade=9, org_unit=deep, is_unit_head=True,
    )  # fmt: skip
    retired = Competency.objects.create(
        code="T-OLD", name="Kompetensi Lama", kind="technical", is_active=False
    )
    services.position_standard_set(
        actor=p.admin, position=p.staff_position, levels={a.pk: 2, b.pk: 3}
    )
    services.position_standard_set(actor=p.admin, position=seksi, levels={c.pk: 3})
    from abdi.competency.models import PositionStandard

    # Only an inactive competency: the position falls back to the default standard.
    PositionStandard.objects.create(position=jf, competency=retired, required_level=4)
    people = [
        make_employee(name=f"Staf {i}", unit=p.subunit_a, position=p.staff_position)
        for i in range(4)
    ]
    people += [make_employee(name=f"Seksi {i}", unit=deep, position=seksi) for i in range(3)]
    people += [make_employee(name=f"Epi {i}", unit=other_div, position=jf) for i in range(3)]
    people.append(make_employee(name="Tanpa Jabatan", unit=other_div))
    people.append(make_employee(name="Di Bidang Lama", unit=closed, position=p.staff_position))
    gone = make_employee(name="Sudah Pensiun", unit=deep, position=seksi, is_active=False)
    levels = [1, 2, 3, 4, 5]
    for i, person in enumerate(people[:-3] + [p.employee, p.head_a, gone]):
        if i % 4 == 3:
            continue  # unassessed
        assess(
            p,
            person,
            {a.pk: levels[i % 5], b.pk: levels[(i + 2) % 5], c.pk: levels[(i + 1) % 5]},
            date=dt.date(2024, 1, 1),
        )
        if i % 3 == 0:  # a later assessment of one competency, and an older back-filled one
            assess(p, person, {b.pk: 5}, date=dt.date(2025, 1, 1))
            assess(p, person, {c.pk: 5, d.pk: 5}, date=dt.date(2022, 1, 1))
    return SimpleNamespace(unit=unit, deep=deep, closed=closed, other_div=other_div, jf=jf)


def test_sql_heatmap_equals_the_per_employee_computation(personas, world):
    expected = reference_heatmap(world.unit)
    got = selectors.unit_heatmap(world.unit)
    assert as_dict(got) == expected
    # the world is not trivial: defaults, own standards and below-standard staff all occur
    cells = [cell for _n, row in expected.values() for cell in row.items()]
    assert len(expected) == 3 and any(below for _c, (_t, below) in cells)
    assert any(t > below > 0 for _c, (t, below) in cells)
    # staff of the inactive sub-unit count as the unit's own, as before
    own_staff = expected[world.unit.pk][0]
    assert own_staff == 2  # the head and the one in the closed bidang
    assert {c.pk for c in got["competencies"]} == {
        cid for _n, row in expected.values() for cid in row
    }
    for parent in (world.unit, personas.subunit_a, world.deep, world.other_div):
        parent = OrgUnit.objects.get(pk=parent.pk)
        assert as_dict(selectors.unit_heatmap(parent)) == reference_heatmap(parent)


def test_sql_heatmap_follows_the_default_level_in_force(personas, world):
    before = as_dict(selectors.unit_heatmap(world.unit))[world.other_div.pk][1]
    source = DefaultRequiredLevel.objects.filter(position_kind="jf_ahli_muda").first()
    for level, days in ((5, -1), (1, 30)):  # in force since yesterday; not yet in force
        DefaultRequiredLevel.objects.create(
            position_kind="jf_ahli_muda",
            level=level,
            effective_from=dt.date.today() + dt.timedelta(days=days),
            source=source.source,
            confidence=source.confidence,
        )
    expected = reference_heatmap(world.unit)
    after = as_dict(selectors.unit_heatmap(world.unit))
    assert after == expected
    # level 5 instead of 2: more of the same staff are below, none fewer
    assert {cid: t for cid, (t, _b) in after[world.other_div.pk][1].items()} == {
        cid: t for cid, (t, _b) in before.items()
    }
    assert sum(b for _t, b in after[world.other_div.pk][1].values()) > sum(
        b for _t, b in before.values()
    )


def test_heatmap_runs_a_fixed_number_of_queries(personas, world, django_assert_num_queries):
    with django_assert_num_queries(4):
        selectors.unit_heatmap(world.unit)


def test_below_pairs_and_counts_by_level_equal_the_per_employee_computation(personas, world):
    unit = world.unit
    book = selectors.StandardBook(Position.objects.values_list("pk", flat=True))
    staff = list(
        Employee.objects.filter(org_unit__path__startswith=unit.path, is_active=True).values_list(
            "pk", "org_unit__path", "position_id", "position__kind"
        )
    )
    actual = history_levels([e[0] for e in staff])
    cut = len(unit.path) + unit.steplen
    expected_pairs, expected_counts = set(), defaultdict(lambda: [0, 0])
    for emp, path, position_id, kind in staff:
        for cid, level in book.required(position_id, kind).items():
            is_below = rules.below_standard(actual.get(emp, {}).get(cid), level)
            counts = expected_counts[(path[:cut], cid, level)]
            counts[0] += 1
            counts[1] += not is_below
            if is_below:
                expected_pairs.add((emp, path[:cut], cid, level))
    assert set(selectors.below_standard_pairs(unit)) == expected_pairs
    assert len(expected_pairs) > 5
    got = {
        (bucket, cid, level): [total, met]
        for bucket, cid, level, total, met in selectors.requirement_counts(unit)
        if cid is not None
    }
    assert got == dict(expected_counts)
    without_met = selectors.requirement_counts(unit, met=False)
    assert {(b, c, lv): t for b, c, lv, t, _m in without_met if c is not None} == {
        k: v[0] for k, v in expected_counts.items()
    }
