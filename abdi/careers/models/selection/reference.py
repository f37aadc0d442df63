"""Merit selection: the choices and the reference data (requirements and stages pre-filled
per kind, panel limits, track-record points), each row with its source and confidence."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.models import RegulationSourced


class SelectionKind(models.TextChoices):
    OPEN_JPT = "open_jpt", _("Seleksi terbuka JPT")
    ADMINISTRATOR = "administrator", _("Seleksi internal jabatan Administrator")
    PENGAWAS = "pengawas", _("Seleksi internal jabatan Pengawas")
    JF_LEVEL_UP = "jf_level_up", _("Seleksi kenaikan jenjang jabatan fungsional")


class SelectionState(models.TextChoices):
    DRAFT = "draft", _("Konsep")
    OPEN = "open", _("Pendaftaran dibuka")
    SCREENING = "screening", _("Seleksi administrasi")
    SCORING = "scoring", _("Penilaian")
    RANKED = "ranked", _("Tiga besar diusulkan")
    DECIDED = "decided", _("Hasil diumumkan")
    CANCELLED = "cancelled", _("Dibatalkan")


class SelectionAction(models.TextChoices):
    CREATED = "created", _("Dibuat")
    UPDATED = "updated", _("Diubah")
    ANNOUNCED = "announced", _("Diumumkan, pendaftaran dibuka")
    CLOSED = "closed", _("Pendaftaran ditutup")
    SCORING_STARTED = "scoring", _("Penilaian dimulai")
    STAGE_STARTED = "stage", _("Tahap berikutnya dimulai")
    PANEL_SET = "panel", _("Panitia seleksi ditetapkan")
    RANKED = "ranked", _("Tiga besar diusulkan")
    DECIDED = "decided", _("PPK memilih; hasil diumumkan")
    CANCELLED = "cancelled", _("Dibatalkan")


class RuleKind(models.TextChoices):
    """The requirements the eligibility engine evaluates (abdi.careers.rules)."""

    MIN_EDUCATION = "min_education", _("Pendidikan minimal")
    MIN_RANK = "min_rank", _("Pangkat/golongan minimal")
    POSITION_EXPERIENCE = "position_experience", _("Lama menduduki jenis jabatan")
    TOTAL_EXPERIENCE = "total_experience", _("Pengalaman jabatan kumulatif")
    MAX_AGE = "max_age", _("Usia maksimal pada tanggal penutupan")
    PREDIKAT = "predikat", _("Predikat kinerja tahunan terakhir")
    NO_DISCIPLINE = "no_discipline", _("Tidak sedang menjalani hukuman disiplin")
    MIN_JPM = "min_jpm", _("Job Person Match minimal untuk jabatan sasaran")


class AgeReading(models.TextChoices):
    COMPLETED_YEARS = "completed_years", _("Usia dalam tahun penuh (56 tahun 10 bulan = 56)")
    NOT_PAST_BIRTHDAY = (
        "not_past_birthday",
        _("Belum melewati ulang tahun ke-batas usia (56 tahun 10 bulan tidak memenuhi 56)"),
    )


class StageKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Seleksi administrasi")
    WRITTEN_TEST = "written_test", _("Tes tertulis / makalah")
    COMPETENCY_ASSESSMENT = "competency_assessment", _("Asesmen kompetensi")
    INTERVIEW = "interview", _("Wawancara")
    TRACK_RECORD = "track_record", _("Penelusuran rekam jejak")


class ApplicationState(models.TextChoices):
    SUBMITTED = "submitted", _("Terdaftar")
    WITHDRAWN = "withdrawn", _("Mengundurkan diri")
    ADMIN_PASSED = "admin_passed", _("Lulus administrasi")
    ADMIN_FAILED = "admin_failed", _("Tidak lulus administrasi")
    PROPOSED = "proposed", _("Diusulkan (tiga besar)")
    NOT_PROPOSED = "not_proposed", _("Tidak masuk tiga besar")
    APPOINTED = "appointed", _("Diangkat")


class ApplicationAction(models.TextChoices):
    SUBMITTED = "submitted", _("Mendaftar")
    REGISTERED = "registered", _("Didaftarkan oleh BKPSDM")
    WITHDRAWN = "withdrawn", _("Mengundurkan diri")
    ADMIN_PASSED = "admin_passed", _("Lulus seleksi administrasi")
    ADMIN_FAILED = "admin_failed", _("Tidak lulus seleksi administrasi")
    OVERRIDE = "override", _("Pengecualian syarat dicatat")
    OBJECTION_FILED = "objection_filed", _("Sanggahan diajukan")
    OBJECTION_ACCEPTED = "objection_accepted", _("Sanggahan diterima")
    OBJECTION_REJECTED = "objection_rejected", _("Sanggahan ditolak")
    TRACK_RECORD = "track_record", _("Nilai rekam jejak disesuaikan")
    TEST_LINK = "test_link", _("Tautan ujian tertulis diterbitkan")
    TEST_SUBMITTED = "test_submitted", _("Ujian tertulis dikumpulkan")
    PROPOSED = "proposed", _("Diusulkan dalam tiga besar")
    NOT_PROPOSED = "not_proposed", _("Tidak masuk tiga besar")
    APPOINTED = "appointed", _("Dipilih PPK dan diangkat")


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu keputusan")
    ACCEPTED = "accepted", _("Diterima")
    REJECTED = "rejected", _("Ditolak")


class PanelRole(models.TextChoices):
    CHAIR = "chair", _("Ketua")
    SECRETARY = "secretary", _("Sekretaris")
    MEMBER = "member", _("Anggota")


# --- reference data ---------------------------------------------------------------------------


class SelectionRequirementDefault(RegulationSourced):
    """A requirement BKPSDM gets pre-filled when opening a selection for a post of this kind
    (REGULATIONS §8). Editable in the admin; a selection keeps its own copy."""

    position_kind = models.CharField(_("jenis jabatan sasaran"), max_length=20)
    rule = models.CharField(_("syarat"), max_length=24, choices=RuleKind.choices)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position_kind", "rule", "-effective_from"]
        verbose_name = _("syarat bawaan seleksi")
        verbose_name_plural = _("syarat bawaan seleksi")
        constraints = [
            models.UniqueConstraint(
                fields=["position_kind", "rule", "effective_from"],
                name="selection_default_unique",
                violation_error_message=_("Syarat bawaan ini sudah ada untuk tanggal tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.position_kind}: {self.get_rule_display()}"


class SelectionStageDefault(RegulationSourced):
    """The stages and weights pre-filled for a kind of selection ([C1] example weights of §8);
    each announcement may set its own."""

    selection_kind = models.CharField(
        _("jenis seleksi"), max_length=20, choices=SelectionKind.choices
    )
    stage = models.CharField(_("tahap"), max_length=24, choices=StageKind.choices)
    order = models.PositiveSmallIntegerField(_("urutan"))
    weight = models.PositiveSmallIntegerField(_("bobot (%)"), validators=[MaxValueValidator(100)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["selection_kind", "order", "-effective_from"]
        verbose_name = _("tahap bawaan seleksi")
        verbose_name_plural = _("tahap bawaan seleksi")
        constraints = [
            models.UniqueConstraint(
                fields=["selection_kind", "stage", "effective_from"],
                name="selection_stage_default_unique",
                violation_error_message=_("Tahap bawaan ini sudah ada untuk tanggal tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_selection_kind_display()}: {self.get_stage_display()} {self.weight}%"


class SelectionParameter(RegulationSourced):
    """A single number of the selection rules (the panel's size and mix)."""

    class Key(models.TextChoices):
        PANEL_MIN = "panel_min", _("Jumlah anggota panitia seleksi paling sedikit")
        PANEL_MAX = "panel_max", _("Jumlah anggota panitia seleksi paling banyak")
        PANEL_MAX_INTERNAL_PERCENT = (
            "panel_max_internal_percent",
            _("Anggota internal paling banyak (%)"),
        )

    key = models.CharField(_("parameter"), max_length=40, choices=Key.choices)
    value = models.PositiveSmallIntegerField(_("nilai"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["key", "-effective_from"]
        verbose_name = _("parameter seleksi")
        verbose_name_plural = _("parameter seleksi")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "effective_from"],
                name="selection_parameter_unique",
                violation_error_message=_("Parameter ini sudah ada untuk tanggal tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {self.value}"


class TrackRecordPoint(RegulationSourced):
    """Points of the pre-filled track-record score (agency policy, [M])."""

    class Item(models.TextChoices):
        PREDIKAT_SANGAT_BAIK = "predikat_sangat_baik", _("Predikat Sangat Baik (per tahun)")
        PREDIKAT_BAIK = "predikat_baik", _("Predikat Baik (per tahun)")
        PREDIKAT_BUTUH_PERBAIKAN = "predikat_butuh_perbaikan", _("Predikat Butuh Perbaikan")
        PREDIKAT_KURANG = "predikat_kurang", _("Predikat Kurang")
        PREDIKAT_SANGAT_KURANG = "predikat_sangat_kurang", _("Predikat Sangat Kurang")
        AWARD = "award", _("Tambahan per penghargaan")
        AWARD_CAP = "award_cap", _("Tambahan penghargaan paling banyak")
        DISCIPLINE_LIGHT = "discipline_light", _("Pengurangan per hukuman disiplin ringan")
        DISCIPLINE_MODERATE = "discipline_moderate", _("Pengurangan per hukuman disiplin sedang")
        DISCIPLINE_SEVERE = "discipline_severe", _("Pengurangan per hukuman disiplin berat")
        YEARS = "years", _("Jumlah tahun yang ditelusuri")

    item = models.CharField(_("unsur"), max_length=30, choices=Item.choices)
    points = models.DecimalField(_("nilai"), max_digits=6, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "-effective_from"]
        verbose_name = _("nilai rekam jejak")
        verbose_name_plural = _("nilai rekam jejak")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "effective_from"],
                name="track_record_point_unique",
                violation_error_message=_("Unsur ini sudah ada untuk tanggal tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()}: {self.points}"
