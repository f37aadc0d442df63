"""The leadership dashboard's figures, one snapshot per unit subtree and year, written by
`services.dashboard.dashboard_refresh` in the worker so the page reads one row at any size."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DashboardSnapshot(models.Model):
    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("unit kerja"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    computed_at = models.DateTimeField(_("dihitung pada"))
    # The figures of the unit and everything below it (see services/dashboard.py for the keys).
    data = models.JSONField(_("angka"), default=dict)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("snapshot dasbor pimpinan")
        verbose_name_plural = _("snapshot dasbor pimpinan")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="dashboard_snapshot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}"
