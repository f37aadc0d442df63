from django import forms
from django.utils.translation import gettext_lazy as _

from abdi.competency.choices import LEVELS, AssessmentMethod

LEVEL_CHOICES = [("", "—")] + [(lvl, str(lvl)) for lvl in LEVELS]


class AssessmentForm(forms.Form):
    date = forms.DateField(
        label=_("Tanggal asesmen"), widget=forms.DateInput(attrs={"type": "date"})
    )
    method = forms.ChoiceField(label=_("Metode"), choices=AssessmentMethod.choices)
    assessor = forms.CharField(label=_("Asesor / lembaga"), max_length=200)
    potential_score = forms.DecimalField(
        label=_("Skor potensi (0–100)"), required=False, min_value=0, max_value=100
    )

    def __init__(self, *args, competencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = list(competencies)
        for c in self.competencies:
            self.fields[f"level_{c.pk}"] = forms.TypedChoiceField(
                label=c.name, choices=LEVEL_CHOICES, coerce=int, required=False, empty_value=None
            )

    def levels(self) -> dict[int, int]:
        return {
            c.pk: self.cleaned_data[f"level_{c.pk}"]
            for c in self.competencies
            if self.cleaned_data.get(f"level_{c.pk}") is not None
        }

    def level_fields(self):
        return [(c, self[f"level_{c.pk}"]) for c in self.competencies]
