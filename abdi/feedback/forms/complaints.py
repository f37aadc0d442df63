"""Forms of the complaint pages (public and staff) and of the service catalogue. Forms check the
shape of the input; the services enforce the rules."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from abdi.feedback.choices import ComplaintKind, ComplaintStatus
from abdi.feedback.models import PublicService
from abdi.feedback.selectors.complaints import employee_by_nip
from abdi.feedback.services.complaint_attachments import (
    MAX_ATTACHMENTS,
    attachment_max_bytes,
    check_attachments,
)
from abdi.org.models import OrgUnit
from abdi.org.permissions import picker_scope
from abdi.org.widgets import UnitPicker


class _Styled:
    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.RadioSelect):
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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def parse_target(value: str) -> tuple[OrgUnit | None, PublicService | None]:
    """'s:<id>' a service, 'u:<id>' a unit; anything else nothing."""
    kind, _sep, raw = (value or "").partition(":")
    if not raw.isdigit():
        return None, None
    if kind == "s":
        service = (
            PublicService.objects.select_related("org_unit")
            .filter(pk=int(raw), is_active=True, org_unit__is_active=True)
            .first()
        )
        return (service.org_unit, service) if service else (None, None)
    if kind == "u":
        return OrgUnit.objects.filter(pk=int(raw), is_active=True).first(), None
    return None, None


class PublicComplaintForm(_Styled, forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis laporan"),
        choices=ComplaintKind.choices,
        initial=ComplaintKind.COMPLAINT,
        widget=forms.RadioSelect,
    )
    target = forms.CharField(
        label=_("Unit atau layanan yang dilaporkan"),
        widget=forms.HiddenInput,
        error_messages={"required": _("Pilih unit atau layanan yang dilaporkan.")},
    )
    title = forms.CharField(label=_("Judul laporan"), max_length=200)
    description = forms.CharField(
        label=_("Apa yang terjadi?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    incident_date = forms.DateField(
        label=_("Kapan terjadi?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    incident_place = forms.CharField(label=_("Di mana?"), max_length=200, required=False)
    officer_description = forms.CharField(
        label=_("Petugas yang terlibat (bila ada)"),
        max_length=200,
        required=False,
        help_text=_("Nama, ciri, atau loket petugas. Boleh dikosongkan."),
    )
    attachments = MultipleFileField(
        label=_("Foto atau dokumen"),
        required=False,
        # formatted per request in __init__, so that it follows the active language
    )
    reporter_name = forms.CharField(label=_("Nama"), max_length=150, required=False)
    reporter_email = forms.EmailField(label=_("E-mail"), required=False)
    reporter_phone = forms.CharField(
        label=_("Nomor telepon/WhatsApp"), max_length=20, required=False
    )
    is_anonymous = forms.BooleanField(
        label=_("Anonim — jangan simpan nama dan kontak saya"), required=False
    )
    is_confidential = forms.BooleanField(
        label=_("Rahasia — identitas saya hanya diketahui pengelola pengaduan"), required=False
    )
    # A honeypot: hidden from people, filled by bots.
    website = forms.CharField(required=False, label=_("Situs web"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
        self.fields["kind"].widget.attrs["class"] = "form-check-input"
        self.fields["attachments"].help_text = _(
            "Paling banyak %(n)d berkas: foto (JPEG, PNG) atau PDF, masing-masing paling besar %(size)s."
        ) % {"n": MAX_ATTACHMENTS, "size": filesizeformat(attachment_max_bytes())}
        self.fields["attachments"].widget.attrs.update(
            {"accept": "image/jpeg,image/png,image/webp,image/heic,application/pdf"}
        )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["reporter_phone"].widget.attrs.update(
            {"inputmode": "tel", "autocomplete": "tel"}
        )
        self.fields["reporter_email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["reporter_name"].widget.attrs.update({"autocomplete": "name"})

    @property
    def is_bot(self) -> bool:
        return bool((self.data.get("website") or "").strip())

    def clean_target(self):
        unit, service = parse_target(self.cleaned_data["target"])
        if unit is None:
            raise ValidationError(_("Pilih unit atau layanan yang dilaporkan dari daftar."))
        self.cleaned_data["org_unit"], self.cleaned_data["service"] = unit, service
        return self.cleaned_data["target"]

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        try:
            check_attachments(files)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
        return files

    def selected(self):
        """(unit, service) chosen so far, to show it again when the form comes back."""
        return parse_target(self.data.get("target", "")) if self.is_bound else (None, None)


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Kode pelacakan"),
        max_length=30,
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-lg text-uppercase", "autocomplete": "off"}
        ),
    )


class CitizenReplyForm(_Styled, forms.Form):
    message = forms.CharField(
        label=_("Tanggapan Anda"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self._style()


class CitizenRateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Penilaian penanganan"),
        coerce=int,
        choices=[(i, str(i)) for i in range(1, 6)],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Penilaian harus 1 sampai 5.")},
    )
    comment = forms.CharField(
        label=_("Komentar (boleh kosong)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 2,
                "class": "form-control",
                "placeholder": _("Komentar (boleh kosong)"),
                "aria-label": _("Komentar (boleh kosong)"),
            }
        ),
    )


class CitizenReopenForm(_Styled, forms.Form):
    reason = forms.CharField(
        label=_("Mengapa laporan perlu dibuka kembali?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self._style()


# --- staff ------------------------------------------------------------------------------------


class ActionForm(_Styled, forms.Form):
    note = forms.CharField(
        label=_("Catatan internal"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    public_message = forms.CharField(
        label=_("Pesan untuk pelapor (tampil di halaman pelacakan)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self._style()


class DispatchForm(ActionForm):
    """The unit is a searchable picker (org.widgets.UnitPicker), preselected by the view with the
    unit the complaint is about."""

    unit: forms.ModelChoiceField[OrgUnit] = forms.ModelChoiceField(
        label=_("Teruskan ke unit"),
        queryset=OrgUnit.objects.filter(is_active=True).order_by("path"),
        widget=UnitPicker,
        error_messages={"required": _("Pilih unit tujuan.")},
    )
    field_order = ["unit", "note", "public_message"]


class RespondForm(_Styled, forms.Form):
    public_message = forms.CharField(
        label=_("Jawaban untuk pelapor"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    internal_note = forms.CharField(
        label=_("Catatan internal"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self._style()


class NoteForm(_Styled, forms.Form):
    internal_note = forms.CharField(
        label=_("Catatan internal"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self._style()


class LinkEmployeeForm(_Styled, forms.Form):
    nip = forms.CharField(label=_("NIP pegawai"), max_length=30)
    note = forms.CharField(
        label=_("Ringkasan temuan untuk penilai"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bahan pertimbangan penilai kinerja, bukan hukuman otomatis."),
    )

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self._style()

    def clean_nip(self):
        nip = "".join(self.cleaned_data["nip"].split())
        employee = employee_by_nip(nip)
        if employee is None:
            raise ValidationError(_("Pegawai dengan NIP ini tidak ditemukan."))
        self.cleaned_data["employee"] = employee
        return nip


class InboxFilterForm(_Styled, forms.Form):
    q = forms.CharField(label=_("Cari"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua status")), *ComplaintStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua jenis")), *ComplaintKind.choices]
    )
    unit: forms.ModelChoiceField[OrgUnit] = forms.ModelChoiceField(
        label=_("Unit"),
        required=False,
        queryset=OrgUnit.objects.filter(is_active=True).order_by("path"),
        empty_label=_("Semua unit"),
    )
    overdue = forms.BooleanField(label=_("Hanya yang terlambat"), required=False)

    def __init__(self, *a, user=None, **kw):
        super().__init__(*a, **kw)
        self._style()
        # A searchable picker over the units the inbox shows, not a select of every unit.
        widget = UnitPicker(scope="complaint_inbox")
        widget.within = picker_scope(user, "complaint_inbox")
        self.fields["unit"].widget = widget


class LaporImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas CSV ekspor SP4N-LAPOR!"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,text/csv"}),
    )


class PublicServiceForm(_Styled, forms.ModelForm):
    class Meta:
        model = PublicService
        fields = ["org_unit", "name", "description", "standard_days", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *a, units=None, **kw):
        super().__init__(*a, **kw)
        if units is not None:
            self.fields["org_unit"].queryset = units.order_by("path")
        self._style()

    def validate_unique(self):
        """The service checks uniqueness with a clear message."""


FIELD_ALIASES = {"org_unit": "target", "service": "target"}


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, else on the form."""
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            name: str | None = key
            if key not in form.fields:
                alias = FIELD_ALIASES.get(key)
                name = alias if alias in form.fields else None
            form.add_error(name, errors)
    else:
        form.add_error(None, exc)
