"""Searchable pickers for forms that choose one unit or one position out of hundreds or
thousands (issue 13): radio buttons for the chosen item (a unit with its ancestors), and an HTMX
search that replaces the list as one types (org:unit_options, org:position_options), limited to
the user's scope on the server. Without JavaScript the preselected choices stay usable. The form
field (a ModelChoiceField) still validates the submitted pk against its own queryset.

`scope` names the server-side scope of the search (org.permissions.picker_scope); the form sets
`within` (the same subtrees) so that the first rendering offers nothing outside them."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from abdi.org.selectors import position_picker_options, unit_picker_options


class _Picker(forms.Widget):
    template_name = ""
    options_url = ""

    def __init__(self, attrs=None, *, scope: str = ""):
        super().__init__(attrs)
        self.scope = scope
        self.within: tuple[str, ...] | None = None

    def options(self, value):
        raise NotImplementedError

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options"] = self.options(value)
        context["widget"]["selected"] = str(value or "")
        context["widget"]["scope"] = self.scope
        context["widget"]["options_url"] = self.options_url
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates, not the form renderer's (which only sees Django's own).
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class UnitPicker(_Picker):
    template_name = "org/widgets/unit_picker.html"
    options_url = "org:unit_options"

    def options(self, value):
        return unit_picker_options(selected=value, within=self.within)


class PositionPicker(_Picker):
    """One position (radio buttons), or with `multiple=True` several (check boxes; the search
    keeps the ticked ones at the top), for a ModelMultipleChoiceField."""

    template_name = "org/widgets/position_picker.html"
    options_url = "org:position_options"

    def __init__(self, attrs=None, *, scope: str = "", multiple: bool = False):
        super().__init__(attrs, scope=scope)
        self.allow_multiple_selected = multiple

    def options(self, value):
        return position_picker_options(selected=value, within=self.within)

    def format_value(self, value):
        if not self.allow_multiple_selected:
            return super().format_value(value)
        values = value if isinstance(value, (list, tuple)) else [value]
        return [str(v) for v in values if v not in (None, "")]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        value = context["widget"]["value"]
        picked = value if isinstance(value, list) else [value]
        context["widget"]["selected"] = [str(v) for v in picked if v not in (None, "")]
        context["widget"]["multiple"] = self.allow_multiple_selected
        return context

    def value_from_datadict(self, data, files, name):
        if self.allow_multiple_selected and hasattr(data, "getlist"):
            return data.getlist(name)
        return data.get(name)
