from django import forms
from django.utils.translation import gettext_lazy as _

from abdi.competency.choices import LEVELS, AssessmentMethod
from abdi.org.models import Position
from abdi.org.widgets import PositionPicker

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


class _TargetPositionPicker(PositionPicker):
    """The position picker, offering before any search the positions most often compared
    with (`suggested`) below the chosen one."""

    suggested: list = []

    def options(self, value):
        chosen = super().options(value)
        picked = {p.pk for p in chosen}
        return chosen + [p for p in self.suggested if p.pk not in picked]


class TargetPositionForm(forms.Form):
    """The target position of the gap page: a searchable picker over every active position
    (the organisation is public), preselected with the target shown; `suggested` are offered
    before any search (the unit heads of the employee's OPD). Unbound: the view reads and
    checks `?target_position=` itself."""

    target_position = forms.ModelChoiceField(
        label=_("Bandingkan dengan jabatan sasaran"),
        queryset=Position.objects.filter(is_active=True),
        required=False,
        widget=_TargetPositionPicker(),
    )

    def __init__(self, *args, suggested=(), **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.fields["target_position"].widget.suggested = list(suggested)


class StandardPositionForm(forms.Form):
    """The dictionary's "set a position's standard": a searchable picker over every active
    position; choosing one opens its standard (the view redirects `?position=`)."""

    position = forms.ModelChoiceField(
        label=_("Atur standar kompetensi jabatan"),
        queryset=Position.objects.filter(is_active=True),
        required=False,
        widget=PositionPicker(),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
