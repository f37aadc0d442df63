"""Policy monitoring and evaluation: BKPSDM's programmes with indicators (baseline, a target
per period, a realisation per period — filled in from an Abdi measure or by hand with
evidence), their budget per period (planned and spent), and the evaluation team's findings and
recommendations, followed up until closed. The period is the year."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.models import TimeStampedModel
from abdi.insights.choices import IndicatorMeasure, ProgrammeStatus, RecommendationStatus


class Programme(TimeStampedModel):
    name = models.CharField(_("nama program/kebijakan"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    org_unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("unit penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_year = models.PositiveSmallIntegerField(_("tahun mulai"))
    end_year = models.PositiveSmallIntegerField(_("tahun selesai"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ProgrammeStatus.choices,
        default=ProgrammeStatus.ACTIVE,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_year", "name"]
        verbose_name = _("program kebijakan")
        verbose_name_plural = _("program kebijakan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="programme_years_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("insights:programme_detail", args=[self.pk])


class ProgrammeIndicator(TimeStampedModel):
    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indikator"), max_length=200)
    unit_label = models.CharField(_("satuan"), max_length=20, blank=True)
    measure = models.CharField(
        _("sumber nilai"),
        max_length=16,
        choices=IndicatorMeasure.choices,
        default=IndicatorMeasure.MANUAL,
    )
    # What the measure reads: a training category code (JP), a service unit id (IKM), a JPM
    # band name (JPM); empty for the rest.
    measure_param = models.CharField(_("parameter ukuran"), max_length=60, blank=True)
    baseline = models.DecimalField(
        _("nilai dasar"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    higher_is_better = models.BooleanField(_("makin tinggi makin baik"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "pk"]
        verbose_name = _("indikator program")
        verbose_name_plural = _("indikator program")

    def __str__(self) -> str:
        return self.name


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(
        ProgrammeIndicator,
        verbose_name=_("indikator"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    year = models.PositiveSmallIntegerField(_("periode (tahun)"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("target indikator")
        verbose_name_plural = _("target indikator")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}: {self.target}"


class IndicatorValue(models.Model):
    """The realisation of an indicator in a period: measured by Abdi or entered with evidence."""

    indicator = models.ForeignKey(
        ProgrammeIndicator,
        verbose_name=_("indikator"),
        on_delete=models.CASCADE,
        related_name="values",
    )
    year = models.PositiveSmallIntegerField(_("periode (tahun)"))
    value = models.DecimalField(_("realisasi"), max_digits=14, decimal_places=2)
    evidence = models.TextField(_("bukti"), blank=True)
    document = models.FileField(_("dokumen bukti"), upload_to="programmes/%Y/", blank=True)
    measured = models.BooleanField(_("diukur otomatis oleh Abdi"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("realisasi indikator")
        verbose_name_plural = _("realisasi indikator")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}: {self.value}"


class ProgrammeBudget(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.CASCADE, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(_("periode (tahun)"))
    planned = models.DecimalField(_("pagu (Rp)"), max_digits=16, decimal_places=2)
    spent = models.DecimalField(_("realisasi (Rp)"), max_digits=16, decimal_places=2, default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "year"]
        verbose_name = _("anggaran program")
        verbose_name_plural = _("anggaran program")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="programme_budget_unique"),
            models.CheckConstraint(
                condition=models.Q(planned__gte=0, spent__gte=0), name="programme_budget_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.year}"


class Finding(TimeStampedModel):
    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.CASCADE, related_name="findings"
    )
    year = models.PositiveSmallIntegerField(_("periode (tahun)"))
    text = models.TextField(_("temuan"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("temuan evaluasi")
        verbose_name_plural = _("temuan evaluasi")

    def __str__(self) -> str:
        return self.text[:80]


class Recommendation(TimeStampedModel):
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("temuan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    text = models.TextField(_("rekomendasi"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("batas waktu"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
    )
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    reminded_on = models.DateField(_("terakhir diingatkan"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "due_on", "pk"]
        verbose_name = _("rekomendasi evaluasi")
        verbose_name_plural = _("rekomendasi evaluasi")
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.text[:80]


class FollowUp(models.Model):
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("rekomendasi"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    note = models.TextField(_("tindak lanjut"))
    status = models.CharField(
        _("status setelahnya"), max_length=12, choices=RecommendationStatus.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("tindak lanjut rekomendasi")
        verbose_name_plural = _("tindak lanjut rekomendasi")

    def __str__(self) -> str:
        return self.note[:80]
