"""Forms of the performance year (BKPSDM): opening a year, a unit's organisational predikat."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abdi.performance.choices import (
    Cadence,
    OrgPredikat,
)
from abdi.performance.forms.common import StyledForm, date_input

# ---------------------------------------------------------------- years and unit predikat


class YearOpenForm(StyledForm):
    year = forms.IntegerField(label=_("Tahun"), min_value=2022, max_value=2100)
    cadence = forms.ChoiceField(
        label=_("Periode penilaian berkala"),
        choices=Cadence.choices,
        initial=Cadence.QUARTERLY,
    )
    skp_deadline = forms.DateField(label=_("Batas penetapan SKP"), widget=date_input())
    realisation_days_after_period = forms.IntegerField(
        label=_("Batas pengisian realisasi (hari setelah periode berakhir)"),
        min_value=0,
        max_value=90,
        initial=10,
    )
    evaluation_days_after_period = forms.IntegerField(
        label=_("Batas penilaian (hari setelah periode berakhir)"),
        min_value=0,
        max_value=120,
        initial=20,
    )
    objection_days = forms.IntegerField(
        label=_("Batas pengajuan keberatan (hari setelah rilis)"),
        min_value=1,
        max_value=90,
        initial=14,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            year = timezone.localdate().year
            self.initial.setdefault("year", year)
            self.initial.setdefault("skp_deadline", dt.date(year, 1, 31))


class OrgPredikatForm(StyledForm):
    """One predikat select per unit; a blank select leaves that unit as it is."""

    def __init__(self, *args, units, current: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        for unit in self.units:
            self.fields[f"unit_{unit.pk}"] = forms.ChoiceField(
                label=unit.name,
                choices=[("", "—")] + list(OrgPredikat.choices),
                required=False,
                initial=current.get(unit.pk, ""),
            )
            self.fields[f"unit_{unit.pk}"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["basis"] = forms.CharField(
            label=_("Dasar penetapan (mis. nomor LHE/SK)"),
            required=False,
            max_length=500,
            widget=forms.TextInput(attrs={"class": "form-control"}),
        )

    def rows(self):
        for unit in self.units:
            yield unit, self[f"unit_{unit.pk}"]

    def changed_units(self, current: dict[int, str]):
        """(unit, predikat) for each unit whose select differs from what is recorded."""
        for unit in self.units:
            value = self.cleaned_data.get(f"unit_{unit.pk}") or ""
            if value and value != current.get(unit.pk, ""):
                yield unit, value
