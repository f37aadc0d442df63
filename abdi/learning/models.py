"""Competency development: development plans, the training catalogue and its sessions,
registrations with their waiting list, e-learning, certificates and the JP ledger.

Rules live in rules.py, writes in services*.py; see docs/decisions/0013-learning.md."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.choices import EmployeeKind
from abdi.core.models import RegulationSourced, TimeStampedModel
from abdi.learning.choices import (
    LIVE_REGISTRATION,
    ExternalCertificateStatus,
    JpSource,
    ModuleKind,
    PlanItemKind,
    PlanItemSource,
    PlanItemStatus,
    PlanStatus,
    ProgrammeCategory,
    ProgrammeMode,
    ProviderKind,
    QuestionKind,
    RegistrationAction,
    RegistrationStatus,
    SessionApproval,
)

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
USER = settings.AUTH_USER_MODEL


# --- JP targets (regulation data) ----------------------------------------------------------


class JpTarget(RegulationSourced):
    """The yearly JP of competency development an employee of a kind has a right to
    (PNS: at least 20 JP, PP 11/2017 art. 203; PPPK per the agency's data)."""

    employee_kind = models.CharField(_("jenis ASN"), max_length=4, choices=EmployeeKind.choices)
    target_jp = models.PositiveSmallIntegerField(_("target JP per tahun"))
    maximum_jp = models.PositiveSmallIntegerField(
        _("batas JP per tahun"),
        null=True,
        blank=True,
        help_text=_("Kosong bila tidak ada batas atas."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["employee_kind", "-effective_from"]
        verbose_name = _("target JP")
        verbose_name_plural = _("target JP")
        constraints = [
            models.UniqueConstraint(
                fields=["employee_kind", "effective_from"], name="jp_target_unique_kind_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_employee_kind_display()}: {self.target_jp} JP"


# --- development plans ----------------------------------------------------------------------


class DevelopmentPlan(TimeStampedModel):
    """An employee's yearly individual development plan (IDP), agreed with the supervisor."""

    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="development_plans",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    supervisor = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("atasan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Atasan saat rencana diajukan."),
    )
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    agreed_at = models.DateTimeField(_("disepakati pada"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        USER,
        verbose_name=_("disepakati oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_note = models.TextField(_("catatan pengembalian"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "employee__name"]
        verbose_name = _("rencana pengembangan individu")
        verbose_name_plural = _("rencana pengembangan individu")
        constraints = [
            models.UniqueConstraint(fields=["employee", "year"], name="development_plan_unique")
        ]

    def __str__(self) -> str:
        return f"IDP {self.employee_id} {self.year}"


class DevelopmentPlanItem(TimeStampedModel):
    plan = models.ForeignKey(
        DevelopmentPlan, verbose_name=_("rencana"), on_delete=models.CASCADE, related_name="items"
    )
    competency = models.ForeignKey(
        "competency.Competency",
        verbose_name=_("kompetensi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("bentuk"), max_length=12, choices=PlanItemKind.choices)
    programme = models.ForeignKey(
        "learning.Programme",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_items",
    )
    description = models.CharField(_("uraian"), max_length=300, blank=True)
    target_date = models.DateField(_("target selesai"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    source = models.CharField(
        _("asal usulan"),
        max_length=12,
        choices=PlanItemSource.choices,
        default=PlanItemSource.MANUAL,
    )
    gap = models.SmallIntegerField(_("kesenjangan saat diusulkan"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "target_date", "pk"]
        verbose_name = _("butir rencana pengembangan")
        verbose_name_plural = _("butir rencana pengembangan")

    def __str__(self) -> str:
        """What the item is about and when, in words: "Pelatihan: Pelayanan Prima (target 30
        September 2026)" — not "Pelatihan 2026-09-30" (issue 13)."""
        from django.utils.formats import date_format

        what = (
            (self.programme.title if self.programme_id else "")
            or (self.competency.name if self.competency_id else "")
            or self.description
        )
        label = f"{self.get_kind_display()}: {what}" if what else str(self.get_kind_display())
        if self.target_date:
            label += " (" + _("target %(date)s") % {"date": date_format(self.target_date)} + ")"
        return label


# --- catalogue ------------------------------------------------------------------------------


class Provider(TimeStampedModel):
    """Who runs a programme: BKPSDM itself, LAN, a partner university (with its agreement)."""

    name = models.CharField(_("nama penyelenggara"), max_length=200, unique=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=ProviderKind.choices)
    agreement_number = models.CharField(
        _("nomor perjanjian kerja sama"), max_length=100, blank=True
    )
    agreement_until = models.DateField(_("kerja sama berlaku sampai"), null=True, blank=True)
    contact = models.CharField(_("kontak"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("penyelenggara")
        verbose_name_plural = _("penyelenggara")

    def __str__(self) -> str:
        return self.name


class Programme(TimeStampedModel):
    code = models.CharField(_("kode"), max_length=40, unique=True)
    title = models.CharField(_("judul"), max_length=250)
    description = models.TextField(_("deskripsi"), blank=True)
    mode = models.CharField(_("moda"), max_length=10, choices=ProgrammeMode.choices)
    category = models.CharField(_("kategori"), max_length=12, choices=ProgrammeCategory.choices)
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("penyelenggara"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    jp = models.PositiveSmallIntegerField(_("JP"), validators=[MinValueValidator(1)])
    gives_certificate = models.BooleanField(_("bersertifikat"), default=True)
    competencies = models.ManyToManyField(
        "competency.Competency",
        through="ProgrammeCompetency",
        verbose_name=_("kompetensi"),
        related_name="programmes",
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("katalog pelatihan")

    def __str__(self) -> str:
        return self.title


class ProgrammeCompetency(models.Model):
    """A competency a programme addresses, and the level a completion leads to (if any)."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="competency_targets",
    )
    competency = models.ForeignKey(
        "competency.Competency",
        verbose_name=_("kompetensi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_level = models.PositiveSmallIntegerField(
        _("level yang dicapai"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )

    class Meta:
        verbose_name = _("kompetensi program")
        verbose_name_plural = _("kompetensi program")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "competency"], name="programme_competency_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.competency_id} → {self.target_level}"


class TrainingSession(TimeStampedModel):
    """One run (angkatan) of a programme, with its quota and registration window."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.PROTECT, related_name="sessions"
    )
    name = models.CharField(_("angkatan"), max_length=100)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    location = models.CharField(_("tempat"), max_length=200, blank=True)
    is_online = models.BooleanField(_("daring"), default=False)
    online_url = models.URLField(_("tautan daring"), blank=True)
    quota = models.PositiveIntegerField(_("kuota"), validators=[MinValueValidator(1)])
    registration_opens = models.DateField(_("pendaftaran dibuka"))
    registration_closes = models.DateField(_("pendaftaran ditutup"))
    contact = models.CharField(_("narahubung"), max_length=200, blank=True)
    approval = models.CharField(
        _("persetujuan"),
        max_length=20,
        choices=SessionApproval.choices,
        default=SessionApproval.SUPERVISOR_AND_BKPSDM,
    )
    # Eligibility: empty = everyone.
    eligible_employee_kinds = models.JSONField(_("jenis ASN yang boleh"), default=list, blank=True)
    eligible_position_kinds = models.JSONField(
        _("jenis jabatan yang boleh"), default=list, blank=True
    )
    eligible_units = models.ManyToManyField(
        "org.OrgUnit",
        verbose_name=_("unit yang boleh (beserta sub-unitnya)"),
        blank=True,
        related_name="+",
    )
    is_cancelled = models.BooleanField(_("dibatalkan"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "programme__title"]
        verbose_name = _("sesi pelatihan")
        verbose_name_plural = _("sesi pelatihan")
        indexes = [models.Index(fields=["registration_opens", "registration_closes"])]

    def __str__(self) -> str:
        return f"{self.programme} — {self.name}"


class Registration(TimeStampedModel):
    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("sesi"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="training_registrations",
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    nominated_by = models.ForeignKey(
        USER,
        verbose_name=_("diusulkan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    motivation = models.TextField(_("alasan mengikuti"), blank=True)
    plan_item = models.ForeignKey(
        DevelopmentPlanItem,
        verbose_name=_("butir rencana pengembangan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    waitlisted_at = models.DateTimeField(_("masuk daftar tunggu"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)
    score = models.DecimalField(
        _("nilai akhir"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    pre_test_score = models.DecimalField(
        _("nilai pre-test"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    post_test_score = models.DecimalField(
        _("nilai post-test"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
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
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pendaftaran pelatihan")
        verbose_name_plural = _("pendaftaran pelatihan")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "employee"],
                condition=Q(status__in=[s.value for s in LIVE_REGISTRATION]),
                name="registration_one_live_per_session",
            )
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["employee", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} @ {self.session_id}: {self.status}"


class RegistrationStep(models.Model):
    """Who did what to a registration, and when (the trail; never edited)."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("pendaftaran"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    action = models.CharField(_("langkah"), max_length=24, choices=RegistrationAction.choices)
    actor = models.ForeignKey(
        USER,
        verbose_name=_("oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("langkah pendaftaran")
        verbose_name_plural = _("langkah pendaftaran")

    def __str__(self) -> str:
        return f"{self.registration_id} {self.action}"


class Attendance(models.Model):
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("pendaftaran"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    date = models.DateField(_("tanggal"))
    present = models.BooleanField(_("hadir"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(fields=["registration", "date"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.date}: {self.present}"


class ReactionSurvey(models.Model):
    """The participant's reaction (Kirkpatrick level 1), one per registration, 1–5 each."""

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("pendaftaran"),
        on_delete=models.CASCADE,
        related_name="reaction",
    )
    content = models.PositiveSmallIntegerField(_("materi"), validators=LEVEL_VALIDATORS)
    facilitator = models.PositiveSmallIntegerField(_("fasilitator"), validators=LEVEL_VALIDATORS)
    organisation = models.PositiveSmallIntegerField(
        _("penyelenggaraan"), validators=LEVEL_VALIDATORS
    )
    usefulness = models.PositiveSmallIntegerField(
        _("manfaat bagi pekerjaan"), validators=LEVEL_VALIDATORS
    )
    comment = models.TextField(_("saran"), blank=True)
    submitted_at = models.DateTimeField(_("diisi pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("survei reaksi")
        verbose_name_plural = _("survei reaksi")

    def __str__(self) -> str:
        return f"{self.registration_id}"


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


# --- certificates and the JP ledger ---------------------------------------------------------


def new_verification_code() -> str:
    """12 characters of an unambiguous alphabet (~60 bits): not guessable, easy to type."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Certificate(TimeStampedModel):
    """A certificate Abdi issues for a completed session or e-learning course."""

    code = models.CharField(
        _("kode verifikasi"), max_length=16, unique=True, default=new_verification_code
    )
    number = models.CharField(_("nomor sertifikat"), max_length=40, unique=True)
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("pendaftaran"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("peserta e-learning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.PROTECT, related_name="+"
    )
    # Snapshots: the certificate says what was true when it was issued.
    employee_name = models.CharField(_("nama pada sertifikat"), max_length=200)
    programme_title = models.CharField(_("program pada sertifikat"), max_length=250)
    jp = models.PositiveSmallIntegerField(_("JP"))
    completed_on = models.DateField(_("tanggal selesai"))
    issued_on = models.DateField(_("tanggal terbit"))
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        USER,
        verbose_name=_("dicabut oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoke_reason = models.TextField(_("alasan pencabutan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class ExternalCertificate(TimeStampedModel):
    """A certificate from outside Abdi the employee uploads; counts once verified."""

    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="external_certificates",
    )
    title = models.CharField(_("nama kegiatan"), max_length=250)
    provider = models.CharField(_("penyelenggara"), max_length=200)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    jp = models.PositiveSmallIntegerField(
        _("JP"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    file = models.FileField(_("berkas sertifikat"), upload_to="certificates/%Y/")
    content_type = models.CharField(_("jenis berkas"), max_length=60, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExternalCertificateStatus.choices,
        default=ExternalCertificateStatus.SUBMITTED,
    )
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("diverifikasi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    decision_note = models.TextField(_("catatan verifikasi"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-end_date", "-pk"]
        verbose_name = _("sertifikat eksternal")
        verbose_name_plural = _("sertifikat eksternal")

    def __str__(self) -> str:
        return self.title


class JpEntry(models.Model):
    """One line of the JP ledger: JP an employee earned, from exactly one source. Written by
    the services when a completion or a verification happens, removed when it is undone."""

    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="jp_entries",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    date = models.DateField(_("tanggal"))
    jp = models.PositiveSmallIntegerField(_("JP"))
    source = models.CharField(_("sumber"), max_length=10, choices=JpSource.choices)
    title = models.CharField(_("kegiatan"), max_length=250)
    registration = models.OneToOneField(
        Registration, null=True, blank=True, on_delete=models.CASCADE, related_name="jp_entry"
    )
    enrolment = models.OneToOneField(
        Enrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="jp_entry"
    )
    external = models.OneToOneField(
        ExternalCertificate,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jp_entry",
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("catatan JP")
        verbose_name_plural = _("buku JP")
        indexes = [models.Index(fields=["year", "employee"])]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.date}: {self.jp} JP"


class JpYearTotal(models.Model):
    """An employee's JP of one year: the sum of their ledger lines of that year, one row per
    (employee, year) that has lines. Kept by `services_credit.jp_totals_refresh` in the same
    transaction as every JpEntry write or removal, so that the JP dashboard joins one row per
    employee instead of aggregating the whole year's ledger on every page (60,000 staff)."""

    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="jp_year_totals",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    jp = models.PositiveIntegerField(_("JP"))

    class Meta:
        verbose_name = _("jumlah JP setahun")
        verbose_name_plural = _("jumlah JP setahun")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year"], name="learning_jpyeartotal_employee_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}: {self.jp} JP"
