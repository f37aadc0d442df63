import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy

from abdi.core.exports import safe_cell, safe_row


def test_formula_like_text_is_quoted():
    for text in ("=SUM(A1)", "+62812", "-1", "@cmd", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text


def test_plain_values_pass_and_lazy_text_becomes_str():
    assert safe_cell("Baik") == "Baik"
    lazy = safe_cell(gettext_lazy("Baik"))
    assert lazy == "Baik" and type(lazy) is str
    assert safe_cell(None) is None
    assert safe_cell(3) == 3
    assert safe_cell(Decimal("2.00")) == 2
    assert safe_cell(Decimal("2.50")) == 2.5
    assert safe_cell(dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)
    assert safe_row(["a", 1]) == ["a", 1]
