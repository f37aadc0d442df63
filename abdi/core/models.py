"""Base models and the regulation reference tables (data with their source, editable in admin)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.choices import Confidence, EmployeeKind, PositionKind


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class RegulationSourced(models.Model):
    """A row of a regulation table: where it comes from, since when, and how sure we are."""

    source = models.CharField(_("dasar hukum / sumber"), max_length=255)
    confidence = models.CharField(
        _("tingkat keyakinan"),
        max_length=2,
        choices=Confidence.choices,
        default=Confidence.CONFIRMED,
    )
    effective_from = models.DateField(_("berlaku sejak"))

    class Meta:
        abstract = True


class Rank(RegulationSourced):
    """Golongan/ruang and pangkat (PNS) or golongan (PPPK)."""

    code = models.CharField(_("kode"), max_length=10, unique=True)
    title = models.CharField(_("pangkat"), max_length=100, blank=True)
    kind = models.CharField(
        _("jenis pegawai"), max_length=4, choices=EmployeeKind.choices, default=EmployeeKind.PNS
    )
    order = models.PositiveSmallIntegerField(_("urutan"), help_text=_("Makin tinggi makin senior."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "order"]
        verbose_name = _("golongan/pangkat")
        verbose_name_plural = _("golongan/pangkat")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "order"],
                name="rank_unique_order_per_kind",
                violation_error_message=_("Urutan golongan sudah dipakai."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}" if self.title else self.code


class EducationLevel(RegulationSourced):
    code = models.CharField(_("kode"), max_length=10, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    order = models.PositiveSmallIntegerField(_("urutan"), unique=True)
    starting_rank = models.ForeignKey(
        Rank,
        verbose_name=_("golongan awal CPNS"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    highest_rank = models.ForeignKey(
        Rank,
        verbose_name=_("golongan tertinggi kenaikan pangkat reguler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("jenjang pendidikan")
        verbose_name_plural = _("jenjang pendidikan")

    def __str__(self) -> str:
        return self.name


class RetirementAge(RegulationSourced):
    """Batas usia pensiun (BUP) per position kind, PP 11/2017."""

    position_kind = models.CharField(
        _("jenis jabatan"), max_length=20, choices=PositionKind.choices
    )
    age = models.PositiveSmallIntegerField(
        _("usia"), validators=[MinValueValidator(40), MaxValueValidator(75)]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position_kind", "-effective_from"]
        verbose_name = _("batas usia pensiun")
        verbose_name_plural = _("batas usia pensiun")
        constraints = [
            models.UniqueConstraint(
                fields=["position_kind", "effective_from"],
                name="bup_unique_kind_date",
                violation_error_message=_("BUP untuk jenis jabatan dan tanggal ini sudah ada."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_position_kind_display()}: {self.age}"


class RankPromotionSchedule(RegulationSourced):
    """The months in which a regular rank promotion may take effect (TMT on the 1st)."""

    months = models.CharField(
        _("bulan TMT"),
        max_length=40,
        help_text=_("Nomor bulan dipisah koma, mis. 4,10 atau 2,4,6,8,10,12."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("periode kenaikan pangkat")
        verbose_name_plural = _("periode kenaikan pangkat")

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.months}"

    def month_numbers(self) -> tuple[int, ...]:
        return tuple(sorted({int(m) for m in self.months.split(",") if m.strip()}))

    def clean(self) -> None:
        try:
            months = self.month_numbers()
        except ValueError as exc:
            raise ValidationError({"months": _("Isi nomor bulan 1–12 dipisah koma.")}) from exc
        if not months or any(m < 1 or m > 12 for m in months):
            raise ValidationError({"months": _("Isi nomor bulan 1–12 dipisah koma.")})


class RegulationParameter(RegulationSourced):
    """A single number of a regulation (years in rank for promotion, KGB interval, ...)."""

    class Key(models.TextChoices):
        PROMOTION_MIN_YEARS_IN_RANK = (
            "promotion_min_years_in_rank",
            _("Masa minimal dalam pangkat untuk KP reguler (tahun)"),
        )
        PROMOTION_PREDIKAT_YEARS = (
            "promotion_predikat_years",
            _("Jumlah tahun terakhir dengan predikat minimal Baik untuk KP"),
        )
        KGB_INTERVAL_YEARS = "kgb_interval_years", _("Interval kenaikan gaji berkala (tahun)")
        MIN_APPOINTMENT_AGE = "min_appointment_age", _("Usia minimal saat pengangkatan (tahun)")

    key = models.CharField(_("parameter"), max_length=60, choices=Key.choices)
    value = models.DecimalField(_("nilai"), max_digits=10, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["key", "-effective_from"]
        verbose_name = _("parameter regulasi")
        verbose_name_plural = _("parameter regulasi")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "effective_from"],
                name="parameter_unique_key_date",
                violation_error_message=_("Parameter ini sudah ada untuk tanggal tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {self.value}"


class CollectiveLeaveDay(models.Model):
    """A day the agency does not work besides the national public holidays (cuti bersama,
    regional holidays). Deadlines in working days skip these."""

    date = models.DateField(_("tanggal"), unique=True)
    description = models.CharField(_("keterangan"), max_length=200)
    source = models.CharField(_("dasar"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari cuti bersama / libur instansi")
        verbose_name_plural = _("hari cuti bersama / libur instansi")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.description}"


class Notification(models.Model):
    """An in-app notification; services also send it by e-mail when the user has an address."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(_("jenis"), max_length=40)
    message = models.CharField(_("pesan"), max_length=300)  # Indonesian, for e-mail and old rows
    # The message's source text (a gettext msgid) and its parameters, rendered in the reader's
    # language when shown (core.notifications.Text). Empty for rows written before issue 13.
    message_key = models.CharField(_("kunci pesan"), max_length=300, blank=True)
    params = models.JSONField(_("parameter pesan"), default=dict, blank=True)
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message

    @property
    def text(self) -> str:
        """The message in the active language (the fixed text for rows without a key)."""
        # local: core.notifications imports this module (cycle)
        from abdi.core.notifications import Text

        if not self.message_key:
            return self.message
        return Text.from_json({"msgid": self.message_key, "params": self.params}).render()


class RateCounter(models.Model):
    """One rate-limit window of one client address (see `abdi.core.throttle`), used when the
    cache cannot count atomically (the database cache): incremented by a single UPDATE."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("penghitung batas permintaan")
        verbose_name_plural = _("penghitung batas permintaan")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class WorkerHeartbeat(models.Model):
    """A background job that is running: which process on which host, and when it last said it
    is alive (see `abdi.core.heartbeat`). The row goes when the job ends; a row whose process is
    gone, or whose beat is overdue, means the worker died."""

    key = models.CharField(max_length=100, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("detak pekerja latar belakang")
        verbose_name_plural = _("detak pekerja latar belakang")

    def __str__(self) -> str:
        return f"{self.key} @ {self.host}:{self.pid}"
