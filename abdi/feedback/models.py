"""Public voice: the service catalogue, complaints with their timeline, and satisfaction surveys
(IKM, Permen PANRB 14/2017). Regulation tables (survey elements, IKM grades) are data."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.models import RegulationSourced, TimeStampedModel
from abdi.feedback.choices import (
    AgeBand,
    ComplaintAction,
    ComplaintChannel,
    ComplaintKind,
    ComplaintStatus,
    RespondentEducation,
    RespondentOccupation,
    RespondentSex,
    ResponseChannel,
)
from abdi.feedback.rules.complaints import format_tracking_code
from abdi.org.models import OrgUnit

if TYPE_CHECKING:
    from abdi.feedback.selectors.complaints import PublicEvent

ANSWER_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


class PublicService(TimeStampedModel):
    """A service (layanan) a unit gives the public."""

    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit kerja"),
        on_delete=models.PROTECT,
        related_name="public_services",
    )
    name = models.CharField(_("nama layanan"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    standard_days = models.PositiveSmallIntegerField(
        _("waktu penyelesaian standar (hari kerja)"), null=True, blank=True
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["org_unit__path", "name"]
        verbose_name = _("layanan publik")
        verbose_name_plural = _("layanan publik")
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "name"],
                name="public_service_unique_name_per_unit",
                violation_error_message=_("Unit ini sudah memiliki layanan dengan nama tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.org_unit.name}"


class ComplaintDeadlineRule(RegulationSourced):
    """Working-day limits of SP4N-LAPOR! handling."""

    class Step(models.TextChoices):
        VERIFICATION = "verification", _("Verifikasi sejak diterima")
        FOLLOW_UP = "follow_up", _("Tindak lanjut sejak diteruskan")
        AUTO_CLOSE = "auto_close", _("Tutup otomatis bila pelapor tidak menanggapi")
        COMPLETION = "completion", _("Penyelesaian paling lama (hari kalender)")

    step = models.CharField(_("tahap"), max_length=20, choices=Step.choices)
    days = models.PositiveSmallIntegerField(_("jumlah hari"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["step", "-effective_from"]
        verbose_name = _("batas waktu pengaduan")
        verbose_name_plural = _("batas waktu pengaduan")
        constraints = [
            models.UniqueConstraint(
                fields=["step", "effective_from"], name="complaint_deadline_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.days}"


class Complaint(TimeStampedModel):
    tracking_code = models.CharField(
        _("kode pelacakan"), max_length=20, unique=True, editable=False
    )
    kind = models.CharField(_("jenis laporan"), max_length=12, choices=ComplaintKind.choices)
    channel = models.CharField(
        _("saluran"), max_length=10, choices=ComplaintChannel.choices, default=ComplaintChannel.WEB
    )
    external_id = models.CharField(
        _("nomor laporan SP4N-LAPOR!"), max_length=60, null=True, blank=True, unique=True
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit yang dilaporkan"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    service = models.ForeignKey(
        PublicService,
        verbose_name=_("layanan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian kejadian"))
    incident_date = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    incident_place = models.CharField(_("tempat kejadian"), max_length=200, blank=True)
    officer_description = models.CharField(
        _("petugas yang dilaporkan (menurut pelapor)"), max_length=200, blank=True
    )
    # Personal data of the reporter: handlers only, never on the tracking page.
    reporter_name = models.CharField(_("nama pelapor"), max_length=150, blank=True)
    reporter_email = models.EmailField(_("e-mail pelapor"), blank=True)
    reporter_phone = models.CharField(_("telepon pelapor"), max_length=20, blank=True)
    is_anonymous = models.BooleanField(_("anonim"), default=False)
    is_confidential = models.BooleanField(_("rahasia"), default=False)

    status = models.CharField(
        _("status"),
        max_length=15,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    received_at = models.DateTimeField(_("diterima pada"))
    verification_due = models.DateTimeField(_("batas verifikasi"))
    dispatched_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit penindak lanjut"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispatched_complaints",
    )
    dispatched_at = models.DateTimeField(_("diteruskan pada"), null=True, blank=True)
    follow_up_due = models.DateTimeField(_("batas tindak lanjut"), null=True, blank=True)
    followed_up_at = models.DateTimeField(_("ditindaklanjuti pada"), null=True, blank=True)
    auto_close_due = models.DateTimeField(_("tutup otomatis pada"), null=True, blank=True)
    closed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("dieskalasi pada"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("penilaian pelapor"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    reopen_count = models.PositiveSmallIntegerField(_("jumlah dibuka kembali"), default=0)
    # A substantiated complaint about an officer's conduct, linked by the coordinator: an input
    # for the appraiser, never an automatic penalty.
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai terkait"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )
    employee_linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikaitkan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employee_link_note = models.TextField(_("ringkasan temuan untuk penilai"), blank=True)

    # Not stored: set on a complaint a page or a response shows, by the selectors.
    overdue: str  # mark_overdue: the deadline missed ("verification", "follow_up"), or ""
    timeline: list["PublicEvent"]  # public_timeline: what the tracking page shows

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        indexes = [
            models.Index(fields=["status", "verification_due"]),
            models.Index(fields=["dispatched_unit", "status"]),
            models.Index(fields=["org_unit", "received_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="complaint_rating_1_5",
                violation_error_message=_("Penilaian harus 1 sampai 5."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code_display} — {self.title}"

    @property
    def code_display(self) -> str:
        """The tracking code grouped with dashes, as the citizen sees it (ABCD-EFGH-JKMN)."""
        return format_tracking_code(self.tracking_code)


class ComplaintAttachment(TimeStampedModel):
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("pengaduan"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("berkas"), upload_to="complaints/%Y/%m/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis berkas"), max_length=100)
    size = models.PositiveIntegerField(_("ukuran (byte)"))

    class Meta:
        verbose_name = _("lampiran pengaduan")
        verbose_name_plural = _("lampiran pengaduan")


class ComplaintEvent(models.Model):
    """One step on a complaint's timeline: who did what, when, and what the public may read."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("pengaduan"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("tindakan"), max_length=20, choices=ComplaintAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kosong bila dilakukan pelapor atau sistem."),
    )
    from_status = models.CharField(
        _("dari status"), max_length=15, choices=ComplaintStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("ke status"), max_length=15, choices=ComplaintStatus.choices, blank=True
    )
    public_message = models.TextField(_("pesan untuk publik"), blank=True)
    internal_note = models.TextField(_("catatan internal"), blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("riwayat pengaduan")
        verbose_name_plural = _("riwayat pengaduan")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action} {self.created_at:%Y-%m-%d %H:%M}"


class SurveyElement(RegulationSourced):
    """The default elements (U1–U9) of the IKM questionnaire, with their default wording."""

    code = models.CharField(_("kode"), max_length=4, unique=True)
    name = models.CharField(_("unsur"), max_length=120)
    question = models.TextField(_("pertanyaan baku"))
    order = models.PositiveSmallIntegerField(_("urutan"), unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("unsur IKM")
        verbose_name_plural = _("unsur IKM")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IkmGrade(RegulationSourced):
    """Mutu pelayanan by converted IKM (25–100): A ≥ 88.31, B ≥ 76.61, C ≥ 65.00, else D."""

    grade = models.CharField(_("mutu"), max_length=1)
    min_score = models.DecimalField(_("nilai konversi minimal"), max_digits=5, decimal_places=2)
    performance_label = models.CharField(_("kinerja unit pelayanan"), max_length=60)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from", "-min_score"]
        verbose_name = _("mutu pelayanan IKM")
        verbose_name_plural = _("mutu pelayanan IKM")
        constraints = [
            models.UniqueConstraint(fields=["grade", "effective_from"], name="ikm_grade_unique")
        ]

    def __str__(self) -> str:
        return f"{self.grade} ≥ {self.min_score} ({self.performance_label})"


class SatisfactionSurvey(TimeStampedModel):
    service = models.ForeignKey(
        PublicService, verbose_name=_("layanan"), on_delete=models.PROTECT, related_name="surveys"
    )
    code = models.CharField(_("kode publik"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("judul"), max_length=200, blank=True)
    period_start = models.DateField(_("periode mulai"))
    period_end = models.DateField(_("periode selesai"))
    population = models.PositiveIntegerField(
        _("jumlah pengguna layanan pada periode"),
        null=True,
        blank=True,
        help_text=_("Untuk menghitung jumlah sampel minimal (Krejcie–Morgan)."),
    )
    # The wording used in this survey: {"U1": "…", …}; defaults from SurveyElement.
    questions = models.JSONField(_("pertanyaan"), default=dict)
    is_open = models.BooleanField(_("menerima jawaban"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("survei kepuasan masyarakat")
        verbose_name_plural = _("survei kepuasan masyarakat")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="survey_period_ordered",
                violation_error_message=_("Akhir periode tidak boleh sebelum awal periode."),
            )
        ]

    def __str__(self) -> str:
        return (
            self.title or f"{self.service.name} {self.period_start:%m/%Y}–{self.period_end:%m/%Y}"
        )


class SurveyResponse(models.Model):
    """One respondent's answers (1–4 per element; blank when the element was not answered)."""

    survey = models.ForeignKey(
        SatisfactionSurvey,
        verbose_name=_("survei"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    u1 = models.PositiveSmallIntegerField(null=True, blank=True, validators=ANSWER_VALIDATORS)
    u2 = models.PositiveSmallIntegerField(null=True, blank=True, validators=ANSWER_VALIDATORS)
    u3 = models.PositiveSmallIntegerField(null=True, blank=True, validators=ANSWER_VALIDATORS)
    u4 = models.PositiveSmallIntegerField(null=True, blank=True, validators=ANSWER_VALIDATORS)
    u5 = models.PositiveSmallIntegerField(null=True, blank=True, validators=ANSWER_VALIDATORS)
    u6 = models.PositiveSmallIntegerField(null=True, blank=True, validators=ANSWER_VALIDATORS)
    u7 = models.PositiveSmallIntegerField(null=True, blank=True, validators=ANSWER_VALIDATORS)
    u8 = models.PositiveSmallIntegerField(null=True, blank=True, validators=ANSWER_VALIDATORS)
    u9 = models.PositiveSmallIntegerField(null=True, blank=True, validators=ANSWER_VALIDATORS)
    age_band = models.CharField(_("usia"), max_length=8, choices=AgeBand.choices, blank=True)
    sex = models.CharField(
        _("jenis kelamin"), max_length=1, choices=RespondentSex.choices, blank=True
    )
    education = models.CharField(
        _("pendidikan"), max_length=10, choices=RespondentEducation.choices, blank=True
    )
    occupation = models.CharField(
        _("pekerjaan"), max_length=15, choices=RespondentOccupation.choices, blank=True
    )
    suggestion = models.TextField(_("saran"), blank=True)
    channel = models.CharField(
        _("cara pengisian"),
        max_length=6,
        choices=ResponseChannel.choices,
        default=ResponseChannel.ONLINE,
    )
    # sha256 of (survey, device cookie, day): one online response per device per day, no tracking.
    device_day_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dientri oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    # sha256 of (secret, survey, client address): how many answers came from one address, without
    # keeping the address. Blank for paper questionnaires.
    address_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    # Set when an admin excluded this answer's burst from the IKM (with a recorded reason).
    exclusion = models.ForeignKey(
        "SurveyExclusion",
        verbose_name=_("dikecualikan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )

    class Meta:
        indexes = [models.Index(fields=["survey", "address_hash"], name="survey_resp_address")]
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "device_day_hash"],
                name="survey_one_response_per_device_day",
                violation_error_message=_("Perangkat ini sudah mengisi survei hari ini."),
            ),
        ] + [
            models.CheckConstraint(
                condition=Q(**{f"u{i}__isnull": True}) | Q(**{f"u{i}__gte": 1, f"u{i}__lte": 4}),
                name=f"survey_answer_u{i}_1_4",
            )
            for i in range(1, 10)
        ]

    ELEMENT_FIELDS = tuple(f"u{i}" for i in range(1, 10))

    def __str__(self) -> str:
        return f"{self.survey_id}#{self.pk}"


class SurveyExclusion(models.Model):
    """A burst of online answers from one address that an admin left out of the IKM, with the
    reason: who, when, why, how many. The answers stay stored (and countable); the IKM is
    computed without them."""

    survey = models.ForeignKey(
        SatisfactionSurvey,
        verbose_name=_("survei"),
        on_delete=models.CASCADE,
        related_name="exclusions",
    )
    address_hash = models.CharField(max_length=64)
    reason = models.TextField(_("alasan"))
    response_count = models.PositiveIntegerField(_("jumlah jawaban"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengecualian jawaban survei")
        verbose_name_plural = _("pengecualian jawaban survei")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "address_hash"],
                name="survey_exclusion_once_per_address",
                violation_error_message=_("Jawaban dari alamat ini sudah dikecualikan."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.address_hash[:8]} ({self.response_count})"
