"""The regulation tables of the SKP cycle as data, each row with its source and the day it takes
effect (Permen PANRB 6/2022 and its annexes): BerAKHLAK values, the predikat matrix, the head of
unit's rating, the distribution limits, and the credit point tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.choices import PositionKind, Predikat
from abdi.core.models import RegulationSourced
from abdi.performance.choices import (
    OrgPredikat,
    Rating,
)

# ---------------------------------------------------------------- regulation tables (data)


class BehaviourValue(RegulationSourced):
    """One of the 7 BerAKHLAK core values, with its behaviour guides."""

    code = models.CharField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nilai"), max_length=60)
    guides = models.TextField(_("panduan perilaku"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), unique=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("nilai BerAKHLAK")
        verbose_name_plural = _("nilai BerAKHLAK")

    def __str__(self) -> str:
        return self.name


class PredikatMatrixCell(RegulationSourced):
    """Predikat kinerja pegawai from the two ratings."""

    work_result_rating = models.CharField(
        _("rating hasil kerja"), max_length=6, choices=Rating.choices
    )
    behaviour_rating = models.CharField(_("rating perilaku"), max_length=6, choices=Rating.choices)
    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from", "work_result_rating", "behaviour_rating"]
        verbose_name = _("sel matriks predikat")
        verbose_name_plural = _("matriks predikat kinerja")
        constraints = [
            models.UniqueConstraint(
                fields=["work_result_rating", "behaviour_rating", "effective_from"],
                name="predikat_matrix_cell_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.work_result_rating} × {self.behaviour_rating} → {self.predikat}"


class OrgPredikatRating(RegulationSourced):
    """The work-result rating a unit head gets from the unit's organisational predikat."""

    org_predikat = models.CharField(_("predikat unit"), max_length=20, choices=OrgPredikat.choices)
    work_result_rating = models.CharField(
        _("rating hasil kerja kepala unit"), max_length=6, choices=Rating.choices
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from", "org_predikat"]
        verbose_name = _("rating kepala unit dari predikat unit")
        verbose_name_plural = _("rating kepala unit dari predikat unit")
        constraints = [
            models.UniqueConstraint(
                fields=["org_predikat", "effective_from"], name="org_predikat_rating_unique"
            )
        ]


class DistributionLimit(RegulationSourced):
    """A limit on the share of employees' predikat in a unit, given the unit's own predikat.

    `predikats` is a comma-separated group (e.g. "butuh_perbaikan,kurang"); the share of the unit's
    evaluated employees in that group must lie within [min_percent, max_percent]."""

    org_predikat = models.CharField(_("predikat unit"), max_length=20, choices=OrgPredikat.choices)
    predikats = models.CharField(_("kelompok predikat pegawai"), max_length=120)
    min_percent = models.DecimalField(
        _("minimal (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    max_percent = models.DecimalField(
        _("maksimal (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("keterangan"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from", "org_predikat", "predikats"]
        verbose_name = _("batas distribusi predikat")
        verbose_name_plural = _("batas distribusi predikat")

    def __str__(self) -> str:
        return f"{self.org_predikat}: {self.predikats} [{self.min_percent}–{self.max_percent}]"

    def predikat_codes(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in self.predikats.split(",") if p.strip())


class CreditPointRule(RegulationSourced):
    """Functional positions: yearly credit-point coefficient per level (Permen PANRB 1/2023)."""

    position_kind = models.CharField(_("jenjang JF"), max_length=20, choices=PositionKind.choices)
    yearly_coefficient = models.DecimalField(_("koefisien tahunan"), max_digits=6, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from", "position_kind"]
        verbose_name = _("koefisien angka kredit")
        verbose_name_plural = _("koefisien angka kredit")
        constraints = [
            models.UniqueConstraint(
                fields=["position_kind", "effective_from"], name="credit_point_rule_unique"
            )
        ]


class CreditPointPercentage(RegulationSourced):
    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices)
    percent = models.DecimalField(_("persentase koefisien"), max_digits=5, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from", "-percent"]
        verbose_name = _("persentase angka kredit per predikat")
        verbose_name_plural = _("persentase angka kredit per predikat")
        constraints = [
            models.UniqueConstraint(
                fields=["predikat", "effective_from"], name="credit_point_percentage_unique"
            )
        ]
