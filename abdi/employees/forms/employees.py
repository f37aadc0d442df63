"""Forms of the employee pages. They check the input's shape; the services enforce the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abdi.core.choices import Predikat
from abdi.core.formfields import widget_class
from abdi.core.models import EducationLevel, Rank
from abdi.core.renderers import SELECT_PLACEHOLDER
from abdi.employees import rules
from abdi.employees.choices import ActingKind, DisciplineSeverity, EmploymentStatus, Sex
from abdi.employees.models import Employee
from abdi.employees.selectors import employees as selectors
from abdi.employees.services.employees import EmployeeInput, min_appointment_age
from abdi.org.models import OrgUnit, Position
from abdi.org.permissions import picker_scope
from abdi.org.widgets import PositionPicker, UnitPicker


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date(label, required=False, help_text=""):
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


class BootstrapMixin(forms.BaseForm):
    """Give every widget its Bootstrap class, and mark invalid fields after validation."""

    def style(self) -> None:
        for name, field in self.fields.items():
            widget = field.widget
            css = widget_class(widget)
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if self.is_bound and name in self.errors:
                widget.attrs["class"] += " is-invalid"
                widget.attrs["aria-invalid"] = "true"

    def full_clean(self) -> None:
        super().full_clean()
        self.style()

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's ValidationError on the fields it names (others on the form)."""
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                target = field if field in self.fields else None
                known = set(self.errors.get(target or "__all__", []))
                fresh = [e for e in errors if e not in known]
                if fresh:
                    self.add_error(target, fresh)
        else:
            self.add_error(None, error.messages)
        self.style()


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    # A form's `fields` are typed as plain Fields; these names are ModelChoiceFields above.
    return cast(forms.ModelChoiceField, form.fields[name])


# Fields shown only to those who may see personal data; for others they are write-only.
PERSONAL_FIELDS = ("nik", "address", "phone", "email")


class EmployeeForm(BootstrapMixin, forms.Form):
    nip = forms.CharField(
        label=_("NIP / NI PPPK"),
        max_length=21,
        help_text=_("18 digit, tanpa spasi."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(label=_("Status kepegawaian"), choices=EmploymentStatus.choices)
    front_title = forms.CharField(label=_("Gelar depan"), max_length=40, required=False)
    name = forms.CharField(label=_("Nama"), max_length=150)
    back_title = forms.CharField(label=_("Gelar belakang"), max_length=60, required=False)
    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=100, required=False)
    birth_date = _date(_("Tanggal lahir"), required=True)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Sex.choices)
    nik = forms.CharField(label=_("NIK"), max_length=16, required=False)
    address = forms.CharField(
        label=_("Alamat"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    phone = forms.CharField(label=_("Telepon"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    tmt_cpns = _date(_("TMT CPNS"))
    tmt_pns = _date(_("TMT PNS"))
    appointment_date = _date(_("TMT pengangkatan PPPK"))
    org_unit: forms.ModelChoiceField[OrgUnit] = forms.ModelChoiceField(
        label=_("Unit kerja"),
        queryset=None,
        empty_label=SELECT_PLACEHOLDER,
        widget=UnitPicker(scope="operator"),
    )
    position = forms.ModelChoiceField(
        label=_("Jabatan"), queryset=Position.objects.none(), required=False
    )
    position_effective_from = _date(_("TMT jabatan"))
    rank = forms.ModelChoiceField(
        label=_("Golongan"), queryset=Rank.objects.order_by("kind", "order"), required=False
    )
    rank_effective_from = _date(_("TMT golongan"))
    education_level = forms.ModelChoiceField(
        label=_("Pendidikan terakhir"),
        queryset=EducationLevel.objects.order_by("order"),
        required=False,
    )
    last_kgb_date = _date(_("TMT KGB terakhir"))
    reason = forms.CharField(
        label=_("Alasan perubahan"),
        max_length=100,
        required=False,
        help_text=_("Dicatat dalam riwayat perubahan."),
    )
    confirm_warnings = forms.BooleanField(
        label=_("Saya sudah memeriksa dan tetap ingin menyimpan"), required=False
    )

    def __init__(self, *args, user, instance: Employee | None = None, show_personal=True, **kw):
        self.user = user
        self.instance = instance
        self.show_personal = show_personal
        if instance is not None and "initial" not in kw:
            kw["initial"] = self.initial_from(instance, show_personal)
        super().__init__(*args, **kw)
        units = selectors.units_manageable_by(user)
        if instance is not None:
            units = units | type(instance.org_unit).objects.filter(pk=instance.org_unit_id)
        _model_choice(self, "org_unit").queryset = units.distinct().order_by("path")
        within = picker_scope(user, "operator")
        if within is not None and instance is not None:
            within = (*within, instance.org_unit.path)
        self.fields["org_unit"].widget.within = within
        if instance is None and not self.is_bound and within and len(within) == 1:
            # An OPD's operator adds employees to that OPD: start from it.
            self.initial.setdefault(
                "org_unit", units.filter(path=within[0]).values_list("pk", flat=True).first()
            )
        unit_id = self.data.get("org_unit") if self.is_bound else self.initial.get("org_unit")
        try:
            unit_id = int(unit_id) if unit_id else None
        except (TypeError, ValueError):
            unit_id = None
        _model_choice(self, "position").queryset = selectors.positions_in_unit(unit_id)
        if instance is None:
            del self.fields["reason"]
        if not show_personal:
            for name in PERSONAL_FIELDS:
                field = self.fields[name]
                field.help_text = _("Nilai saat ini disembunyikan. Kosongkan bila tidak diubah.")
                field.widget.attrs["placeholder"] = _("disembunyikan")
        self.warnings: list[str] = []
        self.style()

    @staticmethod
    def initial_from(employee: Employee, show_personal: bool) -> dict:
        initial = {
            name: getattr(employee, name)
            for name in (
                "nip",
                "status",
                "front_title",
                "name",
                "back_title",
                "birth_place",
                "birth_date",
                "sex",
                "tmt_cpns",
                "tmt_pns",
                "appointment_date",
                "position_effective_from",
                "rank_effective_from",
                "last_kgb_date",
            )
        }
        initial.update(
            org_unit=employee.org_unit_id,
            position=employee.position_id,
            rank=employee.rank_id,
            education_level=employee.education_level_id,
        )
        if show_personal:
            initial.update({name: getattr(employee, name) for name in PERSONAL_FIELDS})
        return initial

    def clean_nip(self) -> str:
        # The service checks the NIP again with the other fields; this shows the NIP's own
        # errors even when another field is missing.
        info = rules.parse_nip(self.cleaned_data["nip"], min_appointment_age=min_appointment_age())
        if info.errors:
            raise forms.ValidationError(list(info.errors))
        return info.value

    def needs_confirmation(self, warnings: list[str]) -> None:
        self.warnings = warnings
        self.fields["confirm_warnings"].widget.attrs["required"] = "required"

    def to_input(self) -> EmployeeInput:
        data = self.cleaned_data
        values: dict[str, Any] = {  # cleaned data, checked by the service
            name: data.get(name)
            for name in EmployeeInput.__dataclass_fields__
            if name not in PERSONAL_FIELDS
        }
        for name in PERSONAL_FIELDS:
            value = (data.get(name) or "").strip()
            if not value and not self.show_personal and self.instance is not None:
                value = getattr(self.instance, name)  # write-only field left blank: unchanged
            values[name] = value
        for name in ("front_title", "back_title", "birth_place", "name", "nip"):
            values[name] = (values.get(name) or "").strip()
        return EmployeeInput(**values)


# --- One small form per kind of history record --------------------------------------------------


class RankRecordForm(BootstrapMixin, forms.Form):
    rank = forms.ModelChoiceField(label=_("Golongan"), queryset=Rank.objects.none())
    effective_from = _date(_("TMT golongan"), required=True)
    decree_number = forms.CharField(label=_("Nomor SK"), max_length=100, required=False)
    decree_date = _date(_("Tanggal SK"))

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choice(self, "rank").queryset = Rank.objects.filter(kind=employee.kind).order_by(
            "order"
        )
        self.style()


class EducationRecordForm(BootstrapMixin, forms.Form):
    level = forms.ModelChoiceField(
        label=_("Jenjang"), queryset=EducationLevel.objects.order_by("order")
    )
    institution = forms.CharField(label=_("Lembaga pendidikan"), max_length=200)
    major = forms.CharField(label=_("Jurusan"), max_length=200, required=False)
    graduation_year = forms.IntegerField(label=_("Tahun lulus"), min_value=1900, max_value=2100)

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class PositionWithUnitField(forms.ModelChoiceField[Position]):
    """Positions of every unit: each labelled with its unit."""

    def label_from_instance(self, obj: Position) -> str:
        return f"{obj.name} — {obj.org_unit.name}"


class ActingRecordForm(BootstrapMixin, forms.Form):
    position = PositionWithUnitField(
        label=_("Jabatan"), queryset=Position.objects.none(), widget=PositionPicker
    )
    kind = forms.ChoiceField(label=_("Jenis"), choices=ActingKind.choices)
    start_date = _date(_("Mulai"), required=True)
    end_date = _date(_("Selesai"), required=True)
    decree_number = forms.CharField(label=_("Nomor surat perintah"), max_length=100, required=False)

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        positions = Position.objects.filter(is_active=True)
        if employee.position_id is not None:
            positions = positions.exclude(pk=employee.position_id)
        _model_choice(self, "position").queryset = positions.select_related("org_unit").order_by(
            "org_unit__path", "-is_unit_head", "name"
        )
        self.style()


class DisciplineRecordForm(BootstrapMixin, forms.Form):
    severity = forms.ChoiceField(label=_("Tingkat hukuman"), choices=DisciplineSeverity.choices)
    sanction = forms.CharField(label=_("Jenis hukuman"), max_length=200)
    decree_number = forms.CharField(label=_("Nomor SK"), max_length=100, required=False)
    decided_on = _date(_("Tanggal SK"), required=True)
    effective_from = _date(_("Berlaku mulai"), required=True)
    effective_until = _date(_("Berlaku sampai"))

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class AwardRecordForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Nama penghargaan"), max_length=200)
    issuer = forms.CharField(label=_("Pemberi"), max_length=200, required=False)
    awarded_on = _date(_("Tanggal"), required=True)
    decree_number = forms.CharField(label=_("Nomor SK"), max_length=100, required=False)

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class PredikatRecordForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=1900, max_value=2100)
    predikat = forms.ChoiceField(label=_("Predikat"), choices=Predikat.choices)

    def __init__(self, *args, employee: Employee, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year - 1})
        super().__init__(*args, **kwargs)
        self.style()


RECORD_FORMS = {
    "rank": RankRecordForm,
    "education": EducationRecordForm,
    "acting": ActingRecordForm,
    "discipline": DisciplineRecordForm,
    "award": AwardRecordForm,
    "predikat": PredikatRecordForm,
}


# --- Audit log filter ---------------------------------------------------------------------------


class AuditFilterForm(BootstrapMixin, forms.Form):
    model = forms.ChoiceField(label=_("Data"), required=False)
    date_from = _date(_("Dari tanggal"))
    date_to = _date(_("Sampai tanggal"))
    user = forms.CharField(label=_("Nama pengguna"), max_length=150, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [
            (key, model._meta.verbose_name.capitalize())
            for key, model in selectors.history_models().items()
        ]
        self.style()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data

    @property
    def model_key(self) -> str:
        if self.is_valid() and self.cleaned_data.get("model"):
            return self.cleaned_data["model"]
        return "employee"
