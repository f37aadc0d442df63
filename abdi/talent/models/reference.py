"""Reference data of the talent map: predikat points, the performance and potential threshold
tables, the nine-box cells with their recommended actions (REGULATIONS §3) and the agency's
talent settings. Loaded by data migrations, editable by BKPSDM (admin and the thresholds page).
See docs/decisions/0016-talent.md."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.choices import Predikat
from abdi.core.models import RegulationSourced, TimeStampedModel
from abdi.talent.choices import PerformanceLevel, PotentialLevel, ThresholdKind


class PredikatPoint(RegulationSourced):
    """The points of an annual predikat; performance is the mean of the last two years' points."""

    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices)
    points = models.DecimalField(_("poin"), max_digits=5, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from", "-points"]
        verbose_name = _("poin predikat kinerja (talenta)")
        verbose_name_plural = _("poin predikat kinerja (talenta)")
        constraints = [
            models.UniqueConstraint(
                fields=["predikat", "effective_from"], name="talent_predikat_point_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_predikat_display()}: {self.points}"


class ThresholdSet(RegulationSourced):
    """One threshold table (performance or potential) in force from `effective_from`."""

    kind = models.CharField(_("jenis"), max_length=12, choices=ThresholdKind.choices)
    note = models.TextField(_("keterangan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-effective_from"]
        verbose_name = _("tabel ambang talenta")
        verbose_name_plural = _("tabel ambang talenta")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "effective_from"],
                name="talent_threshold_set_unique",
                violation_error_message=_("Sudah ada tabel ambang jenis ini untuk tanggal itu."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_from:%d-%m-%Y}"


class ThresholdBand(models.Model):
    """A level applies from `lower` (inclusive) to `upper` (exclusive); empty = unbounded."""

    threshold_set = models.ForeignKey(
        ThresholdSet, verbose_name=_("tabel"), on_delete=models.CASCADE, related_name="bands"
    )
    level = models.CharField(
        _("kategori"),
        max_length=10,
        choices=PerformanceLevel.choices + PotentialLevel.choices,
    )
    lower = models.DecimalField(
        _("dari (termasuk)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    upper = models.DecimalField(
        _("sampai (tidak termasuk)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["threshold_set", models.F("lower").asc(nulls_first=True)]
        verbose_name = _("ambang")
        verbose_name_plural = _("ambang")
        constraints = [
            models.UniqueConstraint(
                fields=["threshold_set", "level"], name="talent_threshold_band_unique"
            )
        ]

    def __str__(self) -> str:
        lower = "" if self.lower is None else self.lower
        upper = "" if self.upper is None else self.upper
        return f"{self.get_level_display()}: {lower} … {upper}"


class NineBoxCell(RegulationSourced):
    """A box of the nine-box: its number, its performance × potential and what it recommends."""

    box = models.PositiveSmallIntegerField(
        _("kotak"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    performance = models.CharField(_("kinerja"), max_length=10, choices=PerformanceLevel.choices)
    potential = models.CharField(_("potensial"), max_length=10, choices=PotentialLevel.choices)
    label = models.CharField(_("sebutan"), max_length=80, blank=True)
    actions = models.TextField(_("rekomendasi tindak lanjut"))
    in_pool = models.BooleanField(_("kelompok rencana suksesi (talent pool)"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["box"]
        verbose_name = _("kotak talenta")
        verbose_name_plural = _("kotak talenta (nine-box)")
        constraints = [
            models.UniqueConstraint(
                fields=["performance", "potential"], name="talent_ninebox_cell_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.box}: {self.get_performance_display()} × {self.get_potential_display()}"


class TalentSetting(TimeStampedModel):
    """The agency's talent settings: one row (pk 1)."""

    potential_score_weight = models.PositiveSmallIntegerField(
        _("bobot skor potensi asesmen (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    jpm_weight = models.PositiveSmallIntegerField(
        _("bobot JPM (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    show_box_to_employee = models.BooleanField(
        _("pegawai dapat melihat kotak talentanya sendiri"), default=False
    )
    risk_horizon_months = models.PositiveSmallIntegerField(
        _("batas risiko pensiun pejabat (bulan)"), default=24
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengaturan manajemen talenta")
        verbose_name_plural = _("pengaturan manajemen talenta")

    def __str__(self) -> str:
        return str(_("Pengaturan manajemen talenta"))
