"""Form fields shared by the apps."""

from __future__ import annotations

from decimal import Decimal

from django import forms


def widget_class(widget: forms.Widget) -> str:
    """The Bootstrap class of a widget: a check box, a select, or any other input."""
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


def plain_number(value):
    """2.00 → "2", 2.50 → "2.5": a whole number shown without decimals (issue 13)."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return value


class PlainDecimalField(forms.DecimalField):
    """A DecimalField whose stored value is shown without trailing zeros in the input."""

    def prepare_value(self, value):
        return plain_number(super().prepare_value(value))
