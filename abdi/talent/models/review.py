"""Talent review: a committee meeting, the placements it reviewed, and its box adjustments.
An adjustment is never edited or deleted; it is undone only by another adjustment."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from abdi.core.models import TimeStampedModel
from abdi.talent.choices import PositionLevel

BOX_VALIDATORS = [MinValueValidator(1), MaxValueValidator(9)]


class TalentReview(TimeStampedModel):
    year = models.PositiveSmallIntegerField(_("tahun pemetaan"))
    title = models.CharField(_("nama rapat"), max_length=200)
    held_on = models.DateField(_("tanggal rapat"))
    org_unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("unit yang dikaji"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(
        _("tingkat jabatan yang dikaji"), max_length=14, choices=PositionLevel.choices, blank=True
    )
    members = models.ManyToManyField(
        "employees.Employee", verbose_name=_("anggota komite"), related_name="+"
    )
    other_members = models.TextField(_("anggota lain (di luar pegawai)"), blank=True)
    notes = models.TextField(_("catatan rapat"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dicatat oleh"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("rapat komite talenta")
        verbose_name_plural = _("rapat komite talenta")

    def __str__(self) -> str:
        return self.title


class ReviewedPlacement(models.Model):
    """A placement as the committee saw it."""

    review = models.ForeignKey(
        TalentReview, verbose_name=_("rapat"), on_delete=models.CASCADE, related_name="reviewed"
    )
    employee = models.ForeignKey(
        "employees.Employee", verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+"
    )
    box = models.PositiveSmallIntegerField(_("kotak saat dikaji"), null=True)

    class Meta:
        verbose_name = _("penempatan yang dikaji")
        verbose_name_plural = _("penempatan yang dikaji")
        constraints = [
            models.UniqueConstraint(fields=["review", "employee"], name="talent_reviewed_unique")
        ]

    def __str__(self) -> str:
        return f"{self.review_id}/{self.employee_id}: {self.box}"


class BoxAdjustment(models.Model):
    review = models.ForeignKey(
        TalentReview,
        verbose_name=_("rapat"),
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    year = models.PositiveSmallIntegerField(_("tahun pemetaan"))
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="talent_adjustments",
    )
    from_box = models.PositiveSmallIntegerField(_("dari kotak"), null=True)
    to_box = models.PositiveSmallIntegerField(_("ke kotak"), validators=BOX_VALIDATORS)
    reason = models.TextField(_("alasan"))
    reverses = models.ForeignKey(
        "self",
        verbose_name=_("membatalkan keputusan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dicatat oleh"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("penyesuaian kotak")
        verbose_name_plural = _("penyesuaian kotak")
        indexes = [models.Index(fields=["year", "employee"], name="talent_adj_year_emp")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="talent_adjustment_reason",
                violation_error_message=_("Alasan penyesuaian wajib diisi."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}: {self.from_box} → {self.to_box}"
