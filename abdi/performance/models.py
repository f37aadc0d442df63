"""The SKP cycle of Permen PANRB 6/2022: planning (SKP with cascaded work results and indicators,
behaviour expectations), execution (activities, realisations, feedback), periodic and annual
evaluation with predikat, calibration and objections. Regulation tables are data."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.choices import PositionKind, Predikat
from abdi.core.models import RegulationSourced, TimeStampedModel
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit, Position
from abdi.performance.choices import (
    Approach,
    Cadence,
    EvaluationStatus,
    IndicatorAspect,
    ObjectionStatus,
    OrgPredikat,
    PeriodKind,
    Rating,
    SKPAction,
    SKPStatus,
    WorkResultKind,
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
    from django.utils.formats import date_format
    from django.utils.translation import gettext

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
    from django.utils.translation import gettext_noop

    from abdi.core.notifications import Text

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


# ---------------------------------------------------------------- planning


class SKP(TimeStampedModel):
    """Sasaran Kinerja Pegawai for one year. A change after approval is a new version."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="skps"
    )
    performance_year = models.ForeignKey(
        PerformanceYear, verbose_name=_("tahun"), on_delete=models.PROTECT, related_name="skps"
    )
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    previous_version = models.OneToOneField(
        "self",
        verbose_name=_("versi sebelumnya"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SKPStatus.choices, default=SKPStatus.DRAFT
    )
    approach = models.CharField(
        _("pendekatan"), max_length=12, choices=Approach.choices, default=Approach.QUANTITATIVE
    )
    # Snapshots on the SKP date: the position tree decides, never a typed name.
    position = models.ForeignKey(
        Position, verbose_name=_("jabatan"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="+"
    )
    appraiser = models.ForeignKey(
        Employee,
        verbose_name=_("pejabat penilai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appraised_skps",
    )
    appraiser_superior = models.ForeignKey(
        Employee,
        verbose_name=_("atasan pejabat penilai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_performance_agreement = models.BooleanField(
        _("pimpinan tertinggi (dari perjanjian kinerja)"), default=False
    )
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disetujui oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-performance_year__year", "employee__name", "-version"]
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        indexes = [
            models.Index(fields=["appraiser", "status"]),
            models.Index(fields=["org_unit", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "performance_year", "version"],
                name="skp_unique_version",
                violation_error_message=_("Versi SKP ini sudah ada."),
            ),
            # One version in preparation at a time; the approved version stays current until the
            # next one is approved (then it becomes superseded).
            models.UniqueConstraint(
                fields=["employee", "performance_year"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="skp_one_open_version_per_year",
                violation_error_message=_("Masih ada versi SKP tahun ini yang belum disetujui."),
            ),
            models.UniqueConstraint(
                fields=["employee", "performance_year"],
                condition=Q(status="approved"),
                name="skp_one_approved_version_per_year",
                violation_error_message=_("Hanya satu versi SKP yang berlaku per tahun."),
            ),
        ]

    def __str__(self) -> str:
        return f"SKP {self.performance_year.year} v{self.version} — {self.employee.name}"


class SKPEvent(models.Model):
    """A workflow step of an SKP, with actor and time."""

    skp = models.ForeignKey(
        SKP, verbose_name=_("SKP"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("tindakan"), max_length=10, choices=SKPAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("riwayat SKP")
        verbose_name_plural = _("riwayat SKP")

    def __str__(self) -> str:
        return f"{self.skp_id} {self.action}"


class WorkResult(TimeStampedModel):
    """Rencana Hasil Kerja (RHK). A main RHK supports one RHK of the supervisor's approved SKP."""

    skp = models.ForeignKey(
        SKP, verbose_name=_("SKP"), on_delete=models.CASCADE, related_name="work_results"
    )
    kind = models.CharField(
        _("jenis"), max_length=10, choices=WorkResultKind.choices, default=WorkResultKind.MAIN
    )
    title = models.CharField(_("rencana hasil kerja"), max_length=500)
    supports = models.ForeignKey(
        "self",
        verbose_name=_("RHK atasan yang diintervensi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supported_by",
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["skp", "kind", "order", "pk"]
        verbose_name = _("rencana hasil kerja")
        verbose_name_plural = _("rencana hasil kerja")

    def __str__(self) -> str:
        return self.title


class Indicator(TimeStampedModel):
    """Indikator Kinerja Individu with its target."""

    work_result = models.ForeignKey(
        WorkResult, verbose_name=_("RHK"), on_delete=models.CASCADE, related_name="indicators"
    )
    aspect = models.CharField(_("aspek"), max_length=10, choices=IndicatorAspect.choices)
    description = models.CharField(_("indikator"), max_length=500)
    target_value = models.DecimalField(
        _("target (angka)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_unit = models.CharField(_("satuan"), max_length=60, blank=True)
    target_description = models.TextField(_("target (uraian hasil)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["work_result", "aspect", "pk"]
        verbose_name = _("indikator kinerja")
        verbose_name_plural = _("indikator kinerja")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_value__isnull=False) | ~Q(target_description=""),
                name="indicator_has_target",
                violation_error_message=_(
                    "Indikator wajib memiliki target (angka atau uraian hasil)."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.description


class BehaviourExpectation(TimeStampedModel):
    skp = models.ForeignKey(
        SKP, verbose_name=_("SKP"), on_delete=models.CASCADE, related_name="behaviour_expectations"
    )
    behaviour_value = models.ForeignKey(
        BehaviourValue,
        verbose_name=_("nilai BerAKHLAK"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    expectation = models.TextField(_("ekspektasi khusus pimpinan"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditulis oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["skp", "behaviour_value__order"]
        verbose_name = _("ekspektasi perilaku")
        verbose_name_plural = _("ekspektasi perilaku")
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "behaviour_value"], name="behaviour_expectation_unique"
            )
        ]


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


class UnitCompletionCount(models.Model):
    """The unit monitor's figures for one unit kerja (its own employees, not its subtree) in one
    period, precomputed: the monitor sums the rows of a subtree instead of joining every SKP,
    indicator and realisation of the agency. Derived data, never edited by hand: only
    `services_counts` writes it, in the transaction of each write that changes a figure (SKP
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
    data: only `services_counts` writes it, in the transaction of each write that sets or changes
    a predikat (evaluation, calibration, an upheld objection)."""

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
