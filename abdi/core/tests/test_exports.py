import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from abdi.core.exports import safe_cell, safe_row


def test_formula_like_text_stays_text():
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe_cell("+62 812") == "'+62 812"
    assert safe_cell("-1") == "'-1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("\tx") == "'\tx"


def test_plain_values_pass():
    assert safe_row(["Budi", 3, Decimal("1.5"), dt.date(2026, 1, 1), None, True]) == [
        "Budi",
        3,
        Decimal("1.5"),
        dt.date(2026, 1, 1),
        None,
        True,
    ]


@given(st.text())
def test_no_text_cell_starts_a_formula(text):
    assert not str(safe_cell(text)).startswith(("=", "+", "-", "@", "\t", "\r"))
