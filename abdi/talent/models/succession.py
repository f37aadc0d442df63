"""Critical positions and their succession plans: the successors named from the pool, their
readiness, and the development actions that close their gaps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.models import TimeStampedModel
from abdi.talent.choices import Readiness


class CriticalPosition(TimeStampedModel):
    """A position the agency flags as critical besides every JPT and Administrator post."""

    position = models.OneToOneField(
        "org.Position",
        verbose_name=_("jabatan"),
        on_delete=models.CASCADE,
        related_name="critical_flag",
    )
    reason = models.TextField(_("alasan ditetapkan kritikal"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ditetapkan oleh"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jabatan kritikal tambahan")
        verbose_name_plural = _("jabatan kritikal tambahan")

    def __str__(self) -> str:
        return str(self.position_id)


class Successor(TimeStampedModel):
    """An employee named in the succession plan of a position."""

    position = models.ForeignKey(
        "org.Position",
        verbose_name=_("jabatan kritikal"),
        on_delete=models.CASCADE,
        related_name="successors",
    )
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("calon suksesor"),
        on_delete=models.CASCADE,
        related_name="successions",
    )
    readiness = models.CharField(_("kesiapan"), max_length=14, choices=Readiness.choices)
    box = models.PositiveSmallIntegerField(_("kotak saat dinominasikan"), null=True)
    jpm = models.DecimalField(_("JPM thd. jabatan"), max_digits=6, decimal_places=2, null=True)
    outside_pool_reason = models.TextField(_("alasan di luar talent pool"), blank=True)
    note = models.TextField(_("catatan"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    ended_reason = models.TextField(_("alasan dikeluarkan"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dicatat oleh"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "readiness", "-jpm"]
        verbose_name = _("suksesor")
        verbose_name_plural = _("suksesor")
        constraints = [
            models.UniqueConstraint(
                fields=["position", "employee"],
                condition=models.Q(is_active=True),
                name="talent_successor_unique_active",
                violation_error_message=_("Pegawai ini sudah menjadi suksesor jabatan tersebut."),
            )
        ]
        indexes = [models.Index(fields=["position", "is_active", "readiness"])]

    def __str__(self) -> str:
        return f"{self.employee_id} → {self.position_id} ({self.readiness})"


class SuccessorAction(TimeStampedModel):
    """A development action for a successor: a competency to close, a catalogue programme."""

    successor = models.ForeignKey(
        Successor, verbose_name=_("suksesor"), on_delete=models.CASCADE, related_name="actions"
    )
    competency = models.ForeignKey(
        "competency.Competency",
        verbose_name=_("kompetensi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    programme = models.ForeignKey(
        "learning.Programme",
        verbose_name=_("program pelatihan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    plan_item = models.ForeignKey(
        "learning.DevelopmentPlanItem",
        verbose_name=_("butir rencana pengembangan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.CharField(_("uraian"), max_length=300)
    target_date = models.DateField(_("target"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dicatat oleh"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        ordering = ["target_date", "pk"]
        verbose_name = _("tindak pengembangan suksesor")
        verbose_name_plural = _("tindak pengembangan suksesor")

    def __str__(self) -> str:
        return self.description


class SuccessionAppointment(models.Model):
    """An appointment to a critical position, recorded against its succession plan: who was
    appointed, by which decree, and the plan entry (successor) it came from, if any. Written by
    the service careers calls when it appoints (talent never reads careers)."""

    position = models.ForeignKey(
        "org.Position",
        verbose_name=_("jabatan kritikal"),
        on_delete=models.CASCADE,
        related_name="succession_appointments",
    )
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai yang diangkat"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    successor = models.ForeignKey(
        Successor,
        verbose_name=_("dari rencana suksesi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
    )
    readiness = models.CharField(
        _("kesiapan saat diangkat"), max_length=14, choices=Readiness.choices, blank=True
    )
    decree_number = models.CharField(_("nomor SK"), max_length=100)
    effective_from = models.DateField(_("TMT"))
    source = models.CharField(_("dasar pengangkatan"), max_length=250, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dicatat oleh"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "employee", "decree_number"],
                name="talent_succession_appointment_once_per_decree",
                violation_error_message=_(
                    "Pengangkatan pegawai ini pada jabatan ini dengan nomor SK tersebut sudah "
                    "dicatat."
                ),
            )
        ]
        verbose_name = _("pengangkatan pada jabatan kritikal")
        verbose_name_plural = _("pengangkatan pada jabatan kritikal")

    def __str__(self) -> str:
        return f"{self.employee_id} → {self.position_id} ({self.effective_from})"
