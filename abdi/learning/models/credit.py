"""Credit: JP targets (regulation data), certificates, external certificates and the JP ledger."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.choices import EmployeeKind
from abdi.core.models import RegulationSourced, TimeStampedModel
from abdi.learning.choices import (
    ExternalCertificateStatus,
    JpSource,
)
from abdi.learning.models.catalogue import Programme
from abdi.learning.models.elearning import Enrolment
from abdi.learning.models.registration import Registration

USER = settings.AUTH_USER_MODEL


# --- JP targets (regulation data) ----------------------------------------------------------


class JpTarget(RegulationSourced):
    """The yearly JP of competency development an employee of a kind has a right to
    (PNS: at least 20 JP, PP 11/2017 art. 203; PPPK per the agency's data)."""

    employee_kind = models.CharField(_("jenis ASN"), max_length=4, choices=EmployeeKind.choices)
    target_jp = models.PositiveSmallIntegerField(_("target JP per tahun"))
    maximum_jp = models.PositiveSmallIntegerField(
        _("batas JP per tahun"),
        null=True,
        blank=True,
        help_text=_("Kosong bila tidak ada batas atas."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["employee_kind", "-effective_from"]
        verbose_name = _("target JP")
        verbose_name_plural = _("target JP")
        constraints = [
            models.UniqueConstraint(
                fields=["employee_kind", "effective_from"], name="jp_target_unique_kind_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_employee_kind_display()}: {self.target_jp} JP"


# --- certificates and the JP ledger ---------------------------------------------------------


def new_verification_code() -> str:
    """12 characters of an unambiguous alphabet (~60 bits): not guessable, easy to type."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Certificate(TimeStampedModel):
    """A certificate Abdi issues for a completed session or e-learning course."""

    code = models.CharField(
        _("kode verifikasi"), max_length=16, unique=True, default=new_verification_code
    )
    number = models.CharField(_("nomor sertifikat"), max_length=40, unique=True)
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("pendaftaran"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("peserta e-learning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.PROTECT, related_name="+"
    )
    # Snapshots: the certificate says what was true when it was issued.
    employee_name = models.CharField(_("nama pada sertifikat"), max_length=200)
    programme_title = models.CharField(_("program pada sertifikat"), max_length=250)
    jp = models.PositiveSmallIntegerField(_("JP"))
    completed_on = models.DateField(_("tanggal selesai"))
    issued_on = models.DateField(_("tanggal terbit"))
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        USER,
        verbose_name=_("dicabut oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoke_reason = models.TextField(_("alasan pencabutan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class ExternalCertificate(TimeStampedModel):
    """A certificate from outside Abdi the employee uploads; counts once verified."""

    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="external_certificates",
    )
    title = models.CharField(_("nama kegiatan"), max_length=250)
    provider = models.CharField(_("penyelenggara"), max_length=200)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    jp = models.PositiveSmallIntegerField(
        _("JP"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    file = models.FileField(_("berkas sertifikat"), upload_to="certificates/%Y/")
    content_type = models.CharField(_("jenis berkas"), max_length=60, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExternalCertificateStatus.choices,
        default=ExternalCertificateStatus.SUBMITTED,
    )
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("diverifikasi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    decision_note = models.TextField(_("catatan verifikasi"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-end_date", "-pk"]
        verbose_name = _("sertifikat eksternal")
        verbose_name_plural = _("sertifikat eksternal")

    def __str__(self) -> str:
        return self.title


class JpEntry(models.Model):
    """One line of the JP ledger: JP an employee earned, from exactly one source. Written by
    the services when a completion or a verification happens, removed when it is undone."""

    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="jp_entries",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    date = models.DateField(_("tanggal"))
    jp = models.PositiveSmallIntegerField(_("JP"))
    source = models.CharField(_("sumber"), max_length=10, choices=JpSource.choices)
    title = models.CharField(_("kegiatan"), max_length=250)
    registration = models.OneToOneField(
        Registration, null=True, blank=True, on_delete=models.CASCADE, related_name="jp_entry"
    )
    enrolment = models.OneToOneField(
        Enrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="jp_entry"
    )
    external = models.OneToOneField(
        ExternalCertificate,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jp_entry",
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("catatan JP")
        verbose_name_plural = _("buku JP")
        indexes = [models.Index(fields=["year", "employee"])]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.date}: {self.jp} JP"


class JpYearTotal(models.Model):
    """An employee's JP of one year: the sum of their ledger lines of that year, one row per
    (employee, year) that has lines. Kept by `services_credit.jp_totals_refresh` in the same
    transaction as every JpEntry write or removal, so that the JP dashboard joins one row per
    employee instead of aggregating the whole year's ledger on every page (60,000 staff)."""

    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="jp_year_totals",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    jp = models.PositiveIntegerField(_("JP"))

    class Meta:
        verbose_name = _("jumlah JP setahun")
        verbose_name_plural = _("jumlah JP setahun")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year"], name="learning_jpyeartotal_employee_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}: {self.jp} JP"
