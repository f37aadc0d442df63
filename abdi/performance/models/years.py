"""The performance year, its periods (monthly, quarterly, semester, annual) and a unit's
organisational predikat per period."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.models import TimeStampedModel
from abdi.core.notifications import Text
from abdi.org.models import OrgUnit
from abdi.performance.choices import (
    Cadence,
    OrgPredikat,
    PeriodKind,
)

# ---------------------------------------------------------------- the year and its periods


class PerformanceYear(TimeStampedModel):
    year = models.PositiveSmallIntegerField(
        _("tahun"), unique=True, validators=[MinValueValidator(2022)]
    )
    cadence = models.CharField(_("periode penilaian"), max_length=10, choices=Cadence.choices)
    skp_deadline = models.DateField(_("batas penetapan SKP"))
    realisation_days_after_period = models.PositiveSmallIntegerField(
        _("batas pengisian realisasi (hari setelah periode berakhir)"), default=10
    )
    evaluation_days_after_period = models.PositiveSmallIntegerField(
        _("batas penilaian (hari setelah periode berakhir)"), default=20
    )
    objection_days = models.PositiveSmallIntegerField(
        _("batas keberatan (hari setelah rilis)"), default=14
    )
    is_open = models.BooleanField(_("terbuka"), default=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuka oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("tahun kinerja")
        verbose_name_plural = _("tahun kinerja")

    def __str__(self) -> str:
        return str(self.year)


ROMAN = ("I", "II", "III", "IV")


def period_label(kind: str, start, end) -> str:
    if kind == PeriodKind.QUARTER:
        return gettext("Triwulan %(n)s %(year)s") % {
            "n": ROMAN[(start.month - 1) // 3],
            "year": start.year,
        }
    if kind == PeriodKind.SEMESTER:
        return gettext("Semester %(n)s %(year)s") % {
            "n": ROMAN[(start.month - 1) // 6],
            "year": start.year,
        }
    if kind == PeriodKind.MONTH:
        return date_format(start, "F Y")
    return gettext("Tahun %(year)s") % {"year": end.year}


def period_label_text(kind: str, start, end):
    if kind == PeriodKind.QUARTER:
        n = ROMAN[(start.month - 1) // 3]
        return Text(gettext_noop("Triwulan %(n)s %(year)s"), {"n": n, "year": start.year})
    if kind == PeriodKind.SEMESTER:
        n = ROMAN[(start.month - 1) // 6]
        return Text(gettext_noop("Semester %(n)s %(year)s"), {"n": n, "year": start.year})
    if kind == PeriodKind.MONTH:
        return period_label(kind, start, end)
    return Text(gettext_noop("Tahun %(year)s"), {"year": end.year})


class PerformancePeriod(models.Model):
    performance_year = models.ForeignKey(
        PerformanceYear, verbose_name=_("tahun"), on_delete=models.CASCADE, related_name="periods"
    )
    code = models.CharField(
        _("kode"), max_length=10, unique=True, help_text="2026-Q1, 2026-03, 2026-S1, 2026"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=PeriodKind.choices)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    realisation_due = models.DateField(_("batas realisasi"))
    evaluation_due = models.DateField(_("batas penilaian"))
    is_closed = models.BooleanField(_("ditutup"), default=False)

    class Meta:
        ordering = ["start", "kind"]
        verbose_name = _("periode kinerja")
        verbose_name_plural = _("periode kinerja")

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        """The period in people's words: "Triwulan III 2026", "Semester I 2026", "Maret 2026",
        "Tahun 2026" — never the code "2026-Q3" (issue 13)."""
        return period_label(self.kind, self.start, self.end)

    @property
    def label_text(self):
        """The label as a notification parameter, translated when read (core.notifications)."""
        return period_label_text(self.kind, self.start, self.end)


class OrgUnitPredikat(TimeStampedModel):
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit kerja"),
        on_delete=models.PROTECT,
        related_name="org_predikats",
    )
    period = models.ForeignKey(
        PerformancePeriod,
        verbose_name=_("periode"),
        on_delete=models.CASCADE,
        related_name="org_predikats",
    )
    predikat = models.CharField(_("predikat unit"), max_length=20, choices=OrgPredikat.choices)
    basis = models.TextField(_("dasar penetapan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("predikat kinerja unit")
        verbose_name_plural = _("predikat kinerja unit")
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "period"],
                name="org_unit_predikat_unique",
                violation_error_message=_("Predikat unit untuk periode ini sudah dicatat."),
            )
        ]
