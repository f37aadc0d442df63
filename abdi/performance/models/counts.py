"""Precomputed figures of the unit monitor (ADR 0044), kept by services/counts.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from abdi.core.choices import Predikat
from abdi.org.models import OrgUnit
from abdi.performance.models.years import PerformancePeriod


class UnitCompletionCount(models.Model):
    """The unit monitor's figures for one unit kerja (its own employees, not its subtree) in one
    period, precomputed: the monitor sums the rows of a subtree instead of joining every SKP,
    indicator and realisation of the agency. Derived data, never edited by hand: only
    `services/counts.py` writes it, in the transaction of each write that changes a figure (SKP
    approval, a first realisation, an evaluation, an employee's unit). People count by their
    current unit (docs/decisions/0009-calibration.md)."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit kerja"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.ForeignKey(
        PerformancePeriod, verbose_name=_("periode"), on_delete=models.CASCADE, related_name="+"
    )
    employees = models.PositiveIntegerField(_("pegawai aktif"), default=0)
    approved = models.PositiveIntegerField(_("SKP disetujui"), default=0)
    indicators = models.PositiveIntegerField(_("indikator SKP disetujui"), default=0)
    realised = models.PositiveIntegerField(_("indikator terealisasi"), default=0)
    evaluated = models.PositiveIntegerField(_("SKP dinilai"), default=0)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("rekap kelengkapan unit")
        verbose_name_plural = _("rekap kelengkapan unit")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "org_unit"], name="unit_completion_count_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_unit_id}/{self.period_id}"


class UnitPredikatCount(models.Model):
    """The predikat distribution's figures for one unit kerja (its own SKPs, not its subtree) in
    one period: how many evaluations carry each predikat. Precomputed like UnitCompletionCount:
    the unit monitor sums the subtree's rows instead of grouping every evaluation of the period.
    Keyed by the SKP's unit snapshot, as the calibration list (`evaluations_in_unit`) is. Derived
    data: only `services/counts.py` writes it, in the transaction of each write that sets or
    changes a predikat (evaluation, calibration, an upheld objection)."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit kerja"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.ForeignKey(
        PerformancePeriod, verbose_name=_("periode"), on_delete=models.CASCADE, related_name="+"
    )
    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices)
    evaluations = models.PositiveIntegerField(_("evaluasi"), default=0)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("rekap predikat unit")
        verbose_name_plural = _("rekap predikat unit")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "org_unit", "predikat"], name="unit_predikat_count_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_unit_id}/{self.period_id}/{self.predikat}"
