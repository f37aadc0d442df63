"""Forms of merit selection: they check the input's shape; the services enforce the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abdi.careers.models.selection import (
    AgeReading,
    PanelRole,
    RuleKind,
    SelectionKind,
    StageKind,
)
from abdi.core.choices import PositionKind, Predikat
from abdi.core.models import EducationLevel, Rank
from abdi.learning.models import Quiz
from abdi.org.models import Position
from abdi.org.widgets import PositionPicker

DATE = {"type": "date"}
DATETIME = {"type": "datetime-local"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class SelectionForm(StyledForm):
    title = forms.CharField(label=_("Judul seleksi"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis seleksi"), choices=SelectionKind.choices)
    positions = forms.ModelMultipleChoiceField(
        label=_("Jabatan yang diisi"),
        queryset=Position.objects.none(),
        widget=PositionPicker(scope="operator", multiple=True),
        help_text=_(
            "Cari jabatan struktural atau fungsional yang aktif (bukan pelaksana) dengan nama, "
            "kode atau unitnya; centang satu atau lebih."
        ),
    )
    opens_on = forms.DateField(label=_("Pendaftaran dibuka"), widget=forms.DateInput(DATE))
    closes_on = forms.DateField(label=_("Pendaftaran ditutup"), widget=forms.DateInput(DATE))
    objection_days = forms.IntegerField(
        label=_("Masa sanggah (hari)"), min_value=1, max_value=30, initial=3
    )
    required_documents = forms.CharField(
        label=_("Dokumen yang diminta"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu dokumen per baris, mis. Surat lamaran."),
    )
    announcement = forms.CharField(
        label=_("Teks pengumuman"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, positions=None, within=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["positions"].queryset = (
            positions if positions is not None else Position.objects.none()
        )
        # The search offers the user's picker scope (org.permissions.picker_scope).
        self.fields["positions"].widget.within = within

    def document_names(self) -> list[str]:
        return [
            n.strip() for n in self.cleaned_data["required_documents"].splitlines() if n.strip()
        ]


class StagesForm(StyledForm):
    """One weight per stage (empty leaves the stage out) and when it runs. After the
    announcement (`schedule_only`) only the windows of the stages chosen can change."""

    def __init__(self, *args, current=None, quiz=None, windows=None, schedule_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        windows = windows or {}
        self.schedule_only = schedule_only
        kinds = [k for k in StageKind if not schedule_only or k.value in current]
        for kind in kinds:
            if not schedule_only:
                self.fields[kind.value] = forms.IntegerField(
                    label=kind.label,
                    required=False,
                    min_value=0,
                    max_value=100,
                    initial=current.get(kind.value),
                    help_text=_("Lulus/tidak lulus: isi 0.")
                    if kind == StageKind.ADMINISTRATIVE
                    else "",
                )
            start, end = windows.get(kind.value, (None, None))
            self.fields[f"{kind.value}_starts"] = forms.DateTimeField(
                label=_("%(stage)s: mulai") % {"stage": kind.label},
                required=False,
                initial=_local(start),
                widget=forms.DateTimeInput(DATETIME, format=DATETIME_FORMAT),
            )
            self.fields[f"{kind.value}_ends"] = forms.DateTimeField(
                label=_("%(stage)s: selesai") % {"stage": kind.label},
                required=False,
                initial=_local(end),
                widget=forms.DateTimeInput(DATETIME, format=DATETIME_FORMAT),
            )
        if not schedule_only:
            self.fields["quiz"] = forms.ModelChoiceField(
                label=_("Ujian tertulis dengan kuis Abdi"),
                queryset=Quiz.objects.select_related("course__programme").order_by("title"),
                required=False,
                initial=quiz,
                help_text=_(
                    "Nilai ujian tertulis diambil dari percobaan pertama pelamar di dalam waktu "
                    "ujian (mulai–selesai tahap ujian tertulis, wajib diisi); pelamar dari "
                    "instansi lain mengerjakannya lewat tautan sekali pakai. Kosongkan bila "
                    "panitia yang menilai."
                ),
            )
        style(self)

    def kinds(self) -> list[str]:
        return [k for k in StageKind.values if f"{k}_starts" in self.fields]

    def rows(self) -> list[tuple[object, object, object, object]]:
        """(label, weight field, start field, end field) per stage, for the template."""
        return [
            (
                StageKind(k).label,
                None if self.schedule_only else self[k],
                self[f"{k}_starts"],
                self[f"{k}_ends"],
            )
            for k in self.kinds()
        ]

    def weights(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in StageKind.values}

    def windows(self) -> dict:
        return {
            k: (self.cleaned_data.get(f"{k}_starts"), self.cleaned_data.get(f"{k}_ends"))
            for k in self.kinds()
        }


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


class RequirementsForm(StyledForm):
    """The requirement parameters; a requirement is used when its box is ticked."""

    use_min_education = forms.BooleanField(label=RuleKind.MIN_EDUCATION.label, required=False)
    min_education = forms.ModelChoiceField(
        label=_("Jenjang minimal"),
        queryset=EducationLevel.objects.all(),
        to_field_name="code",
        required=False,
    )
    use_min_rank = forms.BooleanField(label=RuleKind.MIN_RANK.label, required=False)
    min_rank = forms.ModelChoiceField(
        label=_("Golongan minimal"),
        queryset=Rank.objects.filter(kind="pns"),
        to_field_name="code",
        required=False,
    )
    use_position_experience = forms.BooleanField(
        label=RuleKind.POSITION_EXPERIENCE.label, required=False
    )
    experience_kinds = forms.MultipleChoiceField(
        label=_("Jenis jabatan (sedang atau pernah diduduki)"),
        choices=PositionKind.choices,
        required=False,
    )
    experience_years = forms.IntegerField(
        label=_("Paling singkat (tahun)"), required=False, min_value=1
    )
    use_total_experience = forms.BooleanField(label=RuleKind.TOTAL_EXPERIENCE.label, required=False)
    total_experience_years = forms.IntegerField(
        label=_("Pengalaman jabatan paling singkat (tahun)"), required=False, min_value=1
    )
    use_max_age = forms.BooleanField(label=RuleKind.MAX_AGE.label, required=False)
    max_age = forms.IntegerField(label=_("Usia paling tinggi (tahun)"), required=False)
    age_reading = forms.ChoiceField(label=_("Cara membaca batas usia"), choices=AgeReading.choices)
    use_predikat = forms.BooleanField(label=RuleKind.PREDIKAT.label, required=False)
    predikat_years = forms.IntegerField(
        label=_("Jumlah tahun"), required=False, min_value=1, max_value=5
    )
    predikat_minimum = forms.ChoiceField(
        label=_("Predikat paling rendah"), choices=Predikat.choices
    )
    use_no_discipline = forms.BooleanField(label=RuleKind.NO_DISCIPLINE.label, required=False)
    use_min_jpm = forms.BooleanField(label=RuleKind.MIN_JPM.label, required=False)
    min_jpm = forms.DecimalField(
        label=_("JPM minimal (%)"), required=False, min_value=0, max_value=100
    )

    @classmethod
    def initial_from(cls, requirements) -> dict:
        initial: dict = {
            "age_reading": AgeReading.COMPLETED_YEARS,
            "predikat_minimum": Predikat.BAIK,
        }
        for r in requirements:
            initial[f"use_{r.rule}"] = True
            p = r.params
            if r.rule == RuleKind.MIN_EDUCATION:
                initial["min_education"] = p.get("level")
            elif r.rule == RuleKind.MIN_RANK:
                initial["min_rank"] = p.get("rank")
            elif r.rule == RuleKind.POSITION_EXPERIENCE:
                initial["experience_kinds"] = p.get("kinds")
                initial["experience_years"] = p.get("years")
            elif r.rule == RuleKind.TOTAL_EXPERIENCE:
                initial["total_experience_years"] = p.get("years")
            elif r.rule == RuleKind.MAX_AGE:
                initial["max_age"] = p.get("years")
                initial["age_reading"] = p.get("reading")
            elif r.rule == RuleKind.PREDIKAT:
                initial["predikat_years"] = p.get("years")
                initial["predikat_minimum"] = p.get("minimum")
            elif r.rule == RuleKind.MIN_JPM:
                initial["min_jpm"] = p.get("percent")
        return initial

    def requirements(self) -> list[tuple[str, dict]]:
        d = self.cleaned_data
        rows: list[tuple[str, dict]] = []
        if d.get("use_min_education"):
            rows.append(
                (RuleKind.MIN_EDUCATION, {"level": getattr(d.get("min_education"), "code", "")})
            )
        if d.get("use_min_rank"):
            rows.append((RuleKind.MIN_RANK, {"rank": getattr(d.get("min_rank"), "code", "")}))
        if d.get("use_position_experience"):
            rows.append(
                (
                    RuleKind.POSITION_EXPERIENCE,
                    {"kinds": d.get("experience_kinds") or [], "years": d.get("experience_years")},
                )
            )
        if d.get("use_total_experience"):
            rows.append((RuleKind.TOTAL_EXPERIENCE, {"years": d.get("total_experience_years")}))
        if d.get("use_max_age"):
            rows.append(
                (RuleKind.MAX_AGE, {"years": d.get("max_age"), "reading": d.get("age_reading")})
            )
        if d.get("use_predikat"):
            rows.append(
                (
                    RuleKind.PREDIKAT,
                    {"years": d.get("predikat_years"), "minimum": d.get("predikat_minimum")},
                )
            )
        if d.get("use_no_discipline"):
            rows.append((RuleKind.NO_DISCIPLINE, {}))
        if d.get("use_min_jpm"):
            rows.append((RuleKind.MIN_JPM, {"percent": d.get("min_jpm")}))
        return rows


class PanelForm(StyledForm):
    """Up to nine rows: username, name, origin, internal, role."""

    ROWS = 9

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(self.ROWS):
            self.fields[f"username_{i}"] = forms.CharField(
                label=_("Akun"), required=False, max_length=150
            )
            self.fields[f"name_{i}"] = forms.CharField(
                label=_("Nama"), required=False, max_length=150
            )
            self.fields[f"institution_{i}"] = forms.CharField(
                label=_("Asal"), required=False, max_length=200
            )
            self.fields[f"internal_{i}"] = forms.BooleanField(label=_("Internal"), required=False)
            self.fields[f"role_{i}"] = forms.ChoiceField(
                label=_("Kedudukan"), choices=PanelRole.choices, initial=PanelRole.MEMBER
            )
        style(self)

    def rows(self):
        return [
            [self[f"{f}_{i}"] for f in ("username", "name", "institution", "internal", "role")]
            for i in range(self.ROWS)
        ]

    def filled(self) -> list[dict]:
        d = self.cleaned_data
        return [
            {
                "username": d[f"username_{i}"].strip(),
                "name": d[f"name_{i}"],
                "institution": d[f"institution_{i}"],
                "is_internal": d[f"internal_{i}"],
                "role": d[f"role_{i}"],
            }
            for i in range(self.ROWS)
            if d.get(f"username_{i}", "").strip()
        ]


class ApplyForm(StyledForm):
    """One file field per document the announcement asks for."""

    def __init__(self, *args, names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.names = list(names)
        for i, name in enumerate(self.names):
            self.fields[f"doc_{i}"] = forms.FileField(
                label=name,
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/*"}
                ),
                help_text=_("PDF, JPEG atau PNG."),
            )
        style(self)

    def documents(self, files) -> dict:
        return {
            name: files.get(f"doc_{i}")
            for i, name in enumerate(self.names)
            if files.get(f"doc_{i}")
        }


class ExternalApplicantForm(ApplyForm):
    name = forms.CharField(label=_("Nama lengkap dengan gelar"), max_length=150)
    nip = forms.CharField(label=_("NIP"), max_length=18)
    agency = forms.CharField(label=_("Instansi asal"), max_length=200)
    email = forms.EmailField(
        label=_("Surel"),
        required=False,
        help_text=_("Tautan ujian tertulis daring dikirim ke alamat ini."),
    )
    position = forms.CharField(label=_("Jabatan sekarang"), max_length=200, required=False)
    position_kind = forms.ChoiceField(
        label=_("Jenis jabatan sekarang"),
        choices=[("", "—"), *PositionKind.choices],
        required=False,
    )
    position_since = forms.DateField(
        label=_("TMT jabatan sekarang"), required=False, widget=forms.DateInput(DATE)
    )
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=forms.DateInput(DATE))
    education = forms.ModelChoiceField(
        label=_("Pendidikan terakhir"), queryset=EducationLevel.objects.all()
    )
    rank = forms.ModelChoiceField(
        label=_("Golongan"), queryset=Rank.objects.filter(kind="pns"), required=False
    )
    field_order = [
        "name",
        "nip",
        "agency",
        "email",
        "position",
        "position_kind",
        "position_since",
        "birth_date",
        "education",
        "rank",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)


class ReasonForm(StyledForm):
    reason = forms.CharField(
        label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ScoreForm(StyledForm):
    value = forms.CharField(label=_("Nilai (0–100)"), max_length=10)
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label=_("Alasan perubahan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib bila mengubah nilai yang sudah dikirim."),
    )


class AppointmentForm(StyledForm):
    position = forms.ModelChoiceField(label=_("Jabatan"), queryset=Position.objects.none())
    decree_number = forms.CharField(label=_("Nomor SK"), max_length=100)
    effective_from = forms.DateField(label=_("TMT"), widget=forms.DateInput(DATE))

    def __init__(self, *args, positions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if positions is not None:
            self.fields["position"].queryset = positions
