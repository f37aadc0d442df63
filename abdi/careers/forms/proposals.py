"""Forms of due lists and proposals: they check the input's shape; the services the rules."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abdi.careers.models import CHECKLISTS, ProposalKind
from abdi.core.formfields import widget_class


def style(form: forms.Form) -> None:
    for name, field in form.fields.items():
        widget = field.widget
        css = widget_class(widget)
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        if form.is_bound and name in form.errors:
            widget.attrs["class"] += " is-invalid"


def date_field(label, required=True, **kw):
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}), **kw
    )


def default_period(kind: str, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The period a due list opens with: retirement the next 24 months; the award the calendar
    year; KP and KGB the next six months."""
    today = today or timezone.localdate()
    first = dt.date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    if kind == ProposalKind.BUP:
        return first, dt.date(first.year + 2, first.month, 1) - dt.timedelta(days=1)
    if kind == ProposalKind.SATYALANCANA:
        return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    month = first.month - 1 + 6
    return first, dt.date(first.year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


class DueFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=ProposalKind.choices)
    date_from = date_field(_("Periode dari"), required=False)
    date_to = date_field(_("sampai"), required=False)
    # Rendered by the page's searchable picker (org.forms.ScopedUnitForm); checked here.
    unit = forms.IntegerField(label=_("Unit kerja"), required=False)
    only_eligible = forms.BooleanField(label=_("Hanya yang memenuhi syarat"), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_ids = set(units)
        style(self)

    def clean(self):
        data = super().clean()
        kind = data.get("kind") or ProposalKind.KP
        start, end = default_period(kind)
        data["date_from"] = data.get("date_from") or start
        data["date_to"] = data.get("date_to") or end
        if data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("Akhir periode tidak boleh sebelum awal periode."))
        elif (data["date_to"] - data["date_from"]).days > 733:
            self.add_error("date_to", _("Periode paling lama dua tahun."))
        if data.get("unit") and data["unit"] not in self.unit_ids:
            self.add_error("unit", _("Unit kerja ini di luar wewenang Anda."))
        return data


class BatchCreateForm(forms.Form):
    kind = forms.ChoiceField(choices=ProposalKind.choices, widget=forms.HiddenInput)
    date_from = forms.DateField(widget=forms.HiddenInput)
    date_to = forms.DateField(widget=forms.HiddenInput)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    employees = forms.CharField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=_("Catatan untuk BKPSDM"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class VerifyForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in CHECKLISTS[kind]:
            self.fields[f"doc_{key}"] = forms.BooleanField(label=label, required=False)
        self.fields["note"] = self.fields.pop("note")
        style(self)

    def checklist(self) -> dict[str, bool]:
        return {
            name[4:]: bool(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("doc_")
        }


class TechnicalForm(forms.Form):
    number = forms.CharField(label=_("Nomor pertimbangan teknis BKN"), max_length=100)
    date = date_field(_("Tanggal pertimbangan teknis"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class DecreeForm(forms.Form):
    decree_number = forms.CharField(label=_("Nomor SK"), max_length=100)
    decree_date = date_field(_("Tanggal SK"))
    effective_from = date_field(_("TMT"))
    basic_salary = forms.IntegerField(
        label=_("Gaji pokok baru (Rp)"),
        required=False,
        min_value=1,
        help_text=_("Untuk kenaikan gaji berkala; boleh dikosongkan."),
    )

    def __init__(self, *args, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if kind != ProposalKind.KGB:
            del self.fields["basic_salary"]
        style(self)


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
