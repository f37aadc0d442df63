"""The competency dictionary, position standards, assessments and their reference tables
(Permen PANRB 38/2017). Rules in rules.py; see docs/decisions/0012-competency.md."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.competency.choices import AssessmentMethod, CompetencyKind
from abdi.core.choices import PositionKind
from abdi.core.models import RegulationSourced, TimeStampedModel

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Competency(TimeStampedModel):
    code = models.CharField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama kompetensi"), max_length=150, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=CompetencyKind.choices)
    description = models.TextField(_("definisi"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "order", "name"]
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kamus kompetensi")

    def __str__(self) -> str:
        return self.name


class CompetencyLevel(models.Model):
    competency = models.ForeignKey(
        Competency, verbose_name=_("kompetensi"), on_delete=models.CASCADE, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)
    descriptor = models.TextField(_("deskripsi level"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["competency", "level"]
        verbose_name = _("level kompetensi")
        verbose_name_plural = _("level kompetensi")
        constraints = [
            models.UniqueConstraint(fields=["competency", "level"], name="competency_level_unique")
        ]

    def __str__(self) -> str:
        return f"{self.competency} {self.level}"


class DefaultRequiredLevel(RegulationSourced):
    """The level a position of a kind requires of every managerial and socio-cultural
    competency when the position has no standard of its own."""

    position_kind = models.CharField(
        _("jenis jabatan"), max_length=20, choices=PositionKind.choices
    )
    level = models.PositiveSmallIntegerField(_("level standar"), validators=LEVEL_VALIDATORS)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position_kind", "-effective_from"]
        verbose_name = _("standar level bawaan per jenis jabatan")
        verbose_name_plural = _("standar level bawaan per jenis jabatan")
        constraints = [
            models.UniqueConstraint(
                fields=["position_kind", "effective_from"], name="default_level_unique_kind_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_position_kind_display()}: {self.level}"


class JpmBand(RegulationSourced):
    """A Job Person Match band: the band applies from `min_jpm` (inclusive) up to the next."""

    name = models.CharField(_("kategori"), max_length=60)
    min_jpm = models.DecimalField(_("JPM minimal (%)"), max_digits=5, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-min_jpm"]
        verbose_name = _("kategori JPM")
        verbose_name_plural = _("kategori JPM")

    def __str__(self) -> str:
        return f"{self.name} (≥ {self.min_jpm})"


class PositionStandard(TimeStampedModel):
    position = models.ForeignKey(
        "org.Position",
        verbose_name=_("jabatan"),
        on_delete=models.CASCADE,
        related_name="competency_standards",
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("kompetensi"), on_delete=models.PROTECT, related_name="+"
    )
    required_level = models.PositiveSmallIntegerField(
        _("level standar"), validators=LEVEL_VALIDATORS
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standar kompetensi jabatan")
        verbose_name_plural = _("standar kompetensi jabatan")
        constraints = [
            models.UniqueConstraint(
                fields=["position", "competency"], name="position_standard_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position_id}/{self.competency_id}: {self.required_level}"


class Assessment(TimeStampedModel):
    """One assessment event of an employee; never overwritten (the history stays)."""

    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="competency_assessments",
    )
    date = models.DateField(_("tanggal asesmen"))
    method = models.CharField(_("metode"), max_length=20, choices=AssessmentMethod.choices)
    assessor = models.CharField(_("asesor / lembaga"), max_length=200)
    potential_score = models.DecimalField(
        _("skor potensi"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("hasil asesmen kompetensi")
        verbose_name_plural = _("hasil asesmen kompetensi")
        indexes = [models.Index(fields=["employee", "-date"])]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.date} {self.method}"


class AssessmentResult(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("asesmen"), on_delete=models.CASCADE, related_name="results"
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("kompetensi"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)

    class Meta:
        verbose_name = _("level hasil asesmen")
        verbose_name_plural = _("level hasil asesmen")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "competency"], name="assessment_result_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency_id}: {self.level}"


class CurrentLevel(models.Model):
    """Each employee's current level per competency: the result of the latest assessment that
    assessed it (by date, then by assessment id). Derived data, never edited by hand: one
    function, services.refresh_current_levels, rewrites an employee's rows inside the
    transaction of every writer of AssessmentResult, so that reads (gap page, heat-map, TNA)
    join one row per (employee, competency) instead of ranking the whole assessment history."""

    # The unique constraint's index leads with employee: a separate FK index would be redundant.
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="current_competency_levels",
        db_index=False,
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("kompetensi"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("asesmen"), on_delete=models.CASCADE, related_name="+"
    )
    assessed_on = models.DateField(_("tanggal asesmen"))

    class Meta:
        verbose_name = _("level kompetensi terkini")
        verbose_name_plural = _("level kompetensi terkini")
        constraints = [
            models.UniqueConstraint(fields=["employee", "competency"], name="current_level_unique")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}/{self.competency_id}: {self.level}"


class UnitRequirementCount(models.Model):
    """The heat-map's counts for one unit kerja and its whole subtree (ADR 0066), kept
    by the worker: per (competency, required level) how many staff the standard requires and
    how many are at or above it; the row without a competency carries the unit's staff count.
    Derived data, never edited by hand: only services.requirement_counts_rebuild writes it,
    in the worker, after every change that the heat-map's inputs see (see
    docs/decisions/0044-precomputed-unit-counts.md). A heat-map reads its unit's rows and its
    direct sub-units' rows; the unit's own staff are the difference."""

    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("unit kerja"), on_delete=models.CASCADE, related_name="+"
    )
    competency = models.ForeignKey(
        Competency,
        verbose_name=_("kompetensi"),
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    required_level = models.PositiveSmallIntegerField(_("level standar"), null=True)
    staff_required = models.PositiveIntegerField(_("pegawai yang dipersyaratkan"), default=0)
    staff_met = models.PositiveIntegerField(_("pegawai memenuhi standar"), default=0)
    computed_at = models.DateTimeField(_("dihitung pada"))

    class Meta:
        verbose_name = _("rekap standar kompetensi unit")
        verbose_name_plural = _("rekap standar kompetensi unit")

    def __str__(self) -> str:
        return f"{self.org_unit_id}/{self.competency_id}/{self.required_level}"
