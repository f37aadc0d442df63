from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Issue 13: selects say what to do instead of Django's "---------".
SELECT_PLACEHOLDER = _("— pilih —")


class CoreConfig(AppConfig):
    name = "abdi.core"
    label = "core"
    verbose_name = _("Inti dan data referensi")

    def ready(self) -> None:
        use_word_placeholders()


def use_word_placeholders() -> None:
    """Replace Django's "---------" blank choice with words, once for every form: the model
    fields' blank choice (a shared list, changed in place) and ModelChoiceField's default
    empty_label. A form that sets its own empty_label ("Semua unit") keeps it."""
    from django import forms
    from django.db.models import fields

    fields.BLANK_CHOICE_DASH[:] = [("", SELECT_PLACEHOLDER)]  # type: ignore[list-item]  # lazy text
    defaults = forms.ModelChoiceField.__init__.__kwdefaults__
    if defaults is not None and defaults.get("empty_label") == "---------":
        defaults["empty_label"] = SELECT_PLACEHOLDER
