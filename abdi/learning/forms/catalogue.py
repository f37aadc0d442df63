"""Forms of the training catalogue: they check the input's shape; services_catalogue enforces
the rules (dates in order, quota above seats taken, link for an online session …)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from abdi.competency.models import Competency
from abdi.core.choices import EmployeeKind, PositionKind
from abdi.learning.models import Programme, Provider, TrainingSession
from abdi.learning.selectors.catalogue import unit_search, units_by_ids
from abdi.org.models import OrgUnit

LEVEL_CHOICES = [("", _("— tanpa level —"))] + [(str(i), str(i)) for i in range(1, 6)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def mark_invalid(form) -> None:
    """Bootstrap's is-invalid on the widgets of fields with errors."""
    for name in form.errors:
        if name in form.fields:
            w = form.fields[name].widget
            w.attrs["class"] = (w.attrs.get("class", "") + " is-invalid").strip()


def style(form) -> None:
    """Bootstrap classes on every widget."""
    for field in form.fields.values():
        w = field.widget
        if isinstance(w, (forms.CheckboxSelectMultiple, forms.CheckboxInput)):
            w.attrs.setdefault("class", "form-check-input")
        elif isinstance(w, (forms.Select, forms.SelectMultiple)):
            w.attrs.setdefault("class", "form-select")
        else:
            w.attrs.setdefault("class", "form-control")


# --- providers ----------------------------------------------------------------------------


class ProviderForm(forms.ModelForm):
    class Meta:
        model = Provider
        fields = ["name", "kind", "agreement_number", "agreement_until", "contact"]
        widgets = {"agreement_until": DateInput()}
        help_texts = {
            "agreement_number": _("Wajib untuk perguruan tinggi mitra."),
            "agreement_until": _("Wajib untuk perguruan tinggi mitra."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


# --- programmes ---------------------------------------------------------------------------


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "code",
            "title",
            "description",
            "mode",
            "category",
            "provider",
            "jp",
            "gives_certificate",
            "is_active",
            "cost_per_session",
            "cost_per_participant",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "jp": {"min_value": _("JP harus bilangan bulat minimal 1.")},
            "cost_per_session": {
                "min_value": _("Biaya tidak boleh negatif."),
                "invalid": _("Isi biaya dalam rupiah, angka bulat tanpa titik."),
            },
            "cost_per_participant": {
                "min_value": _("Biaya tidak boleh negatif."),
                "invalid": _("Isi biaya dalam rupiah, angka bulat tanpa titik."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.order_by("name")
        self.fields["jp"].widget.attrs["min"] = 1
        for name in ("cost_per_session", "cost_per_participant"):
            self.fields[name].widget.attrs.update({"min": 0, "step": 1000, "inputmode": "numeric"})
        style(self)


class CompetencyTargetForm(forms.Form):
    competency = forms.ModelChoiceField(
        label=_("Kompetensi"),
        queryset=Competency.objects.none(),
        required=False,
    )
    target_level = forms.ChoiceField(
        label=_("Level yang dicapai"),
        choices=LEVEL_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Level harus 1–5 atau kosong.")},
    )

    def __init__(self, *args, competencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = competencies
        style(self)


class BaseCompetencyTargetFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        # One query for the competency choices, shared by every row.
        qs = Competency.objects.filter(is_active=True).order_by("kind", "order", "name")
        self.competencies = qs
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"competencies": self.competencies}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            competencies=self.competencies,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            c = form.cleaned_data.get("competency")
            if c is None:
                if form.cleaned_data.get("target_level"):
                    form.add_error("competency", _("Pilih kompetensinya."))
                continue
            if c.pk in seen:
                form.add_error("competency", _("Kompetensi ini sudah disebut di baris lain."))
            seen.add(c.pk)

    def targets(self) -> list[tuple[Competency, str | None]]:
        out = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if data.get("DELETE") or not data.get("competency"):
                continue
            out.append((data["competency"], data.get("target_level") or None))
        return out


CompetencyTargetFormSet = forms.formset_factory(
    CompetencyTargetForm,
    formset=BaseCompetencyTargetFormSet,
    extra=2,
    can_delete=True,
    max_num=30,
    validate_max=True,
)


def competency_formset(data=None, programme: Programme | None = None):
    initial = []
    if programme is not None:
        initial = [
            {"competency": t.competency_id, "target_level": str(t.target_level or "")}
            for t in programme.competency_targets.all()
        ]
    return CompetencyTargetFormSet(data, initial=initial, prefix="competencies")


# --- sessions -----------------------------------------------------------------------------

# A session limited to more units than this is better limited to their parent unit.
MAX_ELIGIBLE_UNITS = 100


def unit_label(unit: OrgUnit) -> str:
    return f"{unit.name} ({unit.code})"


class UnitPickerWidget(forms.CheckboxSelectMultiple):
    """The chosen units as ticked boxes, plus the matches of a search as unticked ones: never the
    whole tree (about 1,900 units at scale). The field's queryset only validates what comes back.
    The search itself is the org-unit API (static/js/session_form.js) or, without JavaScript, the
    form's "Cari unit" button, which fills `matches`."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.matches: list[OrgUnit] = []

    def optgroups(self, name, value, attrs=None):
        chosen = units_by_ids(value or [])
        chosen_ids = {u.pk for u in chosen}
        units = [*chosen, *(u for u in self.matches if u.pk not in chosen_ids)]
        return [
            (
                None,
                [
                    self.create_option(
                        name, u.pk, unit_label(u), u.pk in chosen_ids, index, attrs=attrs
                    )
                ],
                index,
            )
            for index, u in enumerate(units)
        ]


class UnitChoiceField(forms.ModelMultipleChoiceField):
    widget = UnitPickerWidget

    def label_from_instance(self, obj):
        return unit_label(obj)


class SessionForm(forms.ModelForm):
    eligible_employee_kinds = forms.MultipleChoiceField(
        label=_("Jenis ASN yang boleh"),
        choices=EmployeeKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosong: semua."),
    )
    eligible_position_kinds = forms.MultipleChoiceField(
        label=_("Jenis jabatan yang boleh"),
        choices=PositionKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosong: semua."),
    )
    online_url = forms.URLField(
        label=_("Tautan daring"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("Wajib untuk sesi daring."),
    )
    eligible_units = UnitChoiceField(
        label=_("Unit kerja yang boleh (beserta sub-unitnya)"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Kosong: semua unit. Cari unit lalu centang; hapus centang untuk membuang."),
        error_messages={
            "invalid_choice": _("Unit kerja tidak dikenal atau sudah ditutup: %(value)s."),
            "invalid_pk_value": _("“%(pk)s” bukan nomor unit kerja."),
        },
    )

    class Meta:
        model = TrainingSession
        fields = [
            "name",
            "registration_opens",
            "registration_closes",
            "start_date",
            "end_date",
            "is_online",
            "location",
            "online_url",
            "quota",
            "contact",
            "approval",
        ]
        widgets = {
            "registration_opens": DateInput(),
            "registration_closes": DateInput(),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }
        error_messages = {"quota": {"min_value": _("Kuota minimal 1 peserta.")}}

    def __init__(self, *args, unit_query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        current = []
        if self.instance.pk:
            current = list(self.instance.eligible_units.values_list("pk", flat=True))
            self.initial.setdefault(
                "eligible_employee_kinds", self.instance.eligible_employee_kinds
            )
            self.initial.setdefault(
                "eligible_position_kinds", self.instance.eligible_position_kinds
            )
            self.initial.setdefault("eligible_units", current)
        # Active units, and those already chosen even if closed since (so an edit still saves).
        units = cast(forms.ModelMultipleChoiceField, self.fields["eligible_units"])
        units.queryset = OrgUnit.objects.filter(Q(is_active=True) | Q(pk__in=current))
        # The "Cari unit" button (no JavaScript): show the matches, judge nothing yet. Enter in
        # the search box submits the form's first button (save): a query typed but not yet
        # searched is taken as a search too, so that it does not save the session unnoticed.
        self.unit_query = unit_query.strip()[:100]
        searched = str(self.data.get("unit_q_searched", "")).strip()[:100] if self.is_bound else ""
        self.searching = self.is_bound and (
            "unit_search" in self.data or (bool(self.unit_query) and self.unit_query != searched)
        )
        if self.searching:
            units.widget.matches = unit_search(self.unit_query)
        self.fields["location"].help_text = _(
            "Wajib untuk sesi tatap muka; untuk sesi daring boleh diisi ruang hibrida."
        )
        self.fields["quota"].widget.attrs["min"] = 1
        self.fields["online_url"].widget.attrs["placeholder"] = "https://"
        # The place/link toggle (static/js/session_form.js); without it both stay visible.
        self.fields["is_online"].widget.attrs["data-online-toggle"] = ""
        style(self)

    def full_clean(self):
        if self.searching:
            # Only a search: nothing is saved, so nothing is judged (no red fields yet).
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def clean_eligible_units(self):
        units = self.cleaned_data["eligible_units"]
        if len(units) > MAX_ELIGIBLE_UNITS:
            raise forms.ValidationError(
                _("Paling banyak %(max)d unit kerja; pilih unit induknya saja (sub-unitnya ikut).")
                % {"max": MAX_ELIGIBLE_UNITS}
            )
        return units

    def _post_clean(self):
        # The service validates the whole session (with the rules' own messages); the model's
        # full_clean would need the programme and repeat the field checks.
        pass

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in [*self.Meta.fields, "eligible_employee_kinds", "eligible_position_kinds"]
        } | {"eligible_units": list(data["eligible_units"])}
