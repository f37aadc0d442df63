"""Registrations for a session with their steps, attendance and the reaction survey."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.models import TimeStampedModel
from abdi.learning.choices import (
    LIVE_REGISTRATION,
    RegistrationAction,
    RegistrationStatus,
)
from abdi.learning.models.catalogue import TrainingSession
from abdi.learning.models.plans import DevelopmentPlanItem

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
USER = settings.AUTH_USER_MODEL


class Registration(TimeStampedModel):
    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("sesi"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="training_registrations",
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    nominated_by = models.ForeignKey(
        USER,
        verbose_name=_("diusulkan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    motivation = models.TextField(_("alasan mengikuti"), blank=True)
    plan_item = models.ForeignKey(
        DevelopmentPlanItem,
        verbose_name=_("butir rencana pengembangan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    waitlisted_at = models.DateTimeField(_("masuk daftar tunggu"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)
    score = models.DecimalField(
        _("nilai akhir"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    pre_test_score = models.DecimalField(
        _("nilai pre-test"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    post_test_score = models.DecimalField(
        _("nilai post-test"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    completion_confirmed_by = models.ForeignKey(
        USER,
        verbose_name=_("penyelesaian dikonfirmasi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completion_confirmed_at = models.DateTimeField(
        _("penyelesaian dikonfirmasi pada"), null=True, blank=True
    )
    raised_assessment = models.ForeignKey(
        "competency.Assessment",
        verbose_name=_("kenaikan level kompetensi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    # Set on the registrations of the approval queue and the roster by selectors.registration,
    # for the page (not fields).
    last_step: RegistrationStep | None
    marks: list[bool | None]
    days_present: int

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pendaftaran pelatihan")
        verbose_name_plural = _("pendaftaran pelatihan")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "employee"],
                condition=Q(status__in=[s.value for s in LIVE_REGISTRATION]),
                name="registration_one_live_per_session",
            )
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["employee", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} @ {self.session_id}: {self.status}"


class RegistrationStep(models.Model):
    """Who did what to a registration, and when (the trail; never edited)."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("pendaftaran"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    action = models.CharField(_("langkah"), max_length=24, choices=RegistrationAction.choices)
    actor = models.ForeignKey(
        USER,
        verbose_name=_("oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("langkah pendaftaran")
        verbose_name_plural = _("langkah pendaftaran")

    def __str__(self) -> str:
        return f"{self.registration_id} {self.action}"


class Attendance(models.Model):
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("pendaftaran"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    date = models.DateField(_("tanggal"))
    present = models.BooleanField(_("hadir"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(fields=["registration", "date"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.date}: {self.present}"


class ReactionSurvey(models.Model):
    """The participant's reaction (Kirkpatrick level 1), one per registration, 1–5 each."""

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("pendaftaran"),
        on_delete=models.CASCADE,
        related_name="reaction",
    )
    content = models.PositiveSmallIntegerField(_("materi"), validators=LEVEL_VALIDATORS)
    facilitator = models.PositiveSmallIntegerField(_("fasilitator"), validators=LEVEL_VALIDATORS)
    organisation = models.PositiveSmallIntegerField(
        _("penyelenggaraan"), validators=LEVEL_VALIDATORS
    )
    usefulness = models.PositiveSmallIntegerField(
        _("manfaat bagi pekerjaan"), validators=LEVEL_VALIDATORS
    )
    comment = models.TextField(_("saran"), blank=True)
    submitted_at = models.DateTimeField(_("diisi pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("survei reaksi")
        verbose_name_plural = _("survei reaksi")

    def __str__(self) -> str:
        return f"{self.registration_id}"
