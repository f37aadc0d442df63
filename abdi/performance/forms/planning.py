"""Forms of SKP planning: the list filter, a new SKP, work results, indicators, behaviour
expectations, and the notes of the workflow. They check the shape of the input; the services
enforce the rules of the regulation."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from abdi.core.formfields import PlainDecimalField
from abdi.employees.permissions import subtree_q
from abdi.org.models import OrgUnit
from abdi.org.widgets import UnitPicker
from abdi.performance.choices import (
    Approach,
    IndicatorAspect,
    SKPStatus,
    WorkResultKind,
)
from abdi.performance.forms.common import StyledForm
from abdi.performance.models import WorkResult
from abdi.performance.models.years import PerformanceYear
from abdi.performance.permissions import skp_unit_paths

# ---------------------------------------------------------------- planning


class SKPFilterForm(StyledForm):
    year = forms.IntegerField(label=_("Tahun"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Semua status"))] + list(SKPStatus.choices),
        required=False,
    )
    unit: forms.ModelChoiceField[OrgUnit] = forms.ModelChoiceField(
        label=_("Unit kerja"),
        queryset=OrgUnit.objects.filter(is_active=True),
        required=False,
        widget=UnitPicker(scope="skp"),
    )
    q = forms.CharField(label=_("Nama atau NIP"), required=False, max_length=100)

    def __init__(self, *args, user, **kwargs):
        """The unit is a searchable picker (org.widgets.UnitPicker) over the units whose SKPs
        the user may see (permissions.skp_unit_paths, the picker's "skp" scope on the server)."""
        super().__init__(*args, **kwargs)
        within = skp_unit_paths(user)
        self.fields["unit"].widget.within = within
        if within is not None:
            # self.fields holds a copy of the declared field, which Form types as a plain Field.
            unit = cast(forms.ModelChoiceField, self.fields["unit"])
            unit.queryset = OrgUnit.objects.filter(subtree_q(within, "path"), is_active=True)


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


class WorkResultChoiceField(forms.ModelChoiceField):
    """An RHK listed by its title."""

    def label_from_instance(self, obj: WorkResult) -> str:
        return obj.title


class WorkResultForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=WorkResultKind.choices, initial=WorkResultKind.MAIN
    )
    title = forms.CharField(
        label=_("Rencana hasil kerja"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    supports = WorkResultChoiceField(
        label=_("RHK atasan yang diintervensi"),
        queryset=None,
        required=False,
        empty_label=_("— pilih RHK atasan —"),
        help_text=_("Setiap RHK utama mendukung satu RHK pada SKP atasan yang sudah disetujui."),
    )

    def __init__(self, *args, supports_queryset, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # self.fields holds a copy of the declared field, which Form types as a plain Field.
        cast(WorkResultChoiceField, self.fields["supports"]).queryset = supports_queryset
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
