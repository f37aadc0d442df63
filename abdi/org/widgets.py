"""A searchable unit picker for forms that choose one unit out of hundreds (issue 13): radio
buttons for the chosen unit and its ancestors, and an HTMX search over the active units that
replaces the list as one types (org:unit_options). Without JavaScript the preselected choices
stay usable. The form field (a ModelChoiceField) still validates the submitted pk."""

from __future__ import annotations

from django import forms

from abdi.org.selectors import unit_picker_options


class UnitPicker(forms.Widget):
    template_name = "org/widgets/unit_picker.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options"] = unit_picker_options(selected=value)
        context["widget"]["selected"] = str(value or "")
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates, not the form renderer's (which only sees Django's own).
        from django.template.loader import render_to_string
        from django.utils.safestring import mark_safe

        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))

    def value_from_datadict(self, data, files, name):
        return data.get(name)
