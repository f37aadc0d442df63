"""A standard report exported by the worker (large XLSX files), with its progress and file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from abdi.insights.choices import ReportKind, RunStatus


class ReportExport(models.Model):
    kind = models.CharField(_("laporan"), max_length=12, choices=ReportKind.choices)
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("unit kerja"), on_delete=models.CASCADE, related_name="+"
    )
    columns = models.JSONField(_("kolom"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    processed_rows = models.PositiveIntegerField(_("baris selesai"), default=0)
    file = models.FileField(_("berkas"), upload_to="reports/%Y/%m/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    error = models.TextField(_("kesalahan"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ekspor laporan")
        verbose_name_plural = _("ekspor laporan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.org_unit_id} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        return int(self.processed_rows * 100 / self.total_rows) if self.total_rows else 0
