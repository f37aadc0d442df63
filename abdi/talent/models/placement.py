"""Precomputed placements: one row per employee and year (a box, or why there is none), written
by the placement task in batches; the talent map only counts these rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from abdi.core.choices import Predikat
from abdi.talent.choices import (
    PerformanceLevel,
    PositionLevel,
    PotentialLevel,
    RunStatus,
    Unmappable,
)


class PlacementRun(models.Model):
    """One computation of a year's placements (queued by BKPSDM, run by the worker)."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    placed = models.PositiveIntegerField(_("pegawai terpetakan"), default=0)
    unmappable = models.PositiveIntegerField(_("pegawai tidak terpetakan"), default=0)
    error = models.TextField(_("kesalahan"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("perhitungan pemetaan talenta")
        verbose_name_plural = _("perhitungan pemetaan talenta")

    def __str__(self) -> str:
        return f"{self.year} {self.status}"


class TalentPlacement(models.Model):
    """An employee's place in the nine-box for a year. `computed_box` comes from the rules;
    `box` is what applies (the computed box, or the latest review decision)."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="talent_placements",
    )
    run = models.ForeignKey(
        PlacementRun, verbose_name=_("perhitungan"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )  # fmt: skip
    name = models.CharField(_("nama"), max_length=150)
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("unit kerja"), on_delete=models.CASCADE, related_name="+"
    )
    unit_path = models.CharField(_("jalur unit"), max_length=255)
    position = models.ForeignKey(
        "org.Position",
        verbose_name=_("jabatan"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    level = models.CharField(_("tingkat jabatan"), max_length=14, choices=PositionLevel.choices)
    predikat_previous = models.CharField(
        _("predikat tahun sebelumnya"), max_length=20, choices=Predikat.choices, blank=True
    )
    predikat_latest = models.CharField(
        _("predikat tahun terakhir"), max_length=20, choices=Predikat.choices, blank=True
    )
    performance_value = models.DecimalField(
        _("nilai kinerja"), max_digits=6, decimal_places=2, null=True
    )
    potential_score = models.DecimalField(
        _("skor potensi"), max_digits=6, decimal_places=2, null=True
    )
    assessed_on = models.DateField(_("tanggal asesmen"), null=True)
    jpm = models.DecimalField(_("JPM (%)"), max_digits=6, decimal_places=2, null=True)
    potential_value = models.DecimalField(
        _("nilai potensial"), max_digits=6, decimal_places=2, null=True
    )
    performance = models.CharField(
        _("kinerja"), max_length=10, choices=PerformanceLevel.choices, blank=True
    )
    potential = models.CharField(
        _("potensial"), max_length=10, choices=PotentialLevel.choices, blank=True
    )
    computed_box = models.PositiveSmallIntegerField(_("kotak hasil hitung"), null=True)
    box = models.PositiveSmallIntegerField(_("kotak"), null=True)
    previous_box = models.PositiveSmallIntegerField(
        _("kotak tahun sebelumnya"),
        null=True,
        help_text=_("Kotak pegawai pada pemetaan tahun sebelumnya saat tahun ini dihitung."),
    )
    unmappable = models.CharField(
        _("alasan tidak terpetakan"), max_length=14, choices=Unmappable.choices, blank=True
    )

    class Meta:
        ordering = ["year", "employee_id"]
        verbose_name = _("penempatan talenta")
        verbose_name_plural = _("penempatan talenta")
        constraints = [
            models.UniqueConstraint(fields=["year", "employee"], name="talent_placement_unique")
        ]
        indexes = [
            # The map's one grouped read: an index-only scan on PostgreSQL.
            models.Index(
                fields=["year", "unit_path"],
                include=["box", "previous_box", "unmappable", "level"],
                name="talent_pl_year_path",
            ),
            models.Index(
                fields=["year", "box", "name", "employee"], name="talent_pl_year_box_name"
            ),
            models.Index(fields=["employee", "year"], name="talent_pl_employee"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}: {self.box or self.unmappable}"
