"""Forms of the registration pages: they check the shape of the input; the services enforce the
rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from abdi.learning.models import DevelopmentPlanItem

SCALE = [(i, str(i)) for i in range(1, 6)]


class PlanItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DevelopmentPlanItem) -> str:
        what = obj.description or (obj.programme.title if obj.programme is not None else "")
        competency = obj.competency.name if obj.competency is not None else ""
        parts = [str(obj.plan.year), obj.get_kind_display(), competency, what]
        return " · ".join(p for p in parts if p)


class RegisterForm(forms.Form):
    motivation = forms.CharField(
        label=_("Alasan mengikuti"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Apa yang ingin Anda capai, untuk tugas apa."),
    )
    plan_item = PlanItemChoiceField(
        label=_("Butir rencana pengembangan"),
        queryset=DevelopmentPlanItem.objects.none(),
        required=False,
        empty_label=_("— tidak dikaitkan —"),
    )

    def __init__(self, *args, plan_items=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan_items is not None:
            self.fields["plan_item"].queryset = plan_items


class NominateForm(forms.Form):
    nip = forms.CharField(label=_("Pegawai (NIP)"), max_length=18)
    motivation = forms.CharField(
        label=_("Alasan pengusulan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CompleteForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Hasil"),
        choices=[("1", _("Selesai")), ("0", _("Tidak selesai"))],
        coerce=lambda v: v == "1",
    )
    score = forms.CharField(label=_("Nilai akhir (0–100)"), required=False, max_length=10)


class ScoresForm(forms.Form):
    pre_test = forms.CharField(label=_("Pre-test"), required=False, max_length=10)
    post_test = forms.CharField(label=_("Post-test"), required=False, max_length=10)


class AttendanceForm(forms.Form):
    date = forms.DateField(label=_("Tanggal"))


class ReactionSurveyForm(forms.Form):
    content = forms.TypedChoiceField(
        label=_("Materi"), choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    facilitator = forms.TypedChoiceField(
        label=_("Fasilitator"), choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    organisation = forms.TypedChoiceField(
        label=_("Penyelenggaraan"), choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    usefulness = forms.TypedChoiceField(
        label=_("Manfaat bagi pekerjaan"), choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Saran"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
