"""Forms of the SKP pages. They check the shape of the input; the services enforce the rules of
the regulation, and their ValidationErrors are put on the form by `add_service_errors`."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abdi.core.choices import Predikat
from abdi.core.formfields import PlainDecimalField
from abdi.org.models import OrgUnit
from abdi.performance.choices import (
    Approach,
    Cadence,
    IndicatorAspect,
    OrgPredikat,
    Rating,
    SKPStatus,
    WorkResultKind,
)
from abdi.performance.models import PerformanceYear

# Service error keys that name a field under another name on the page's form.
FIELD_ALIASES = {
    "work_result_rating": "work_result_rating",
    "target": "target_value",
    "evidence_file": "evidence",
}


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, and `is-invalid` on fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self._errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = attrs.get("class", "") + " is-invalid"


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, else on the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            if name not in form.fields:
                alias = FIELD_ALIASES.get(name)
                name = alias if alias in form.fields else None
            form.add_error(name, errors)
    else:
        form.add_error(None, exc)


def _date(**attrs) -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


# ---------------------------------------------------------------- years and unit predikat


class YearOpenForm(StyledForm):
    year = forms.IntegerField(label=_("Tahun"), min_value=2022, max_value=2100)
    cadence = forms.ChoiceField(
        label=_("Periode penilaian berkala"),
        choices=Cadence.choices,
        initial=Cadence.QUARTERLY,
    )
    skp_deadline = forms.DateField(label=_("Batas penetapan SKP"), widget=_date())
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


# ---------------------------------------------------------------- planning


class SKPFilterForm(StyledForm):
    year = forms.IntegerField(label=_("Tahun"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Semua status"))] + list(SKPStatus.choices),
        required=False,
    )
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"),
        queryset=OrgUnit.objects.filter(is_active=True).order_by("path"),
        required=False,
        empty_label=_("Semua unit"),
    )
    q = forms.CharField(label=_("Nama atau NIP"), required=False, max_length=100)


class SKPCreateForm(StyledForm):
    performance_year = forms.ModelChoiceField(
        label=_("Tahun kinerja"),
        queryset=PerformanceYear.objects.filter(is_open=True).order_by("-year"),
        empty_label=None,
    )
    approach = forms.ChoiceField(
        label=_("Pendekatan target"),
        choices=Approach.choices,
        initial=Approach.QUANTITATIVE,
        help_text=_(
            "Kuantitatif: target berupa angka dan satuan. Kualitatif: target berupa uraian hasil "
            "yang diharapkan."
        ),
    )


class WorkResultForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=WorkResultKind.choices, initial=WorkResultKind.MAIN
    )
    title = forms.CharField(
        label=_("Rencana hasil kerja"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    supports = forms.ModelChoiceField(
        label=_("RHK atasan yang diintervensi"),
        queryset=None,
        required=False,
        empty_label=_("— pilih RHK atasan —"),
        help_text=_("Setiap RHK utama mendukung satu RHK pada SKP atasan yang sudah disetujui."),
    )

    def __init__(self, *args, supports_queryset, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supports"].queryset = supports_queryset
        self.fields["supports"].label_from_instance = lambda wr: wr.title
        if editing:  # the kind of an RHK is fixed once written
            del self.fields["kind"]


class IndicatorForm(StyledForm):
    aspect = forms.ChoiceField(label=_("Aspek"), choices=IndicatorAspect.choices)
    description = forms.CharField(
        label=_("Indikator kinerja"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    target_value = PlainDecimalField(
        label=_("Target (angka)"), max_digits=14, decimal_places=2, required=False, min_value=0
    )
    target_unit = forms.CharField(
        label=_("Satuan"),
        max_length=60,
        required=False,
        help_text=_("mis. dokumen, laporan, %, hari"),
    )
    target_description = forms.CharField(
        label=_("Target (uraian hasil yang diharapkan)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, approach: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.approach = approach
        if approach == Approach.QUALITATIVE:
            self.fields["target_description"].required = True
        else:
            self.fields["target_value"].required = True
            self.fields["target_unit"].required = True

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "aspect": d["aspect"],
            "description": d["description"],
            "target_value": d.get("target_value"),
            "target_unit": d.get("target_unit") or "",
            "target_description": d.get("target_description") or "",
        }


class ExpectationsForm(StyledForm):
    """The appraiser's specific expectation for each of the 7 BerAKHLAK values."""

    def __init__(self, *args, values, current: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.values = list(values)
        for value in self.values:
            self.fields[f"value_{value.pk}"] = forms.CharField(
                label=value.name,
                required=False,
                initial=current.get(value.pk, ""),
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def rows(self):
        for value in self.values:
            yield value, self[f"value_{value.pk}"]

    def expectations(self) -> dict[int, str]:
        return {
            v.pk: (self.cleaned_data.get(f"value_{v.pk}") or "").strip()
            for v in self.values
            if (self.cleaned_data.get(f"value_{v.pk}") or "").strip()
        }


class NoteForm(StyledForm):
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(StyledForm):
    note = forms.CharField(
        label=_("Catatan untuk pegawai"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan catatan: apa yang perlu diperbaiki.")},
    )


# ---------------------------------------------------------------- execution and evaluation


class ActivityForm(StyledForm):
    date = forms.DateField(label=_("Tanggal"), widget=_date())
    work_result = forms.ModelChoiceField(label=_("RHK"), queryset=None, empty_label=None)
    description = forms.CharField(
        label=_("Kegiatan yang dilakukan"), widget=forms.Textarea(attrs={"rows": 2})
    )
    output = forms.CharField(label=_("Hasil/output"), max_length=300, required=False)
    evidence = forms.FileField(label=_("Bukti dukung (berkas)"), required=False)
    evidence_link = forms.URLField(
        label=_("atau tautan bukti"), required=False, assume_scheme="https"
    )

    def __init__(self, *args, work_results, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_result"].queryset = work_results
        self.fields["work_result"].label_from_instance = lambda wr: wr.title
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())


class RealisationForm(StyledForm):
    """One indicator's realisation for one period (prefix: ind-<indicator id>)."""

    value = PlainDecimalField(
        label=_("Realisasi (angka)"), max_digits=14, decimal_places=2, required=False
    )
    description = forms.CharField(
        label=_("Realisasi (uraian)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label=_("Bukti dukung"), required=False)
    evidence_link = forms.URLField(label=_("Tautan bukti"), required=False, assume_scheme="https")
    self_assessment = forms.CharField(
        label=_("Penilaian diri"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def is_empty(self) -> bool:
        d = self.cleaned_data
        return (
            d.get("value") is None
            and not d.get("description")
            and not d.get("evidence")
            and not d.get("evidence_link")
            and not d.get("self_assessment")
        )


class FeedbackForm(StyledForm):
    subject = forms.ChoiceField(label=_("Tentang"))
    text = forms.CharField(label=_("Umpan balik"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, work_results, values, **kwargs):
        super().__init__(*args, **kwargs)
        rhk = [(f"wr:{wr.pk}", wr.title[:90]) for wr in work_results]
        beh = [(f"bv:{v.pk}", v.name) for v in values]
        self.fields["subject"].choices = [
            ("", _("— pilih RHK atau nilai perilaku —")),
            (_("Rencana hasil kerja"), rhk),
            (_("Perilaku kerja (BerAKHLAK)"), beh),
        ]
        self._rhk = {wr.pk: wr for wr in work_results}
        self._values = {v.pk: v for v in values}

    def subject_kwargs(self) -> dict:
        kind, _sep, raw = self.cleaned_data["subject"].partition(":")
        if kind == "wr":
            return {"work_result": self._rhk[int(raw)]}
        return {"behaviour_value": self._values[int(raw)]}


class EvaluationForm(StyledForm):
    work_result_rating = forms.ChoiceField(
        label=_("Rating hasil kerja"), choices=Rating.choices, widget=forms.RadioSelect
    )
    behaviour_rating = forms.ChoiceField(
        label=_("Rating perilaku kerja"), choices=Rating.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Catatan penilai"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, fixed_work_rating: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_work_rating:
            # A unit head's work-result rating comes from the unit's predikat: shown, not chosen.
            self.fields["work_result_rating"].required = False
            self.fields["work_result_rating"].disabled = True
            self.fields["work_result_rating"].initial = fixed_work_rating


class ObjectionForm(StyledForm):
    reason = forms.CharField(
        label=_("Alasan keberatan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan alasan keberatan.")},
    )


class ObjectionDecisionForm(StyledForm):
    upheld = forms.TypedChoiceField(
        label=_("Keputusan"),
        choices=[("1", _("Keberatan diterima (predikat diubah)")), ("0", _("Keberatan ditolak"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    new_predikat = forms.ChoiceField(
        label=_("Predikat baru"),
        choices=[("", "—")] + list(Predikat.choices),
        required=False,
    )
    reason = forms.CharField(
        label=_("Alasan keputusan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan alasan keputusan.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("upheld") and not data.get("new_predikat"):
            self.add_error("new_predikat", _("Pilih predikat baru bila keberatan diterima."))
        if data.get("upheld") is False:
            data["new_predikat"] = ""
        return data
