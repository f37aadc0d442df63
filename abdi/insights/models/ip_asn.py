"""IP ASN (Indeks Profesionalitas ASN): the points table and category bands as regulation data,
and the yearly score of every employee as a snapshot written by `services.ip_asn_compute`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.models import RegulationSourced
from abdi.insights.choices import IpAsnCategory, IpAsnDimension, PositionGroup


class IpAsnPoint(RegulationSourced):
    """One row of the points table (REGULATIONS §5). `criterion` names what earns the points:
    an education level code (qualification), `<position group>.<criterion>` (competency), a
    predikat (performance) or a sanction level, `none` for no sanction (discipline)."""

    dimension = models.CharField(_("dimensi"), max_length=16, choices=IpAsnDimension.choices)
    criterion = models.CharField(_("kriteria"), max_length=40)
    label = models.CharField(_("uraian"), max_length=200)
    points = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2)
    threshold = models.PositiveSmallIntegerField(
        _("ambang"),
        null=True,
        blank=True,
        help_text=_(
            "Pelatihan teknis: JP minimal dalam tahun itu. Seminar: jangka waktu dalam tahun."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["dimension", "-points", "criterion"]
        verbose_name = _("nilai IP ASN")
        verbose_name_plural = _("tabel nilai IP ASN")
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "criterion", "effective_from"],
                name="ip_asn_point_unique",
                violation_error_message=_("Kriteria ini sudah ada untuk tanggal tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()} — {self.label}: {self.points}"


class IpAsnBand(RegulationSourced):
    """A category: a total strictly above `above` (and not in a higher band) falls in it; the
    lowest band has no lower bound."""

    category = models.CharField(_("kategori"), max_length=16, choices=IpAsnCategory.choices)
    above = models.DecimalField(
        _("lebih dari"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from", "-above"]
        verbose_name = _("kategori IP ASN")
        verbose_name_plural = _("kategori IP ASN")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "effective_from"],
                name="ip_asn_band_unique",
                violation_error_message=_("Kategori ini sudah ada untuk tanggal tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} (> {self.above})"


class IpAsnScore(models.Model):
    """An employee's IP ASN of a year with the facts each point came from. Rewritten as a
    whole for a year by the computation; never edited by hand."""

    # A derived snapshot rewritten as a whole for a year (100,000 rows in one COPY): no
    # database FK constraints (their deferred per-row checks cost seconds at commit; the ids
    # come from the tables in the same transaction and Django still cascades deletes), and no
    # single-column indexes (the unique (employee, year) and the (year, org_unit) indexes
    # serve every lookup) — each index is maintained on every row written.
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="ip_asn_scores",
        db_index=False,
        db_constraint=False,
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    org_unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("unit kerja"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    position_group = models.CharField(
        _("kelompok jabatan"), max_length=12, choices=PositionGroup.choices
    )
    # The facts behind the points.
    education_code = models.CharField(_("pendidikan"), max_length=10, blank=True)
    jp = models.PositiveIntegerField(_("JP tahun ini"), default=0)
    leadership_training = models.BooleanField(_("pelatihan kepemimpinan sesuai"), default=False)
    functional_training = models.BooleanField(_("pelatihan fungsional"), default=False)
    seminar = models.BooleanField(_("seminar/lokakarya 2 tahun terakhir"), default=False)
    predikat = models.CharField(_("predikat"), max_length=20, blank=True)
    predikat_year = models.PositiveSmallIntegerField(_("tahun predikat"), null=True, blank=True)
    sanction = models.CharField(_("hukuman disiplin"), max_length=10, blank=True)
    # The points.
    qualification = models.DecimalField(_("kualifikasi"), max_digits=5, decimal_places=2)
    competency = models.DecimalField(_("kompetensi"), max_digits=5, decimal_places=2)
    performance = models.DecimalField(_("kinerja"), max_digits=5, decimal_places=2)
    discipline = models.DecimalField(_("disiplin"), max_digits=5, decimal_places=2)
    total = models.DecimalField(_("nilai IP ASN"), max_digits=5, decimal_places=2)
    category = models.CharField(_("kategori"), max_length=16, choices=IpAsnCategory.choices)
    computed_at = models.DateTimeField(_("dihitung pada"))

    class Meta:
        ordering = ["year", "total"]
        verbose_name = _("nilai IP ASN pegawai")
        verbose_name_plural = _("nilai IP ASN pegawai")
        constraints = [
            models.UniqueConstraint(fields=["employee", "year"], name="ip_asn_score_unique")
        ]
        indexes = [
            models.Index(fields=["year", "org_unit"]),
            models.Index(fields=["year", "total"]),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}: {self.total}"
