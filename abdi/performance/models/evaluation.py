"""Evaluation of an SKP per period with its predikat, the calibration adjustments, and objections."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.choices import Predikat
from abdi.core.models import TimeStampedModel
from abdi.employees.models import Employee
from abdi.performance.choices import (
    EvaluationStatus,
    ObjectionStatus,
    Rating,
)
from abdi.performance.models.planning import SKP
from abdi.performance.models.years import PerformancePeriod

# ---------------------------------------------------------------- evaluation


class Evaluation(TimeStampedModel):
    """A periodic or annual evaluation of one SKP."""

    skp = models.ForeignKey(
        SKP, verbose_name=_("SKP"), on_delete=models.PROTECT, related_name="evaluations"
    )
    period = models.ForeignKey(
        PerformancePeriod,
        verbose_name=_("periode"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    work_result_rating = models.CharField(
        _("rating hasil kerja"), max_length=6, choices=Rating.choices
    )
    work_result_from_org_predikat = models.BooleanField(
        _("rating hasil kerja dari predikat unit"), default=False
    )
    behaviour_rating = models.CharField(_("rating perilaku"), max_length=6, choices=Rating.choices)
    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices)
    notes = models.TextField(_("catatan penilai"), blank=True)
    evaluator = models.ForeignKey(
        Employee,
        verbose_name=_("penilai"),
        on_delete=models.PROTECT,
        related_name="given_evaluations",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    released_at = models.DateTimeField(_("dirilis pada"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("diterima pegawai pada"), null=True, blank=True)
    credit_points = models.DecimalField(
        _("angka kredit"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period__start"]
        verbose_name = _("evaluasi kinerja")
        verbose_name_plural = _("evaluasi kinerja")
        indexes = [models.Index(fields=["period", "predikat"])]
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "period"],
                name="evaluation_unique_per_period",
                violation_error_message=_("SKP ini sudah dinilai untuk periode tersebut."),
            )
        ]


class EvaluationAdjustment(models.Model):
    """A calibration change of a predikat before finalising, always with a reason."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluasi"), on_delete=models.CASCADE, related_name="adjustments"
    )
    from_predikat = models.CharField(_("dari"), max_length=20, choices=Predikat.choices)
    to_predikat = models.CharField(_("menjadi"), max_length=20, choices=Predikat.choices)
    reason = models.TextField(_("alasan"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("penyesuaian kalibrasi")
        verbose_name_plural = _("penyesuaian kalibrasi")

    def __str__(self) -> str:
        return f"{self.from_predikat} → {self.to_predikat}"


class Objection(TimeStampedModel):
    """Keberatan: the employee objects to a released evaluation; the appraiser's superior decides."""

    evaluation = models.OneToOneField(
        Evaluation, verbose_name=_("evaluasi"), on_delete=models.PROTECT, related_name="objection"
    )
    reason = models.TextField(_("alasan keberatan"))
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.FILED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)
    new_predikat = models.CharField(
        _("predikat baru"), max_length=20, choices=Predikat.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
