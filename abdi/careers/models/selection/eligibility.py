"""The eligibility of every active employee for a selection, evaluated in the worker and
stored: BKPSDM sees how many (and who) meet the requirements without judging 100,000 records
in a request. One row per employee and selection; a run row says when and how far."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from abdi.careers.models.selection.setup import Selection
from abdi.employees.models import Employee


class EligibilityRunStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu giliran")
    RUNNING = "running", _("Sedang dihitung")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class EligibilityRun(models.Model):
    selection = models.OneToOneField(
        Selection,
        verbose_name=_("seleksi"),
        on_delete=models.CASCADE,
        related_name="eligibility_run",
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=EligibilityRunStatus.choices,
        default=EligibilityRunStatus.QUEUED,
    )
    queued_at = models.DateTimeField(_("diminta"))
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    evaluated = models.PositiveIntegerField(_("pegawai dinilai"), default=0)
    eligible = models.PositiveIntegerField(_("memenuhi syarat"), default=0)

    class Meta:
        verbose_name = _("perhitungan kelayakan seleksi")
        verbose_name_plural = _("perhitungan kelayakan seleksi")

    def __str__(self) -> str:
        return f"{self.selection} — {self.get_status_display()}"


class EligibilityResult(models.Model):
    selection = models.ForeignKey(
        Selection,
        verbose_name=_("seleksi"),
        on_delete=models.CASCADE,
        related_name="eligibility_results",
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+"
    )
    eligible = models.BooleanField(_("memenuhi syarat"))
    failed = models.JSONField(_("syarat yang tidak terpenuhi"), default=list, blank=True)
    evaluated_at = models.DateTimeField(_("dinilai"))

    class Meta:
        verbose_name = _("hasil kelayakan seleksi")
        verbose_name_plural = _("hasil kelayakan seleksi")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "employee"], name="eligibility_result_unique"
            )
        ]
        indexes = [
            models.Index(fields=["selection", "eligible"]),
            models.Index(fields=["employee", "eligible"]),
        ]

    def __str__(self) -> str:
        return f"{self.selection} — {self.employee_id}: {self.eligible}"
