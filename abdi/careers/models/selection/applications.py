"""Merit selection: the applicants (employees or registered by hand from another agency), their
documents, steps, eligibility overrides and objections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.careers.models.selection.reference import (
    ApplicationAction,
    ApplicationState,
    ObjectionStatus,
)
from abdi.careers.models.selection.setup import Selection, SelectionRequirement
from abdi.core.models import EducationLevel, Rank, TimeStampedModel
from abdi.employees.models import Employee

USER = settings.AUTH_USER_MODEL


class Application(TimeStampedModel):
    """An employee's application, or an external applicant registered by BKPSDM (the
    external_* fields are then the facts the eligibility engine reads)."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("seleksi"), on_delete=models.PROTECT, related_name="applications"
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("pegawai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="selection_applications",
    )
    external_name = models.CharField(_("nama (pelamar instansi lain)"), max_length=150, blank=True)
    external_nip = models.CharField(_("NIP (pelamar instansi lain)"), max_length=18, blank=True)
    external_agency = models.CharField(_("instansi asal"), max_length=200, blank=True)
    external_email = models.EmailField(_("surel (pelamar instansi lain)"), blank=True)
    external_position = models.CharField(_("jabatan sekarang"), max_length=200, blank=True)
    external_position_kind = models.CharField(
        _("jenis jabatan sekarang"), max_length=20, blank=True
    )
    external_position_since = models.DateField(_("TMT jabatan sekarang"), null=True, blank=True)
    external_birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    external_education = models.ForeignKey(
        EducationLevel,
        verbose_name=_("pendidikan terakhir"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    external_rank = models.ForeignKey(
        Rank,
        verbose_name=_("golongan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("status"),
        max_length=14,
        choices=ApplicationState.choices,
        default=ApplicationState.SUBMITTED,
    )
    admin_reason = models.TextField(_("alasan hasil administrasi"), blank=True)
    admin_decided_on = models.DateField(_("tanggal hasil administrasi"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, verbose_name=_("didaftarkan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["selection", "created_at", "pk"]
        verbose_name = _("lamaran seleksi")
        verbose_name_plural = _("lamaran seleksi")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "employee"],
                condition=Q(employee__isnull=False),
                name="application_one_per_employee",
                violation_error_message=_("Pegawai ini sudah melamar pada seleksi ini."),
            ),
            models.UniqueConstraint(
                fields=["selection", "external_nip"],
                condition=~Q(external_nip=""),
                name="application_one_per_external_nip",
                violation_error_message=_("Pelamar dengan NIP ini sudah terdaftar."),
            ),
            models.CheckConstraint(
                condition=Q(employee__isnull=False) | ~Q(external_name=""),
                name="application_has_applicant",
                violation_error_message=_("Lamaran harus atas nama pegawai atau pelamar luar."),
            ),
        ]

    def __str__(self) -> str:
        return self.applicant_name

    @property
    def is_external(self) -> bool:
        return self.employee_id is None

    @property
    def applicant_name(self) -> str:
        employee = self.employee
        return employee.full_name if employee is not None else self.external_name

    @property
    def applicant_nip(self) -> str:
        employee = self.employee
        return employee.nip if employee is not None else self.external_nip

    @property
    def is_active(self) -> bool:
        return self.state != ApplicationState.WITHDRAWN


class ApplicationStep(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("lamaran"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("langkah"), max_length=20, choices=ApplicationAction.choices)
    actor = models.ForeignKey(
        USER, verbose_name=_("oleh"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("langkah lamaran")
        verbose_name_plural = _("langkah lamaran")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d-%m-%Y %H:%M})"


class ApplicationDocument(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("lamaran"), on_delete=models.CASCADE, related_name="documents"
    )
    name = models.CharField(_("dokumen"), max_length=120)
    file = models.FileField(_("berkas"), upload_to="selections/%Y/%m/")
    content_type = models.CharField(_("jenis isi"), max_length=100)
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("dokumen lamaran")
        verbose_name_plural = _("dokumen lamaran")

    def __str__(self) -> str:
        return self.name


class EligibilityOverride(models.Model):
    """BKPSDM counts one requirement as met for one applicant, with a written reason."""

    application = models.ForeignKey(
        Application, verbose_name=_("lamaran"), on_delete=models.CASCADE, related_name="overrides"
    )
    requirement = models.ForeignKey(
        SelectionRequirement,
        verbose_name=_("syarat"),
        on_delete=models.CASCADE,
        related_name="overrides",
    )
    reason = models.TextField(_("alasan"))
    actor = models.ForeignKey(
        USER, verbose_name=_("dicatat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengecualian syarat")
        verbose_name_plural = _("pengecualian syarat")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "requirement"],
                name="eligibility_override_unique",
                violation_error_message=_("Syarat ini sudah dikecualikan untuk pelamar ini."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} — {self.requirement}"


class Objection(models.Model):
    """Sanggah: one per application, within the announcement's days after the result."""

    application = models.OneToOneField(
        Application, verbose_name=_("lamaran"), on_delete=models.CASCADE, related_name="objection"
    )
    reason = models.TextField(_("alasan sanggahan"))
    filed_by = models.ForeignKey(
        USER, verbose_name=_("diajukan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("diajukan"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decision_note = models.TextField(_("jawaban"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sanggahan")
        verbose_name_plural = _("sanggahan")

    def __str__(self) -> str:
        return f"{self.application} — {self.get_status_display()}"
