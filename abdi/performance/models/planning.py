"""SKP planning: the SKP and its event log, cascaded work results (RHK), indicators, and the
appraiser's behaviour expectations."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.models import TimeStampedModel
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit, Position
from abdi.performance.choices import (
    Approach,
    IndicatorAspect,
    SKPAction,
    SKPStatus,
    WorkResultKind,
)
from abdi.performance.models.reference import BehaviourValue
from abdi.performance.models.years import PerformanceYear

if TYPE_CHECKING:
    from abdi.performance.models.execution import Realisation

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

    @property
    def version_label(self) -> str:
        """The version in people's words ("Versi 2"), only where a revision exists: nothing for
        a first version that nobody replaced (issue 13: "v1" is an internal code)."""
        if self.version == 1 and self.status != SKPStatus.SUPERSEDED:
            return ""
        return str(_("Versi %(n)s") % {"n": self.version})


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

    # Set on the indicators of the evaluation document by
    # documents.evaluation_document_context, for the page (not a field).
    realisation: "Realisation | None"

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
