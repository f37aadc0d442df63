"""The public-service composite of a unit: its weights are data the agency sets, and the
composite is recorded with a unit's organisational predikat when it is decided."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.models import RegulationSourced
from abdi.insights.choices import ServiceComponent


class ServiceScoreWeight(RegulationSourced):
    component = models.CharField(_("komponen"), max_length=16, choices=ServiceComponent.choices)
    weight = models.DecimalField(_("bobot"), max_digits=5, decimal_places=4)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from", "component"]
        verbose_name = _("bobot skor layanan unit")
        verbose_name_plural = _("bobot skor layanan unit")
        constraints = [
            models.UniqueConstraint(
                fields=["component", "effective_from"], name="service_weight_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_component_display()}: {self.weight}"


class ServiceScoreRecord(models.Model):
    """The composite as it stood when a unit's organisational predikat was recorded."""

    org_predikat = models.OneToOneField(
        "performance.OrgUnitPredikat",
        verbose_name=_("predikat unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    score = models.DecimalField(_("skor"), max_digits=5, decimal_places=2, null=True)
    components = models.JSONField(_("komponen"), default=dict)
    computed_at = models.DateTimeField(_("dihitung pada"), auto_now=True)

    class Meta:
        verbose_name = _("skor layanan saat penetapan predikat unit")
        verbose_name_plural = _("skor layanan saat penetapan predikat unit")

    def __str__(self) -> str:
        return f"{self.org_predikat_id}: {self.score}"
