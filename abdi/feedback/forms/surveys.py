"""Forms of the satisfaction surveys: the survey itself (staff), the public questionnaire, a
paper questionnaire typed in by the unit's admin, and the XLSX upload. Forms check the shape;
abdi.feedback.services.surveys enforces the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from abdi.core.formfields import widget_class
from abdi.feedback.choices import AgeBand, RespondentEducation, RespondentOccupation, RespondentSex
from abdi.feedback.models import PublicService
from abdi.feedback.rules import surveys as rules
from abdi.feedback.services.surveys import ResponseInput

# The answer scale of each element as the Permen's questionnaire words it (1 → 4).
ANSWER_LABELS: dict[str, tuple] = {
    "U1": (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    "U2": (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    "U3": (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    "U4": (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    "U5": (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    "U6": (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    "U7": (
        _("Tidak sopan dan ramah"),
        _("Kurang sopan dan ramah"),
        _("Sopan dan ramah"),
        _("Sangat sopan dan ramah"),
    ),
    "U8": (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
    "U9": (
        _("Tidak ada"),
        _("Ada tetapi tidak berfungsi"),
        _("Berfungsi kurang maksimal"),
        _("Dikelola dengan baik"),
    ),
}


def _blank(choices) -> list:
    return [("", "—"), *choices]


def style(form: forms.Form) -> None:
    """Bootstrap classes on the widgets, and is-invalid on fields with errors."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):
            continue
        css = widget_class(widget)
        widget.attrs.setdefault("class", css)
        if form.is_bound and form.errors.get(name):
            widget.attrs["class"] += " is-invalid"


class SurveyForm(forms.Form):
    service: forms.ModelChoiceField[PublicService] = forms.ModelChoiceField(
        label=_("Layanan"), queryset=None
    )
    title = forms.CharField(label=_("Judul (opsional)"), max_length=200, required=False)
    period_start = forms.DateField(
        label=_("Periode mulai"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    period_end = forms.DateField(
        label=_("Periode selesai"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    population = forms.IntegerField(
        label=_("Jumlah pengguna layanan pada periode"),
        min_value=1,
        required=False,
        help_text=_("Untuk jumlah sampel minimal (Krejcie–Morgan)."),
    )
    is_open = forms.BooleanField(label=_("Menerima jawaban daring"), required=False, initial=True)

    def __init__(self, *args, services=None, names=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["service"]
        else:
            self.fields["service"].queryset = services.select_related("org_unit").filter(
                is_active=True
            )
            del self.fields["is_open"]
        for code in rules.ELEMENT_CODES:
            self.fields[f"q_{code}"] = forms.CharField(
                label=f"{code} · {(names or {}).get(code, '')}",
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        style(self)

    def questions(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"q_{code}"] for code in rules.ELEMENT_CODES}


class ProfileFieldsMixin(forms.Form):
    age_band = forms.ChoiceField(label=_("Usia"), choices=_blank(AgeBand.choices), required=False)
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=_blank(RespondentSex.choices), required=False
    )
    education = forms.ChoiceField(
        label=_("Pendidikan terakhir"), choices=_blank(RespondentEducation.choices), required=False
    )
    occupation = forms.ChoiceField(
        label=_("Pekerjaan utama"), choices=_blank(RespondentOccupation.choices), required=False
    )
    suggestion = forms.CharField(
        label=_("Saran dan masukan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def response_input(self) -> ResponseInput:
        d = self.cleaned_data
        return ResponseInput(
            answers={code: d.get(f"u_{code}") for code in rules.ELEMENT_CODES},
            age_band=d["age_band"],
            sex=d["sex"],
            education=d["education"],
            occupation=d["occupation"],
            suggestion=d["suggestion"],
        )


class PublicSurveyForm(ProfileFieldsMixin):
    """The questionnaire on the respondent's phone: every element required."""

    # Honeypot: hidden from people by CSS, filled by bots.
    website = forms.CharField(required=False, label=_("Jangan diisi"))

    def __init__(self, *args, questions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.element_fields = []
        for code in rules.ELEMENT_CODES:
            name = f"u_{code}"
            self.fields[name] = forms.TypedChoiceField(
                label=(questions or {}).get(code, code),
                choices=[(i, label) for i, label in enumerate(ANSWER_LABELS[code], start=1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih salah satu jawaban.")},
            )
            self.element_fields.append((code, name))
        style(self)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def elements(self):
        return [(code, self[name]) for code, name in self.element_fields]


class PaperResponseForm(ProfileFieldsMixin):
    """A paper questionnaire typed in at the counter: nine 1–4 inputs (blank = not answered)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i, code in enumerate(rules.ELEMENT_CODES):
            self.fields[f"u_{code}"] = forms.IntegerField(
                label=code,
                required=False,
                min_value=1,
                max_value=4,
                error_messages={
                    "min_value": _("1 sampai 4."),
                    "max_value": _("1 sampai 4."),
                    "invalid": _("1 sampai 4."),
                },
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "numeric",
                        "pattern": "[1-4]",
                        "maxlength": "1",
                        "autocomplete": "off",
                        "class": "form-control text-center answer-input",
                        **({"autofocus": True} if i == 0 else {}),
                    }
                ),
            )
        style(self)

    def answer_fields(self):
        return [self[f"u_{code}"] for code in rules.ELEMENT_CODES]


class PaperImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas XLSX"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Berkas terlalu besar (paling besar 5 MB)."))
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Unggah berkas .xlsx (gunakan templat)."))
        return f
