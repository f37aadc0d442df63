"""The form renderer (settings.FORM_RENDERER): selects say what to do, "— pilih —", instead of
Django's "---------" on their empty choice.

Django writes the dashes in two places (a model field's blank choice and ModelChoiceField's
default empty_label); both reach the page through a select widget's template, which this
renderer fills. A field with its own empty label ("Semua unit", "— tanpa induk —") keeps it. A
template that loops over a field's choices by hand bypasses the widget: give that field its
empty_label."""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

SELECT_PLACEHOLDER = _("— pilih —")
DJANGO_DASHES = "---------"


class WordPlaceholderRenderer(DjangoTemplates):
    """Django's default renderer, with the select's dashed empty choice put in words."""

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> SafeString:
        widget = context.get("widget")
        if isinstance(widget, dict) and widget.get("optgroups"):
            _group, options, _index = widget["optgroups"][0]
            first = options[0] if options else None
            if first and first.get("value") in ("", None) and first.get("label") == DJANGO_DASHES:
                first["label"] = SELECT_PLACEHOLDER
        return SafeString(super().render(template_name, context, request))
