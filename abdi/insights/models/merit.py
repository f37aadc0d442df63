"""The merit-system self-assessment (Permen PANRB 19/2025): aspects and indicators as data,
a yearly assessment with an answer per indicator (Abdi's proposal and its evidence, the score
given, the reason when it differs), and its steps."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.models import RegulationSourced, TimeStampedModel
from abdi.insights.choices import MeritAction, MeritMeasure, MeritStatus

SHARE = [MinValueValidator(0), MaxValueValidator(1)]


class MeritAspect(RegulationSourced):
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("aspek"), max_length=200)
    weight = models.DecimalField(_("bobot"), max_digits=5, decimal_places=4)
    order = models.PositiveSmallIntegerField(_("urutan"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("aspek sistem merit")
        verbose_name_plural = _("aspek sistem merit")
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="merit_aspect_unique")
        ]

    def __str__(self) -> str:
        return self.name


class MeritIndicator(RegulationSourced):
    aspect = models.ForeignKey(
        MeritAspect, verbose_name=_("aspek"), on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.CharField(_("kode"), max_length=20)
    text = models.TextField(_("indikator"))
    measure = models.CharField(
        _("ukuran Abdi"), max_length=24, choices=MeritMeasure.choices, default=MeritMeasure.MANUAL
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["aspect__order", "order"]
        verbose_name = _("indikator sistem merit")
        verbose_name_plural = _("indikator sistem merit")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "effective_from"], name="merit_indicator_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class MeritAssessment(TimeStampedModel):
    year = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeritStatus.choices, default=MeritStatus.DRAFT
    )
    engagement = models.DecimalField(
        _("kepuasan dan keterlibatan pegawai"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=SHARE,
        help_text=_("0–1, dari survei keterlibatan (minimal 5 responden)."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("penilaian mandiri sistem merit")
        verbose_name_plural = _("penilaian mandiri sistem merit")

    def __str__(self) -> str:
        return str(self.year)

    def get_absolute_url(self) -> str:
        return reverse("insights:merit_detail", args=[self.year])


class MeritAnswer(TimeStampedModel):
    assessment = models.ForeignKey(
        MeritAssessment,
        verbose_name=_("penilaian"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    indicator = models.ForeignKey(
        MeritIndicator, verbose_name=_("indikator"), on_delete=models.PROTECT, related_name="+"
    )
    proposed = models.DecimalField(
        _("usulan Abdi"), max_digits=5, decimal_places=4, null=True, blank=True, validators=SHARE
    )
    evidence = models.TextField(_("bukti yang ditemukan Abdi"), blank=True)
    score = models.DecimalField(
        _("nilai"), max_digits=5, decimal_places=4, null=True, blank=True, validators=SHARE
    )
    reason = models.TextField(_("alasan bila berbeda dari usulan"), blank=True)
    document = models.FileField(_("dokumen pendukung"), upload_to="merit/%Y/", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diisi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__aspect__order", "indicator__order"]
        verbose_name = _("jawaban indikator merit")
        verbose_name_plural = _("jawaban indikator merit")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="merit_answer_unique")
        ]


class MeritStep(models.Model):
    assessment = models.ForeignKey(
        MeritAssessment,
        verbose_name=_("penilaian"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    action = models.CharField(_("langkah"), max_length=12, choices=MeritAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("langkah penilaian merit")
        verbose_name_plural = _("langkah penilaian merit")

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.action}"


class MeritLevel(RegulationSourced):
    """A level of the merit index: an index up to `up_to` (and above the level below) has it;
    the highest level has no upper bound."""

    name = models.CharField(_("tingkat"), max_length=40)
    up_to = models.DecimalField(
        _("sampai dengan"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from", "up_to"]
        verbose_name = _("tingkat indeks merit")
        verbose_name_plural = _("tingkat indeks merit")

    def __str__(self) -> str:
        return self.name
