"""E-learning: courses, modules, quizzes and questions, enrolments, progress and attempts."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.models import TimeStampedModel
from abdi.learning.choices import (
    ModuleKind,
    QuestionKind,
)
from abdi.learning.models.catalogue import Programme
from abdi.learning.models.plans import DevelopmentPlanItem

USER = settings.AUTH_USER_MODEL


# --- e-learning -----------------------------------------------------------------------------


class Course(TimeStampedModel):
    """The online content of an e-learning (or blended) programme."""

    programme = models.OneToOneField(
        Programme, verbose_name=_("program"), on_delete=models.PROTECT, related_name="course"
    )
    is_published = models.BooleanField(_("terbit"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kursus e-learning")
        verbose_name_plural = _("kursus e-learning")

    def __str__(self) -> str:
        return str(self.programme)


class Quiz(TimeStampedModel):
    course = models.ForeignKey(
        Course, verbose_name=_("kursus"), on_delete=models.CASCADE, related_name="quizzes"
    )
    title = models.CharField(_("judul"), max_length=200)
    pass_mark = models.PositiveSmallIntegerField(
        _("nilai lulus (%)"), default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("batas percobaan"), default=3, validators=[MinValueValidator(1)]
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("batas waktu (menit)"), null=True, blank=True
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("jumlah soal per percobaan"),
        null=True,
        blank=True,
        help_text=_("Diambil acak dari bank soal; kosong = semua soal."),
    )
    shuffle = models.BooleanField(_("acak urutan soal dan pilihan"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kuis")
        verbose_name_plural = _("kuis")

    def __str__(self) -> str:
        return self.title


class Question(TimeStampedModel):
    """A question of a quiz's bank."""

    quiz = models.ForeignKey(
        Quiz, verbose_name=_("kuis"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.TextField(_("pertanyaan"))
    kind = models.CharField(_("jenis"), max_length=10, choices=QuestionKind.choices)
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["quiz", "pk"]
        verbose_name = _("soal")
        verbose_name_plural = _("bank soal")

    def __str__(self) -> str:
        return self.text[:60]


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("soal"), on_delete=models.CASCADE, related_name="choices"
    )
    text = models.CharField(_("pilihan"), max_length=500)
    is_correct = models.BooleanField(_("benar"), default=False)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["question", "order", "pk"]
        verbose_name = _("pilihan jawaban")
        verbose_name_plural = _("pilihan jawaban")

    def __str__(self) -> str:
        return self.text[:60]


class Module(TimeStampedModel):
    course = models.ForeignKey(
        Course, verbose_name=_("kursus"), on_delete=models.CASCADE, related_name="modules"
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    title = models.CharField(_("judul"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=12, choices=ModuleKind.choices)
    body = models.TextField(_("isi (teks)"), blank=True)
    file = models.FileField(_("berkas"), upload_to="elearning/%Y/", blank=True)
    url = models.URLField(_("tautan"), blank=True)
    quiz = models.ForeignKey(
        Quiz,
        verbose_name=_("kuis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="modules",
    )
    minutes = models.PositiveSmallIntegerField(_("perkiraan durasi (menit)"), default=10)
    history = HistoricalRecords()

    class Meta:
        ordering = ["course", "order"]
        verbose_name = _("modul")
        verbose_name_plural = _("modul")
        constraints = [
            models.UniqueConstraint(fields=["course", "order"], name="module_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Enrolment(TimeStampedModel):
    course = models.ForeignKey(
        Course, verbose_name=_("kursus"), on_delete=models.PROTECT, related_name="enrolments"
    )
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    last_module = models.ForeignKey(
        Module,
        verbose_name=_("modul terakhir dibuka"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    plan_item = models.ForeignKey(
        DevelopmentPlanItem,
        verbose_name=_("butir rencana pengembangan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )
    completion_confirmed_by = models.ForeignKey(
        USER,
        verbose_name=_("penyelesaian dikonfirmasi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completion_confirmed_at = models.DateTimeField(
        _("penyelesaian dikonfirmasi pada"), null=True, blank=True
    )
    raised_assessment = models.ForeignKey(
        "competency.Assessment",
        verbose_name=_("kenaikan level kompetensi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("peserta e-learning")
        verbose_name_plural = _("peserta e-learning")
        constraints = [
            models.UniqueConstraint(fields=["course", "employee"], name="enrolment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} @ {self.course_id}"


class ModuleProgress(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("peserta"), on_delete=models.CASCADE, related_name="progress"
    )
    module = models.ForeignKey(
        Module, verbose_name=_("modul"), on_delete=models.CASCADE, related_name="+"
    )
    completed_at = models.DateTimeField(_("selesai pada"))

    class Meta:
        verbose_name = _("kemajuan modul")
        verbose_name_plural = _("kemajuan modul")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "module"], name="module_progress_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.module_id}"


class QuizAttempt(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("peserta"), on_delete=models.CASCADE, related_name="attempts"
    )
    quiz = models.ForeignKey(
        Quiz, verbose_name=_("kuis"), on_delete=models.PROTECT, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField(_("percobaan ke"))
    # [{"question": id, "choices": [ids in the order shown]}], fixed when the attempt starts.
    layout = models.JSONField(_("susunan soal"), default=list)
    started_at = models.DateTimeField(_("dimulai"))
    deadline = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("dikumpulkan"), null=True, blank=True)
    score = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("lulus"), null=True)

    class Meta:
        ordering = ["enrolment", "quiz", "number"]
        verbose_name = _("percobaan kuis")
        verbose_name_plural = _("percobaan kuis")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "quiz", "number"], name="quiz_attempt_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.quiz_id} #{self.number}"


class QuizAnswer(models.Model):
    attempt = models.ForeignKey(
        QuizAttempt,
        verbose_name=_("percobaan"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    question = models.ForeignKey(
        Question, verbose_name=_("soal"), on_delete=models.PROTECT, related_name="+"
    )
    choice_ids = models.JSONField(_("pilihan dijawab"), default=list)
    answered_at = models.DateTimeField(_("dijawab"), auto_now=True)

    class Meta:
        verbose_name = _("jawaban kuis")
        verbose_name_plural = _("jawaban kuis")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="quiz_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.question_id}"


class QuizAttemptGrant(models.Model):
    """Extra attempts at a quiz granted to one learner who used theirs up: who, when and why
    (the reason is also the history's change reason). The learner's allowance is the quiz's
    `max_attempts` plus the sum of their grants."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("peserta"),
        on_delete=models.CASCADE,
        related_name="attempt_grants",
    )
    quiz = models.ForeignKey(
        Quiz, verbose_name=_("kuis"), on_delete=models.CASCADE, related_name="attempt_grants"
    )
    extra = models.PositiveSmallIntegerField(
        _("tambahan percobaan"), validators=[MinValueValidator(1)]
    )
    reason = models.TextField(_("alasan"))
    granted_by = models.ForeignKey(
        USER,
        verbose_name=_("diberikan oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("diberikan pada"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["enrolment", "quiz", "granted_at"]
        verbose_name = _("tambahan percobaan kuis")
        verbose_name_plural = _("tambahan percobaan kuis")
        constraints = [
            models.CheckConstraint(
                condition=Q(extra__gte=1),
                name="quiz_attempt_grant_extra_positive",
                violation_error_message=_("Tambahan percobaan minimal 1."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.quiz_id} +{self.extra}"
