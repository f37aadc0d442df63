"""Merit selection (seleksi terbuka JPT and internal competitive selection).

A Selection is opened by BKPSDM for one or more vacant posts, with requirements (rules of the
eligibility engine and their parameters), stages with weights summing to 100, a panel, and
applications. Every state change is a step row (who, when, note). See
docs/decisions/0014-careers-selection.md."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.careers.models.selection_reference import (  # noqa: F401
    AgeReading,
    ApplicationAction,
    ApplicationState,
    ObjectionStatus,
    PanelRole,
    RuleKind,
    SelectionAction,
    SelectionKind,
    SelectionParameter,
    SelectionRequirementDefault,
    SelectionStageDefault,
    SelectionState,
    StageKind,
    TrackRecordPoint,
)
from abdi.core.models import EducationLevel, Rank, TimeStampedModel
from abdi.employees.models import Employee
from abdi.org.models import Position

USER = settings.AUTH_USER_MODEL


# --- the selection ------------------------------------------------------------------------------


class Selection(TimeStampedModel):
    title = models.CharField(_("judul"), max_length=200)
    kind = models.CharField(_("jenis seleksi"), max_length=20, choices=SelectionKind.choices)
    positions = models.ManyToManyField(
        Position, verbose_name=_("jabatan yang diisi"), related_name="selections"
    )
    announcement = models.TextField(_("teks pengumuman"), blank=True)
    opens_on = models.DateField(_("pendaftaran dibuka"))
    closes_on = models.DateField(_("pendaftaran ditutup"))
    objection_days = models.PositiveSmallIntegerField(
        _("masa sanggah (hari kalender)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    required_documents = models.JSONField(_("dokumen yang diminta"), default=list, blank=True)
    state = models.CharField(
        _("status"), max_length=12, choices=SelectionState.choices, default=SelectionState.DRAFT
    )
    current_stage = models.ForeignKey(
        "careers.SelectionStage",
        verbose_name=_("tahap berjalan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    results_announced_on = models.DateField(_("hasil diumumkan"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("dibuat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["current_stage"])

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("seleksi jabatan")
        verbose_name_plural = _("seleksi jabatan")
        indexes = [models.Index(fields=["state", "closes_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="selection_dates_ordered",
                violation_error_message=_("Tanggal penutupan tidak boleh sebelum pembukaan."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class SelectionStep(models.Model):
    selection = models.ForeignKey(
        Selection, verbose_name=_("seleksi"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("langkah"), max_length=12, choices=SelectionAction.choices)
    actor = models.ForeignKey(
        USER, verbose_name=_("oleh"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("langkah seleksi")
        verbose_name_plural = _("langkah seleksi")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d-%m-%Y %H:%M})"


class SelectionRequirement(models.Model):
    selection = models.ForeignKey(
        Selection, verbose_name=_("seleksi"), on_delete=models.CASCADE, related_name="requirements"
    )
    rule = models.CharField(_("syarat"), max_length=24, choices=RuleKind.choices)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["selection", "pk"]
        verbose_name = _("syarat seleksi")
        verbose_name_plural = _("syarat seleksi")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "rule"],
                name="selection_requirement_unique",
                violation_error_message=_("Syarat ini sudah ada pada seleksi."),
            )
        ]

    def __str__(self) -> str:
        return self.get_rule_display()


class SelectionStage(models.Model):
    selection = models.ForeignKey(
        Selection, verbose_name=_("seleksi"), on_delete=models.CASCADE, related_name="stages"
    )
    kind = models.CharField(_("tahap"), max_length=24, choices=StageKind.choices)
    order = models.PositiveSmallIntegerField(_("urutan"))
    weight = models.PositiveSmallIntegerField(
        _("bobot (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    max_score = models.PositiveSmallIntegerField(_("nilai maksimum"), default=100)
    # The written test taken as an Abdi e-learning quiz: the stage score is the applicant's
    # best quiz score (percent) from attempts started after registration closed.
    quiz = models.ForeignKey(
        "learning.Quiz",
        verbose_name=_("kuis Abdi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["selection", "order"]
        verbose_name = _("tahap seleksi")
        verbose_name_plural = _("tahap seleksi")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "kind"],
                name="selection_stage_unique",
                violation_error_message=_("Tahap ini sudah ada pada seleksi."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_scored(self) -> bool:
        return self.kind != StageKind.ADMINISTRATIVE

    @property
    def is_panel_scored(self) -> bool:
        """Scored by every panel member (a written test taken as a quiz is scored by Abdi)."""
        if self.quiz_id is not None:
            return False
        return self.kind in (
            StageKind.WRITTEN_TEST,
            StageKind.COMPETENCY_ASSESSMENT,
            StageKind.INTERVIEW,
        )


# --- applicants ---------------------------------------------------------------------------------


class Application(TimeStampedModel):
    """An employee's application, or an external applicant registered by BKPSDM (the
    external_* fields are then the facts the eligibility engine reads)."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("seleksi"), on_delete=models.PROTECT, related_name="applications"
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("pegawai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="selection_applications",
    )
    external_name = models.CharField(_("nama (pelamar instansi lain)"), max_length=150, blank=True)
    external_nip = models.CharField(_("NIP (pelamar instansi lain)"), max_length=18, blank=True)
    external_agency = models.CharField(_("instansi asal"), max_length=200, blank=True)
    external_position = models.CharField(_("jabatan sekarang"), max_length=200, blank=True)
    external_position_kind = models.CharField(
        _("jenis jabatan sekarang"), max_length=20, blank=True
    )
    external_position_since = models.DateField(_("TMT jabatan sekarang"), null=True, blank=True)
    external_birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    external_education = models.ForeignKey(
        EducationLevel,
        verbose_name=_("pendidikan terakhir"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    external_rank = models.ForeignKey(
        Rank,
        verbose_name=_("golongan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("status"),
        max_length=14,
        choices=ApplicationState.choices,
        default=ApplicationState.SUBMITTED,
    )
    admin_reason = models.TextField(_("alasan hasil administrasi"), blank=True)
    admin_decided_on = models.DateField(_("tanggal hasil administrasi"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, verbose_name=_("didaftarkan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["selection", "created_at", "pk"]
        verbose_name = _("lamaran seleksi")
        verbose_name_plural = _("lamaran seleksi")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "employee"],
                condition=Q(employee__isnull=False),
                name="application_one_per_employee",
                violation_error_message=_("Pegawai ini sudah melamar pada seleksi ini."),
            ),
            models.UniqueConstraint(
                fields=["selection", "external_nip"],
                condition=~Q(external_nip=""),
                name="application_one_per_external_nip",
                violation_error_message=_("Pelamar dengan NIP ini sudah terdaftar."),
            ),
            models.CheckConstraint(
                condition=Q(employee__isnull=False) | ~Q(external_name=""),
                name="application_has_applicant",
                violation_error_message=_("Lamaran harus atas nama pegawai atau pelamar luar."),
            ),
        ]

    def __str__(self) -> str:
        return self.applicant_name

    @property
    def is_external(self) -> bool:
        return self.employee_id is None

    @property
    def applicant_name(self) -> str:
        employee = self.employee
        return employee.full_name if employee is not None else self.external_name

    @property
    def applicant_nip(self) -> str:
        employee = self.employee
        return employee.nip if employee is not None else self.external_nip

    @property
    def is_active(self) -> bool:
        return self.state != ApplicationState.WITHDRAWN


class ApplicationStep(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("lamaran"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("langkah"), max_length=20, choices=ApplicationAction.choices)
    actor = models.ForeignKey(
        USER, verbose_name=_("oleh"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("langkah lamaran")
        verbose_name_plural = _("langkah lamaran")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d-%m-%Y %H:%M})"


class ApplicationDocument(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("lamaran"), on_delete=models.CASCADE, related_name="documents"
    )
    name = models.CharField(_("dokumen"), max_length=120)
    file = models.FileField(_("berkas"), upload_to="selections/%Y/%m/")
    content_type = models.CharField(_("jenis isi"), max_length=100)
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("dokumen lamaran")
        verbose_name_plural = _("dokumen lamaran")

    def __str__(self) -> str:
        return self.name


class EligibilityOverride(models.Model):
    """BKPSDM counts one requirement as met for one applicant, with a written reason."""

    application = models.ForeignKey(
        Application, verbose_name=_("lamaran"), on_delete=models.CASCADE, related_name="overrides"
    )
    requirement = models.ForeignKey(
        SelectionRequirement,
        verbose_name=_("syarat"),
        on_delete=models.CASCADE,
        related_name="overrides",
    )
    reason = models.TextField(_("alasan"))
    actor = models.ForeignKey(
        USER, verbose_name=_("dicatat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengecualian syarat")
        verbose_name_plural = _("pengecualian syarat")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "requirement"],
                name="eligibility_override_unique",
                violation_error_message=_("Syarat ini sudah dikecualikan untuk pelamar ini."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} — {self.requirement}"


class Objection(models.Model):
    """Sanggah: one per application, within the announcement's days after the result."""

    application = models.OneToOneField(
        Application, verbose_name=_("lamaran"), on_delete=models.CASCADE, related_name="objection"
    )
    reason = models.TextField(_("alasan sanggahan"))
    filed_by = models.ForeignKey(
        USER, verbose_name=_("diajukan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("diajukan"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decision_note = models.TextField(_("jawaban"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sanggahan")
        verbose_name_plural = _("sanggahan")

    def __str__(self) -> str:
        return f"{self.application} — {self.get_status_display()}"


# --- the panel and its scores -------------------------------------------------------------------


class PanelMember(models.Model):
    """A member of the selection panel (pansel). The user's scope as panel member is this
    selection only."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("seleksi"), on_delete=models.CASCADE, related_name="panel"
    )
    user = models.ForeignKey(
        USER, verbose_name=_("akun"), on_delete=models.PROTECT, related_name="panel_memberships"
    )
    name = models.CharField(_("nama"), max_length=150)
    institution = models.CharField(_("asal"), max_length=200, blank=True)
    is_internal = models.BooleanField(_("dari instansi sendiri"))
    role = models.CharField(
        _("kedudukan"), max_length=10, choices=PanelRole.choices, default=PanelRole.MEMBER
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["selection", "pk"]
        verbose_name = _("anggota panitia seleksi")
        verbose_name_plural = _("anggota panitia seleksi")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "user"],
                name="panel_member_unique",
                violation_error_message=_("Akun ini sudah menjadi anggota panitia seleksi ini."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ConflictDeclaration(models.Model):
    member = models.ForeignKey(
        PanelMember, verbose_name=_("anggota"), on_delete=models.CASCADE, related_name="conflicts"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("lamaran"), on_delete=models.CASCADE, related_name="conflicts"
    )
    reason = models.TextField(_("hubungan / alasan"))
    declared_at = models.DateTimeField(_("dinyatakan"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pernyataan konflik kepentingan")
        verbose_name_plural = _("pernyataan konflik kepentingan")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application"],
                name="conflict_unique",
                violation_error_message=_("Konflik kepentingan ini sudah dinyatakan."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.application}"


class Score(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("lamaran"), on_delete=models.CASCADE, related_name="scores"
    )
    stage = models.ForeignKey(
        SelectionStage, verbose_name=_("tahap"), on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey(
        PanelMember, verbose_name=_("anggota"), on_delete=models.PROTECT, related_name="scores"
    )
    value = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2)
    note = models.TextField(_("catatan"), blank=True)
    submitted_at = models.DateTimeField(_("dikirim"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "stage", "member"]
        verbose_name = _("nilai")
        verbose_name_plural = _("nilai")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage", "member"],
                name="score_one_per_member",
                violation_error_message=_("Anggota ini sudah memberi nilai untuk tahap ini."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} — {self.stage}: {self.value}"


class ScoreRevision(models.Model):
    """A submitted score changed: the old and new value, why, by whom, when."""

    score = models.ForeignKey(
        Score, verbose_name=_("nilai"), on_delete=models.CASCADE, related_name="revisions"
    )
    old_value = models.DecimalField(_("nilai lama"), max_digits=5, decimal_places=2)
    new_value = models.DecimalField(_("nilai baru"), max_digits=5, decimal_places=2)
    reason = models.TextField(_("alasan"))
    actor = models.ForeignKey(
        USER, verbose_name=_("oleh"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["score", "at", "pk"]
        verbose_name = _("perubahan nilai")
        verbose_name_plural = _("perubahan nilai")

    def __str__(self) -> str:
        return f"{self.score}: {self.old_value} → {self.new_value}"


class TrackRecord(models.Model):
    """The track-record score of an applicant: pre-filled from Abdi (predikat history, awards,
    discipline) with the facts used, adjustable by the panel with a reason."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("lamaran"),
        on_delete=models.CASCADE,
        related_name="track_record",
    )
    suggested = models.DecimalField(_("nilai dari data Abdi"), max_digits=5, decimal_places=2)
    facts = models.JSONField(_("data yang dipakai"), default=list)
    adjusted = models.DecimalField(
        _("nilai disesuaikan"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("alasan penyesuaian"), blank=True)
    adjusted_by = models.ForeignKey(
        USER,
        verbose_name=_("disesuaikan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rekam jejak pelamar")
        verbose_name_plural = _("rekam jejak pelamar")

    def __str__(self) -> str:
        return f"{self.application}: {self.value}"

    @property
    def value(self):
        return self.adjusted if self.adjusted is not None else self.suggested


class RankingEntry(models.Model):
    """The ranking frozen when the panel proposes the top three."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("seleksi"), on_delete=models.CASCADE, related_name="ranking"
    )
    application = models.OneToOneField(
        Application, verbose_name=_("lamaran"), on_delete=models.CASCADE, related_name="ranking"
    )
    rank = models.PositiveSmallIntegerField(_("peringkat"))
    total = models.DecimalField(_("nilai akhir"), max_digits=6, decimal_places=2)
    stage_scores = models.JSONField(_("nilai per tahap"), default=dict)
    proposed = models.BooleanField(_("diusulkan"), default=False)

    class Meta:
        ordering = ["selection", "rank"]
        verbose_name = _("peringkat")
        verbose_name_plural = _("peringkat")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "rank"],
                name="ranking_unique_rank",
                violation_error_message=_("Peringkat ini sudah terisi."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.application}"


class Appointment(models.Model):
    """The official (PPK) picks one of the top three; the position change follows by decree."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("seleksi"), on_delete=models.PROTECT, related_name="appointments"
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("lamaran"),
        on_delete=models.PROTECT,
        related_name="appointment",
    )
    position = models.ForeignKey(
        Position, verbose_name=_("jabatan"), on_delete=models.PROTECT, related_name="+"
    )
    decree_number = models.CharField(_("nomor SK"), max_length=100)
    effective_from = models.DateField(_("TMT"))
    decided_by = models.ForeignKey(
        USER, verbose_name=_("diputuskan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengangkatan hasil seleksi")
        verbose_name_plural = _("pengangkatan hasil seleksi")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "position"],
                name="appointment_one_per_post",
                violation_error_message=_("Jabatan ini sudah diisi dari seleksi ini."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} → {self.position}"
