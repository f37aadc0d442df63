"""A record of each snapshot computation, so pages can say when their figures were computed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from abdi.insights.choices import RunKind, RunStatus


class SnapshotRun(models.Model):
    kind = models.CharField(_("jenis"), max_length=12, choices=RunKind.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    error = models.TextField(_("kesalahan"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("perhitungan snapshot")
        verbose_name_plural = _("perhitungan snapshot")
        indexes = [models.Index(fields=["kind", "year", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}: {self.get_status_display()}"
