"""Development plans: a learner's planned development for a year, item by item."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from django.utils.formats import date_format

from abdi.core.models import TimeStampedModel
from abdi.learning.choices import (
    PlanItemKind,
    PlanItemSource,
    PlanItemStatus,
    PlanStatus,
)

USER = settings.AUTH_USER_MODEL


# --- development plans ----------------------------------------------------------------------


class DevelopmentPlan(TimeStampedModel):
    """An employee's yearly individual development plan (IDP), agreed with the supervisor."""

    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="development_plans",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    supervisor = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("atasan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Atasan saat rencana diajukan."),
    )
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    agreed_at = models.DateTimeField(_("disepakati pada"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        USER,
        verbose_name=_("disepakati oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_note = models.TextField(_("catatan pengembalian"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "employee__name"]
        verbose_name = _("rencana pengembangan individu")
        verbose_name_plural = _("rencana pengembangan individu")
        constraints = [
            models.UniqueConstraint(fields=["employee", "year"], name="development_plan_unique")
        ]

    def __str__(self) -> str:
        return f"IDP {self.employee_id} {self.year}"


class DevelopmentPlanItem(TimeStampedModel):
    plan = models.ForeignKey(
        DevelopmentPlan, verbose_name=_("rencana"), on_delete=models.CASCADE, related_name="items"
    )
    competency = models.ForeignKey(
        "competency.Competency",
        verbose_name=_("kompetensi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("bentuk"), max_length=12, choices=PlanItemKind.choices)
    programme = models.ForeignKey(
        "learning.Programme",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_items",
    )
    description = models.CharField(_("uraian"), max_length=300, blank=True)
    target_date = models.DateField(_("target selesai"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    source = models.CharField(
        _("asal usulan"),
        max_length=12,
        choices=PlanItemSource.choices,
        default=PlanItemSource.MANUAL,
    )
    gap = models.SmallIntegerField(_("kesenjangan saat diusulkan"), null=True, blank=True)
    history = HistoricalRecords()

    # Set on the items of the plan page by its view, for the page (not fields): the status
    # buttons (status, label, icon, style), and whether the item may be removed or edited.
    status_actions: list[tuple[str, StrOrPromise, str, str]]
    removable: bool
    editable: bool

    class Meta:
        ordering = ["plan", "target_date", "pk"]
        verbose_name = _("butir rencana pengembangan")
        verbose_name_plural = _("butir rencana pengembangan")

    def __str__(self) -> str:
        """What the item is about and when, in words: "Pelatihan: Pelayanan Prima (target 30
        September 2026)" — not "Pelatihan 2026-09-30" (issue 13)."""
        what = (
            (self.programme.title if self.programme is not None else "")
            or (self.competency.name if self.competency is not None else "")
            or self.description
        )
        label = f"{self.get_kind_display()}: {what}" if what else str(self.get_kind_display())
        if self.target_date:
            label += " (" + _("target %(date)s") % {"date": date_format(self.target_date)} + ")"
        return label
