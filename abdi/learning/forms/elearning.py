"""E-learning forms: they check the shape of the input; the services enforce the rules."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from abdi.learning.choices import ModuleKind, QuestionKind
from abdi.learning.models import Quiz
from abdi.learning.services.elearning.checks import MAX_GRANT


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Judul modul"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis"), choices=ModuleKind.choices)
    body = forms.CharField(
        label=_("Isi bacaan / pengantar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Teks biasa; baris kosong memisahkan paragraf."),
    )
    file = forms.FileField(
        label=_("Berkas (video MP4/WebM atau PDF)"),
        required=False,
        help_text=_("Diperiksa dari isinya, bukan dari nama berkas."),
    )
    url = forms.CharField(label=_("Tautan video (http/https)"), required=False, max_length=200)
    quiz = forms.ModelChoiceField(label=_("Kuis"), queryset=Quiz.objects.none(), required=False)
    minutes = forms.IntegerField(label=_("Perkiraan durasi (menit)"), initial=10)

    def __init__(self, *args, course, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["quiz"]).queryset = Quiz.objects.filter(
            course=course
        ).order_by("title")
        for name in ("title", "kind", "url", "minutes", "quiz"):
            widget = self.fields[name].widget
            widget.attrs["class"] = (
                "form-select" if isinstance(widget, forms.Select) else "form-control"
            )
        self.fields["body"].widget.attrs["class"] = "form-control"
        self.fields["file"].widget.attrs.update(
            {"class": "form-control", "accept": "video/mp4,video/webm,application/pdf"}
        )
        if editing:
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _(
                "Jenis modul tetap; hapus modul dan buat yang baru untuk menggantinya."
            )


class QuizForm(forms.Form):
    title = forms.CharField(label=_("Judul kuis"), max_length=200)
    pass_mark = forms.IntegerField(label=_("Nilai lulus (%)"), initial=70)
    max_attempts = forms.IntegerField(label=_("Batas percobaan"), initial=3)
    time_limit_minutes = forms.IntegerField(
        label=_("Batas waktu (menit)"), required=False, help_text=_("Kosong = tanpa batas waktu.")
    )
    questions_per_attempt = forms.IntegerField(
        label=_("Jumlah soal per percobaan"),
        required=False,
        help_text=_("Diambil acak dari bank soal; kosong = semua soal aktif."),
    )
    shuffle = forms.BooleanField(
        label=_("Acak urutan soal dan pilihan"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, f in self.fields.items():
            f.widget.attrs["class"] = "form-check-input" if name == "shuffle" else "form-control"


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Pertanyaan"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("Jenis soal"), choices=QuestionKind.choices)
    is_active = forms.BooleanField(label=_("Aktif (ikut diundi)"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["class"] = "form-control"
        self.fields["kind"].widget.attrs["class"] = "form-select"
        self.fields["is_active"].widget.attrs["class"] = "form-check-input"


class ChoiceForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Pilihan"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    is_correct = forms.BooleanField(
        label=_("Benar"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


def choice_formset(data=None, *, question=None, extra: int = 4):
    """The choices of a question (or empty rows for a new one), with a few blank rows."""
    initial = []
    if question is not None:
        initial = [
            {"id": c.pk, "text": c.text, "is_correct": c.is_correct}
            for c in question.choices.order_by("order", "pk")
        ]
    rows = max(extra - len(initial), 2) if question is not None else extra
    formset_class = forms.formset_factory(
        ChoiceForm, extra=rows, can_delete=True, max_num=12, validate_max=True
    )
    return formset_class(data, initial=initial, prefix="choices")


def choice_rows(formset) -> list[dict]:
    """The formset's rows as the service takes them; deleted rows left out."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rows.append(
            {"id": data.get("id"), "text": data.get("text", ""), "is_correct": data["is_correct"]}
        )
    return rows


class AttemptGrantForm(forms.Form):
    """Extra attempts for one learner: the shape only (the service checks the rules)."""

    quiz = forms.ModelChoiceField(label=_("Kuis"), queryset=Quiz.objects.none())
    extra = forms.IntegerField(
        label=_("Tambahan percobaan"),
        initial=1,
        min_value=1,
        max_value=MAX_GRANT,
    )
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dicatat bersama nama Anda dan waktunya, dan dikirim kepada peserta."),
    )

    def __init__(self, *args, quizzes, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["quiz"]).queryset = Quiz.objects.filter(
            pk__in=[q.pk for q in quizzes]
        )
        self.fields["quiz"].widget.attrs["class"] = "form-select"
        self.fields["extra"].widget.attrs["class"] = "form-control"
        self.fields["extra"].help_text = gettext("Paling banyak %(n)d sekaligus.") % {
            "n": MAX_GRANT
        }
        self.fields["reason"].widget.attrs["class"] = "form-control"
