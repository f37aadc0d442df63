"""Links from careers to the talent app: the talent-pool members invited to a selection."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PoolInvitation(models.Model):
    """A talent-pool member (box 7–9) invited to apply to a selection by BKPSDM."""

    selection = models.ForeignKey(
        "careers.Selection",
        verbose_name=_("seleksi"),
        on_delete=models.CASCADE,
        related_name="pool_invitations",
    )
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    talent_year = models.PositiveSmallIntegerField(_("tahun pemetaan talenta"))
    box = models.PositiveSmallIntegerField(_("kotak saat diundang"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diundang oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("diundang pada"), auto_now_add=True)

    class Meta:
        ordering = ["selection", "pk"]
        verbose_name = _("undangan talent pool")
        verbose_name_plural = _("undangan talent pool")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "employee"],
                name="careers_pool_invitation_unique",
                violation_error_message=_("Pegawai ini sudah diundang ke seleksi ini."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} → {self.selection_id}"
