"""Forms of the credit area: they check the input's shape; the services enforce the rules."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class ExternalCertificateForm(forms.Form):
    title = forms.CharField(label=_("Nama kegiatan"), max_length=250)
    provider = forms.CharField(label=_("Penyelenggara"), max_length=200)
    start_date = forms.DateField(label=_("Tanggal mulai"), widget=DateInput())
    end_date = forms.DateField(label=_("Tanggal selesai"), widget=DateInput())
    jp = forms.IntegerField(
        label=_("JP"),
        min_value=1,
        max_value=500,
        help_text=_("Jam pelajaran yang tertulis pada sertifikat (1 JP = 45 menit)."),
    )
    number = forms.CharField(label=_("Nomor sertifikat"), max_length=100, required=False)
    file = forms.FileField(
        label=_("Berkas sertifikat"),
        help_text=_("PDF, JPEG atau PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("verify", _("Verifikasi")), ("reject", _("Tolak"))],
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib bila ditolak."),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pencabutan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "ABCD-EFGH-JKLM",
            }
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper().replace("-", "").replace(" ", "")
        if not code.isalnum() or not 8 <= len(code) <= 16:
            raise ValidationError(_("Kode verifikasi terdiri dari 12 huruf dan angka."))
        return code
