"""Forms of the correction-request pages. The supporting document is checked by its content."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Field
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from abdi.core.uploads import detect_type, validate_upload
from abdi.employees.choices import CorrectionStatus
from abdi.employees.models import Employee
from abdi.employees.services.corrections import CORRECTABLE_FIELDS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Accepted document types, recognised from the file's first bytes (never from its name).
DOCUMENT_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def field_label(field_name: str) -> StrOrPromise:
    try:
        field = Employee._meta.get_field(field_name)
    except FieldDoesNotExist:  # a field removed since the request was made
        return field_name
    if not isinstance(field, Field):  # a relation's other side has no label of its own
        return field_name
    return capfirst(field.verbose_name)


def correctable_choices() -> list[tuple[str, StrOrPromise]]:
    return [(name, field_label(name)) for name in CORRECTABLE_FIELDS]


def validate_document(upload) -> str:
    """Return the file extension for the upload's real type, or raise a ValidationError."""
    try:
        mime = validate_upload(upload, allowed=tuple(DOCUMENT_TYPES))
    except ValidationError as exc:
        if exc.code != "type":
            raise
        raise ValidationError(
            _(
                "Isi berkas bukan PDF, JPEG, atau PNG (terdeteksi: %(mime)s). "
                "Unggah hasil pindaian atau foto dokumen pendukung."
            )
            % {"mime": detect_type(upload)}
        ) from exc
    return DOCUMENT_TYPES[mime]


class CorrectionForm(forms.Form):
    field_name = forms.ChoiceField(label=_("Data yang dikoreksi"), choices=())
    requested_value = forms.CharField(
        label=_("Nilai yang benar"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Jelaskan mengapa data saat ini salah."),
    )
    document = forms.FileField(
        label=_("Dokumen pendukung"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_name"].choices = [("", _("— pilih data —")), *correctable_choices()]
        self.fields["document"].help_text = _("PDF, JPEG, atau PNG; paling besar %(limit)s.") % {
            "limit": filesizeformat(settings.ABDI_DOCUMENT_MAX_BYTES)
        }
        for name, field in self.fields.items():
            css = "form-select" if name == "field_name" else "form-control"
            field.widget.attrs["class"] = css

    def clean_requested_value(self) -> str:
        return self.cleaned_data["requested_value"].strip()

    def clean_document(self):
        upload = self.cleaned_data["document"]
        ext = validate_document(upload)
        upload.name = f"koreksi-{uuid.uuid4().hex[:12]}.{ext}"
        return upload

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self._errors:
            attrs = self.fields[name].widget.attrs if name in self.fields else {}
            if name in self.fields and "is-invalid" not in attrs["class"]:
                attrs["class"] += " is-invalid"


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class RejectForm(DecisionForm):
    note = forms.CharField(
        label=_("Alasan penolakan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={"required": _("Alasan penolakan wajib diisi.")},
    )

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Alasan penolakan wajib diisi."))
        return note


class CorrectionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua status")), *CorrectionStatus.choices],
        widget=forms.Select(attrs={"class": "form-select", "data-autosubmit": ""}),
    )
