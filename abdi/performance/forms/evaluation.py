"""Forms of execution and evaluation: activities, realisations, feedback, the evaluation, and
objections. They check the shape of the input; the services enforce the rules."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abdi.core.choices import Predikat
from abdi.core.formfields import PlainDecimalField
from abdi.performance.choices import (
    Rating,
)
from abdi.performance.forms.common import StyledForm, date_input
from abdi.performance.models import WorkResult

# ---------------------------------------------------------------- execution and evaluation


class WorkResultChoiceField(forms.ModelChoiceField[WorkResult]):
    """A work result (RHK) named by its title alone."""

    def label_from_instance(self, obj: WorkResult) -> str:
        return obj.title


class ActivityForm(StyledForm):
    date = forms.DateField(label=_("Tanggal"), widget=date_input())
    work_result = WorkResultChoiceField(label=_("RHK"), queryset=None, empty_label=None)
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


class AdjustForm(forms.Form):
    """Calibration: a new predikat with its reason (the service records both)."""

    predikat = forms.ChoiceField(label=_("Predikat baru"), choices=Predikat.choices)
    reason = forms.CharField(
        label=_("Alasan penyesuaian"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Alasan penyesuaian wajib diisi.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Alasan penyesuaian wajib diisi."))
        return reason
