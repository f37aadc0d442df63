"""Mutations (Peraturan BKN 5/2019): an employee's transfer request with three approvals, and
BKPSDM's rotation plans of many moves applied together by decree."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from abdi.core.models import RegulationSourced, TimeStampedModel
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit, Position


class MutationParameter(RegulationSourced):
    """A number of the mutation rules (data, with its source and confidence)."""

    class Key(models.TextChoices):
        OTHER_AGENCY_MIN_YEARS = (
            "other_agency_min_years",
            _(
                "Masa kerja minimal sejak pengangkatan untuk pindah ke instansi lain atas permintaan sendiri (tahun)"
            ),
        )

    key = models.CharField(_("parameter"), max_length=40, choices=Key.choices)
    value = models.DecimalField(_("nilai"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["key", "-effective_from"]
        verbose_name = _("parameter mutasi")
        verbose_name_plural = _("parameter mutasi")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "effective_from"],
                name="mutation_parameter_unique",
                violation_error_message=_("Parameter ini sudah ada untuk tanggal tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {self.value}"


class TransferKind(models.TextChoices):
    WITHIN_AGENCY = "within", _("Pindah unit dalam instansi")
    OTHER_AGENCY = "other", _("Pindah ke instansi lain")


class TransferStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Menunggu persetujuan unit asal")
    HOME_APPROVED = "home_ok", _("Menunggu persetujuan unit tujuan")
    RECEIVING_APPROVED = "recv_ok", _("Menunggu persetujuan BKPSDM")
    APPROVED = "approved", _("Disetujui, menunggu SK")
    DECREED = "decreed", _("SK terbit")
    REJECTED = "rejected", _("Ditolak")
    WITHDRAWN = "withdrawn", _("Dibatalkan")

    @classmethod
    def open(cls) -> tuple[str, ...]:
        return (cls.SUBMITTED, cls.HOME_APPROVED, cls.RECEIVING_APPROVED, cls.APPROVED)


class TransferAction(models.TextChoices):
    SUBMIT = "submit", _("Diajukan")
    HOME_APPROVE = "home_ok", _("Disetujui unit asal")
    RECEIVING_APPROVE = "recv_ok", _("Disetujui unit tujuan")
    BKPSDM_APPROVE = "approve", _("Disetujui BKPSDM")
    DECREE = "decree", _("SK dicatat")
    REJECT = "reject", _("Ditolak")
    WITHDRAW = "withdraw", _("Dibatalkan pegawai")


class TransferRequest(TimeStampedModel):
    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=TransferKind.choices)
    home_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit asal"), on_delete=models.PROTECT, related_name="+"
    )
    destination_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit tujuan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    destination_position = models.ForeignKey(
        Position,
        verbose_name=_("jabatan tujuan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    destination_agency = models.CharField(_("instansi tujuan"), max_length=200, blank=True)
    reason = models.TextField(_("alasan"))
    document = models.FileField(_("dokumen pendukung"), upload_to="careers/transfers/%Y/%m/")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TransferStatus.choices,
        default=TransferStatus.SUBMITTED,
    )
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    decree_effective_from = models.DateField(_("TMT SK"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diajukan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("permohonan pindah")
        verbose_name_plural = _("permohonan pindah")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.employee} → {self.destination_unit or self.destination_agency}"

    @property
    def is_open(self) -> bool:
        return self.status in TransferStatus.open()


class TransferStep(models.Model):
    request = models.ForeignKey(
        TransferRequest,
        verbose_name=_("permohonan"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    action = models.CharField(_("tindakan"), max_length=10, choices=TransferAction.choices)
    status = models.CharField(_("status sesudahnya"), max_length=10, choices=TransferStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("langkah permohonan pindah")
        verbose_name_plural = _("langkah permohonan pindah")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d-%m-%Y %H:%M})"


class RotationPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SCHEDULED = "scheduled", _("Terjadwal, diterapkan pada TMT")
    APPLIED = "applied", _("Diterapkan")
    CANCELLED = "cancelled", _("Dibatalkan")


class RotationAction(models.TextChoices):
    CREATE = "create", _("Dibuat")
    CHECK = "check", _("Diperiksa")
    SCHEDULE = "schedule", _("Dijadwalkan")
    APPLY = "apply", _("Diterapkan")
    FAIL = "fail", _("Gagal diterapkan")
    CANCEL = "cancel", _("Dibatalkan")


class RotationPlan(TimeStampedModel):
    title = models.CharField(_("judul"), max_length=200)
    effective_from = models.DateField(_("TMT"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RotationPlanStatus.choices,
        default=RotationPlanStatus.DRAFT,
    )
    checked_at = models.DateTimeField(_("diperiksa pada"), null=True, blank=True)
    check_report = models.JSONField(_("hasil pemeriksaan"), default=dict, blank=True)
    applied_at = models.DateTimeField(_("diterapkan pada"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rencana rotasi")
        verbose_name_plural = _("rencana rotasi")

    def __str__(self) -> str:
        return self.title


class RotationMove(models.Model):
    plan = models.ForeignKey(
        RotationPlan, verbose_name=_("rencana"), on_delete=models.CASCADE, related_name="moves"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="+"
    )
    from_position = models.ForeignKey(
        Position,
        verbose_name=_("jabatan asal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_position = models.ForeignKey(
        Position, verbose_name=_("jabatan tujuan"), on_delete=models.PROTECT, related_name="+"
    )
    decree_number = models.CharField(_("nomor SK"), max_length=100)

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = _("perpindahan")
        verbose_name_plural = _("perpindahan")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "employee"],
                name="rotation_move_one_per_employee",
                violation_error_message=_("Pegawai ini sudah ada dalam rencana."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} → {self.target_position_id}"


class RotationPlanStep(models.Model):
    plan = models.ForeignKey(
        RotationPlan, verbose_name=_("rencana"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("tindakan"), max_length=10, choices=RotationAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("langkah rencana rotasi")
        verbose_name_plural = _("langkah rencana rotasi")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d-%m-%Y %H:%M})"
