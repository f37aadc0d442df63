"""Forms of the insights pages (policy monitoring and evaluation)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from abdi.employees.models import Employee
from abdi.insights.choices import IndicatorMeasure, ProgrammeStatus, RecommendationStatus
from abdi.insights.selectors.programmes import jpm_band_names
from abdi.learning.choices import ProgrammeCategory
from abdi.org.models import OrgUnit
from abdi.org.widgets import UnitPicker

YEAR: dict[str, Any] = {"min_value": 2000, "max_value": 2100}
AMOUNT: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}
MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2, "min_value": 0}


class Styled(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")


class ProgrammeForm(Styled):
    name = forms.CharField(label=_("Nama program/kebijakan"), max_length=200)
    description = forms.CharField(
        label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # BKPSDM manages programmes: any active unit, searched (the organisation is public).
    org_unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Unit penanggung jawab"),
        queryset=OrgUnit.objects.filter(is_active=True),
        widget=UnitPicker(),
        error_messages={
            "invalid_choice": _("Unit kerja tidak dikenal atau sudah ditutup: %(value)s."),
        },
    )
    start_year = forms.IntegerField(label=_("Tahun mulai"), **YEAR)
    end_year = forms.IntegerField(label=_("Tahun selesai"), **YEAR)
    status = forms.ChoiceField(label=_("Status"), choices=ProgrammeStatus.choices)


class IndicatorForm(Styled):
    name = forms.CharField(label=_("Indikator"), max_length=200)
    unit_label = forms.CharField(label=_("Satuan"), max_length=20, required=False)
    measure = forms.ChoiceField(label=_("Sumber nilai"), choices=IndicatorMeasure.choices)
    # What a bound measure is about, chosen by name; clean() turns the one the measure needs
    # into the stored parameter.
    category = forms.ChoiceField(
        label=_("Kategori pelatihan"),
        choices=[("", _("Pilih kategori"))] + list(ProgrammeCategory.choices),
        required=False,
        help_text=_("Untuk ukuran JP per kategori pelatihan."),
    )
    service_unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Unit layanan"),
        queryset=OrgUnit.objects.filter(is_active=True),
        required=False,
        widget=UnitPicker(),
        help_text=_("Untuk ukuran IKM unit layanan."),
    )
    jpm_band = forms.ChoiceField(
        label=_("Kategori JPM"),
        required=False,
        help_text=_("Untuk ukuran persentase pegawai pada kategori JPM atau lebih tinggi."),
    )
    baseline = forms.DecimalField(label=_("Nilai dasar"), required=False, **AMOUNT)
    higher_is_better = forms.BooleanField(
        label=_("Makin tinggi makin baik"), required=False, initial=True
    )
    target_year = forms.IntegerField(label=_("Periode target (tahun)"), required=False, **YEAR)
    target = forms.DecimalField(label=_("Target"), required=False, **AMOUNT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jpm_band"].choices = [("", _("Pilih kategori"))] + [
            (name, name) for name in jpm_band_names()
        ]

    def clean(self):
        data = super().clean()
        needed = {
            IndicatorMeasure.JP_CATEGORY: ("category", _("Pilih kategori pelatihan.")),
            IndicatorMeasure.IKM: ("service_unit", _("Pilih unit layanan.")),
            IndicatorMeasure.JPM_BAND: ("jpm_band", _("Pilih kategori JPM.")),
        }.get(data.get("measure"))
        data["measure_param"] = ""
        if needed:
            name, message = needed
            chosen = data.get(name)
            if not chosen:
                self.add_error(name, message)
            else:
                data["measure_param"] = str(chosen.pk if name == "service_unit" else chosen)
        if data.get("target") is not None and not data.get("target_year"):
            self.add_error("target_year", _("Target harus punya periode (tahun)."))
        return data


class TargetForm(Styled):
    year = forms.IntegerField(label=_("Periode (tahun)"), **YEAR)
    target = forms.DecimalField(label=_("Target"), **AMOUNT)


class ValueForm(Styled):
    year = forms.IntegerField(label=_("Periode (tahun)"), **YEAR)
    value = forms.DecimalField(label=_("Realisasi"), **AMOUNT)
    evidence = forms.CharField(label=_("Bukti"), required=False, max_length=2000)
    document = forms.FileField(label=_("Dokumen bukti"), required=False)


class BudgetForm(Styled):
    year = forms.IntegerField(label=_("Periode (tahun)"), **YEAR)
    planned = forms.DecimalField(label=_("Pagu (Rp)"), **MONEY)
    spent = forms.DecimalField(label=_("Realisasi (Rp)"), **MONEY)


class FindingForm(Styled):
    year = forms.IntegerField(label=_("Periode (tahun)"), **YEAR)
    text = forms.CharField(label=_("Temuan"), widget=forms.Textarea(attrs={"rows": 2}))


class RecommendationForm(Styled):
    text = forms.CharField(label=_("Rekomendasi"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Penanggung jawab (nama pengguna atau NIP)"), max_length=150)
    due_on = forms.DateField(label=_("Batas waktu"), widget=forms.DateInput(attrs={"type": "date"}))
    finding: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Temuan"), queryset=None, required=False
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = programme.findings.all()

    def clean_owner(self):
        raw = self.cleaned_data["owner"].strip()
        user = get_user_model().objects.filter(username=raw, is_active=True).first()
        if user is None:
            employee = (
                Employee.objects.filter(nip=raw, user__isnull=False).select_related("user").first()
            )
            user = employee.user if employee else None
        if user is None:
            raise forms.ValidationError(_("Pengguna dengan nama atau NIP ini tidak ditemukan."))
        return user


class FollowUpForm(Styled):
    note = forms.CharField(label=_("Tindak lanjut"), widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (RecommendationStatus.IN_PROGRESS, RecommendationStatus.IN_PROGRESS.label),
            (RecommendationStatus.CLOSED, RecommendationStatus.CLOSED.label),
        ],
    )
