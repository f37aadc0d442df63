"""Forms of transfer requests and rotation plans."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from abdi.careers.forms.proposals import date_field, style
from abdi.careers.models import TransferKind
from abdi.employees.models import Employee
from abdi.employees.rules import clean_nip
from abdi.org.models import OrgUnit, Position
from abdi.org.widgets import UnitPicker


def active_position(code: str) -> Position | None:
    """The active post with this code (any case); None for an empty field."""
    code = code.strip()
    if not code:
        return None
    position = Position.objects.filter(code__iexact=code, is_active=True).first()
    if position is None:
        raise forms.ValidationError(_("Jabatan dengan kode ini tidak ditemukan."))
    return position


class TransferRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis perpindahan"), choices=TransferKind.choices)
    destination_unit: forms.ModelChoiceField[OrgUnit] = forms.ModelChoiceField(
        label=_("Unit tujuan"),
        required=False,
        queryset=OrgUnit.objects.filter(is_active=True).order_by("path"),
        widget=UnitPicker,
    )
    destination_position_code = forms.CharField(
        label=_("Kode jabatan tujuan (bila tahu)"), required=False, max_length=40
    )
    destination_agency = forms.CharField(
        label=_("Instansi tujuan (pindah ke instansi lain)"), required=False, max_length=200
    )
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.FileField(
        label=_("Dokumen pendukung"),
        help_text=_("PDF, gambar atau dokumen Office, paling besar 5 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def clean_destination_position_code(self):
        return active_position(self.cleaned_data["destination_position_code"])


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=(("approve", _("Setujui")), ("reject", _("Tolak"))))
    note = forms.CharField(
        label=_("Catatan / alasan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class TransferDecreeForm(forms.Form):
    decree_number = forms.CharField(label=_("Nomor SK"), max_length=100)
    decree_date = date_field(_("Tanggal SK"))
    effective_from = date_field(_("TMT"))
    position_code = forms.CharField(
        label=_("Kode jabatan tujuan"),
        required=False,
        max_length=40,
        help_text=_("Kosongkan bila sama dengan jabatan tujuan pada permohonan."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def clean_position_code(self):
        return active_position(self.cleaned_data["position_code"])


class RotationPlanForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    effective_from = date_field(_("TMT"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class RotationMoveForm(forms.Form):
    nip = forms.CharField(label=_("NIP pegawai"), max_length=18)
    position_code = forms.CharField(label=_("Kode jabatan tujuan"), max_length=40)
    decree_number = forms.CharField(label=_("Nomor SK"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def clean_nip(self):
        nip = clean_nip(self.cleaned_data["nip"])
        employee = Employee.objects.filter(nip=nip).select_related("position").first()
        if employee is None:
            raise forms.ValidationError(_("Pegawai dengan NIP ini tidak ditemukan."))
        return employee

    def clean_position_code(self):
        code = self.cleaned_data["position_code"].strip()
        position = Position.objects.filter(code__iexact=code).first()
        if position is None:
            raise forms.ValidationError(_("Jabatan dengan kode ini tidak ditemukan."))
        return position
