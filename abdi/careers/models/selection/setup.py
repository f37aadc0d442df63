"""Merit selection: the selection itself, its requirements and its stages. See
docs/decisions/0014-careers-selection.md."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.careers.models.selection.reference import (
    RuleKind,
    SelectionAction,
    SelectionKind,
    SelectionState,
    StageKind,
)
from abdi.core.models import TimeStampedModel
from abdi.org.models import Position

USER = settings.AUTH_USER_MODEL


class Selection(TimeStampedModel):
    title = models.CharField(_("judul"), max_length=200)
    kind = models.CharField(_("jenis seleksi"), max_length=20, choices=SelectionKind.choices)
    positions = models.ManyToManyField(
        Position, verbose_name=_("jabatan yang diisi"), related_name="selections"
    )
    announcement = models.TextField(_("teks pengumuman"), blank=True)
    opens_on = models.DateField(_("pendaftaran dibuka"))
    closes_on = models.DateField(_("pendaftaran ditutup"))
    objection_days = models.PositiveSmallIntegerField(
        _("masa sanggah (hari kalender)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    required_documents = models.JSONField(_("dokumen yang diminta"), default=list, blank=True)
    state = models.CharField(
        _("status"), max_length=12, choices=SelectionState.choices, default=SelectionState.DRAFT
    )
    current_stage = models.ForeignKey(
        "careers.SelectionStage",
        verbose_name=_("tahap berjalan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    results_announced_on = models.DateField(_("hasil diumumkan"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("dibuat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["current_stage"])

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("seleksi jabatan")
        verbose_name_plural = _("seleksi jabatan")
        indexes = [models.Index(fields=["state", "closes_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="selection_dates_ordered",
                violation_error_message=_("Tanggal penutupan tidak boleh sebelum pembukaan."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class SelectionStep(models.Model):
    selection = models.ForeignKey(
        Selection, verbose_name=_("seleksi"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("langkah"), max_length=12, choices=SelectionAction.choices)
    actor = models.ForeignKey(
        USER, verbose_name=_("oleh"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("langkah seleksi")
        verbose_name_plural = _("langkah seleksi")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d-%m-%Y %H:%M})"


class SelectionRequirement(models.Model):
    selection = models.ForeignKey(
        Selection, verbose_name=_("seleksi"), on_delete=models.CASCADE, related_name="requirements"
    )
    rule = models.CharField(_("syarat"), max_length=24, choices=RuleKind.choices)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["selection", "pk"]
        verbose_name = _("syarat seleksi")
        verbose_name_plural = _("syarat seleksi")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "rule"],
                name="selection_requirement_unique",
                violation_error_message=_("Syarat ini sudah ada pada seleksi."),
            )
        ]

    def __str__(self) -> str:
        return self.get_rule_display()


class SelectionStage(models.Model):
    selection = models.ForeignKey(
        Selection, verbose_name=_("seleksi"), on_delete=models.CASCADE, related_name="stages"
    )
    kind = models.CharField(_("tahap"), max_length=24, choices=StageKind.choices)
    order = models.PositiveSmallIntegerField(_("urutan"))
    weight = models.PositiveSmallIntegerField(
        _("bobot (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    max_score = models.PositiveSmallIntegerField(_("nilai maksimum"), default=100)
    # When the stage runs (a quiz-linked written test opens and closes on these).
    starts_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    ends_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    # The written test taken as an Abdi e-learning quiz: the stage score is the applicant's
    # first quiz attempt inside the stage's window (started_at..ends_at).
    quiz = models.ForeignKey(
        "learning.Quiz",
        verbose_name=_("kuis Abdi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["selection", "order"]
        verbose_name = _("tahap seleksi")
        verbose_name_plural = _("tahap seleksi")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "kind"],
                name="selection_stage_unique",
                violation_error_message=_("Tahap ini sudah ada pada seleksi."),
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="selection_stage_window_ordered",
                violation_error_message=_("Waktu selesai tahap harus sesudah waktu mulainya."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def has_window(self) -> bool:
        return self.starts_at is not None and self.ends_at is not None

    def is_open_at(self, moment) -> bool:
        """Inside the stage's window (start inclusive, end exclusive)."""
        return self.has_window and self.starts_at <= moment < self.ends_at

    @property
    def is_scored(self) -> bool:
        return self.kind != StageKind.ADMINISTRATIVE

    @property
    def is_panel_scored(self) -> bool:
        """Scored by every panel member (a written test taken as a quiz is scored by Abdi)."""
        if self.quiz_id is not None:
            return False
        return self.kind in (
            StageKind.WRITTEN_TEST,
            StageKind.COMPETENCY_ASSESSMENT,
            StageKind.INTERVIEW,
        )
