"""Finding 3 of issue 14: every XLSX/CSV export writes a name that looks like a formula as text.

Each export is fed the hostile name `=HYPERLINK("http://x","y")` (accepted by the import) and the
cell must come back as a string, never a formula."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from abdi.core.exports import append_xlsx, csv_value, csv_writer, is_formula_like
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit

HOSTILE = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_owasp_starts_are_formula_like(start):
    assert is_formula_like(start + "1+1")
    assert csv_value(start + "x") == "'" + start + "x"


def test_plain_values_are_untouched():
    assert csv_value("Budi") == "Budi" and csv_value(-5) == -5 and csv_value(None) is None
    out = io.StringIO()
    csv_writer(out).writerow(["Budi", HOSTILE, 3])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["Budi", "'" + HOSTILE, "3"]


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_cell_is_text(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("x") if write_only else book.active
    append_xlsx(sheet, [HOSTILE, "+62 812", 7, "Budi"])
    buffer = io.BytesIO()
    book.save(buffer)
    cells = list(load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0].iter_rows())[0]
    assert [c.data_type for c in cells] == ["s", "s", "n", "s"]
    assert cells[0].value == HOSTILE


def _hostile_cells(content: bytes) -> list:
    """Every cell of the workbook whose value is the hostile text; each must be a string."""
    found = []
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "HYPERLINK" in cell.value:
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
                    found.append(cell)
    return found


@pytest.mark.django_db
def test_jp_below_target_export(personas):
    from django.test import Client

    from abdi.learning.testing import build_learning_world

    world = build_learning_world(personas)
    Employee.objects.filter(pk=personas.colleague.pk).update(name=HOSTILE)
    client = Client()
    client.force_login(personas.supervisor.user)
    year = world.completed.session.end_date.year
    response = client.get(reverse("learning:jp_dashboard_export"), {"year": year})
    assert response.status_code == 200
    assert _hostile_cells(response.content)


@pytest.mark.django_db
def test_calibration_recap_export(personas, login):
    from abdi.performance.testing import approved_skp_chain
    from abdi.performance.tests.test_monitoring import QUARTER, evaluate

    chain = approved_skp_chain(personas)
    evaluate(chain.employee, personas.supervisor.user)
    Employee.objects.filter(pk=personas.employee.pk).update(name=HOSTILE)
    OrgUnit.objects.filter(pk=personas.subunit_a.pk).update(name=HOSTILE)
    response = login(personas.admin).get(
        reverse("performance:unit_recap", kwargs={"unit": personas.unit_a.pk, "period": QUARTER})
    )
    assert response.status_code == 200
    assert len(_hostile_cells(response.content)) >= 2


@pytest.mark.django_db
def test_tna_export(personas, login):
    from abdi.competency.models import Competency
    from abdi.learning.tests.test_plans_views import YEAR, plans_scene

    competency = plans_scene(personas)
    Competency.objects.filter(pk=competency.pk).update(name=HOSTILE)
    OrgUnit.objects.filter(pk=personas.subunit_a.pk).update(name=HOSTILE)
    response = login(personas.admin).get(
        reverse("learning:tna_export"), {"unit": personas.unit_a.pk, "year": YEAR}
    )
    assert response.status_code == 200
    assert _hostile_cells(response.content)


@pytest.mark.django_db
def test_employee_import_templates(personas, login):
    from abdi.employees.selectors.imports import template_example

    unit_code = template_example(personas.operator)["UNOR_KODE"]
    OrgUnit.objects.filter(code=unit_code).update(code="=1+1")
    client = login(personas.operator)
    xlsx = client.get(reverse("employees:import_template", args=["xlsx"]))
    assert xlsx.status_code == 200
    cells = [
        c
        for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows()
        for c in row
        if c.value == "=1+1"
    ]
    assert cells and all(c.data_type == "s" for c in cells)
    text = client.get(reverse("employees:import_template", args=["csv"])).content.decode(
        "utf-8-sig"
    )
    assert "'=1+1" in text and ",=1+1" not in text
