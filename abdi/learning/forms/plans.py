"""Forms of the development-plan pages: they check the input's shape; the services the rules."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from abdi.competency.models import Competency
from abdi.learning.choices import PlanItemKind, PlanItemStatus
from abdi.learning.models import DevelopmentPlanItem, Programme


class ProgrammeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.get_mode_display()}, {obj.jp} JP)"


class PlanItemForm(forms.Form):
    competency = forms.ModelChoiceField(
        label=_("Kompetensi"),
        queryset=Competency.objects.none(),
        required=False,
        empty_label=_("— tanpa kompetensi —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kind = forms.ChoiceField(
        label=_("Bentuk pengembangan"),
        choices=PlanItemKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    programme = ProgrammeChoiceField(
        label=_("Program pelatihan"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("— tanpa program dari katalog —"),
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("Opsional: coaching, mentoring dan magang biasanya tanpa program katalog."),
    )
    description = forms.CharField(
        label=_("Uraian"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )
    target_date = forms.DateField(
        label=_("Target selesai"),
        widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Target selesai wajib diisi.")},
    )

    def __init__(self, *args, year: int, item: DevelopmentPlanItem | None = None, **kwargs):
        if item is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "competency": item.competency_id,
                "kind": item.kind,
                "programme": item.programme_id,
                "description": item.description,
                "target_date": item.target_date,
            }
        super().__init__(*args, **kwargs)
        keep_competency = [item.competency_id] if item and item.competency_id else []
        keep_programme = [item.programme_id] if item and item.programme_id else []
        cast(forms.ModelChoiceField, self.fields["competency"]).queryset = (
            Competency.objects.filter(is_active=True)
            | Competency.objects.filter(pk__in=keep_competency)
        )
        cast(forms.ModelChoiceField, self.fields["programme"]).queryset = (
            Programme.objects.filter(is_active=True)
            | Programme.objects.filter(pk__in=keep_programme)
        ).order_by("title")
        self.fields["target_date"].widget.attrs.update(min=f"{year}-01-01", max=f"{year}-12-31")
        self.fields["target_date"].help_text = _("Di dalam tahun %(year)d.") % {"year": year}


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan untuk pegawai"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )


class ItemStatusForm(forms.Form):
    status = forms.ChoiceField(choices=PlanItemStatus.choices)
