"""The employee list export: the filters and scope of the page, CSV and XLSX, cells written safely
through core.exports, a bounded number of queries."""

import csv
import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_csv_follows_scope_and_filters(personas, login, django_assert_max_num_queries):
    client = login(personas.operator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("employees:export", args=["csv"]))
        rows = _csv_rows(response)
    assert rows[0][:2] == ["NIP", "Nama"]
    nips = {r[0] for r in rows[1:]}
    assert personas.employee.nip in nips
    assert personas.outsider.nip not in nips  # another OPD: out of the operator's scope
    filtered = _csv_rows(
        client.get(reverse("employees:export", args=["csv"]), {"q": personas.employee.nip})
    )
    assert [r[0] for r in filtered[1:]] == [personas.employee.nip]


def test_xlsx_opens_and_quotes_formula_like_text(personas, login):
    from openpyxl import load_workbook

    personas.employee.name = "=HYPERLINK(1)"
    personas.employee.save()
    response = login(personas.admin).get(reverse("employees:export", args=["xlsx"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c for row in book.active.iter_rows() for c in row if c.value == "=HYPERLINK(1)"]
    # Stored as text with Excel's quote prefix: shown as typed, never run as a formula.
    assert len(cells) == 1
    assert cells[0].data_type == "s"
    assert cells[0].quotePrefix


def test_unknown_format_is_404(personas, login):
    assert login(personas.admin).get(reverse("employees:export", args=["pdf"])).status_code == 404
