"""Execution of an SKP: activities with evidence, realisations per period, and feedback."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.models import TimeStampedModel
from abdi.performance.models.planning import SKP, Indicator, WorkResult
from abdi.performance.models.reference import BehaviourValue
from abdi.performance.models.years import PerformancePeriod

# ---------------------------------------------------------------- execution


class Activity(TimeStampedModel):
    skp = models.ForeignKey(
        SKP, verbose_name=_("SKP"), on_delete=models.CASCADE, related_name="activities"
    )
    work_result = models.ForeignKey(
        WorkResult, verbose_name=_("RHK"), on_delete=models.PROTECT, related_name="activities"
    )
    date = models.DateField(_("tanggal"))
    description = models.TextField(_("kegiatan"))
    output = models.CharField(_("hasil/output"), max_length=300, blank=True)
    evidence = models.FileField(_("bukti dukung"), upload_to="evidence/%Y/%m/", blank=True)
    evidence_link = models.URLField(_("tautan bukti"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        indexes = [models.Index(fields=["skp", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.description[:40]}"


class Realisation(TimeStampedModel):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indikator"),
        on_delete=models.CASCADE,
        related_name="realisations",
    )
    period = models.ForeignKey(
        PerformancePeriod,
        verbose_name=_("periode"),
        on_delete=models.PROTECT,
        related_name="realisations",
    )
    value = models.DecimalField(
        _("realisasi (angka)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("realisasi (uraian)"), blank=True)
    evidence = models.FileField(_("bukti dukung"), upload_to="evidence/%Y/%m/", blank=True)
    evidence_link = models.URLField(_("tautan bukti"), blank=True)
    self_assessment = models.TextField(_("penilaian diri"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diisi oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"],
                name="realisation_unique_per_period",
                violation_error_message=_(
                    "Realisasi indikator ini untuk periode tersebut sudah ada."
                ),
            )
        ]


class Feedback(models.Model):
    """Continuous feedback from the supervisor on an RHK or a behaviour value."""

    skp = models.ForeignKey(
        SKP, verbose_name=_("SKP"), on_delete=models.CASCADE, related_name="feedback"
    )
    work_result = models.ForeignKey(
        WorkResult,
        verbose_name=_("RHK"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    behaviour_value = models.ForeignKey(
        BehaviourValue,
        verbose_name=_("nilai BerAKHLAK"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("umpan balik"))
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")
        constraints = [
            models.CheckConstraint(
                condition=Q(work_result__isnull=False) | Q(behaviour_value__isnull=False),
                name="feedback_has_subject",
                violation_error_message=_(
                    "Umpan balik harus tentang satu RHK atau satu nilai perilaku."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.text[:40]
