"""Proposals of the career events that come due by the calendar: regular rank promotion (KP),
periodic salary increase (KGB), retirement at the age limit (BUP) and the long-service award
(Satyalancana Karya Satya). An OPD operator proposes a batch; BKPSDM verifies each proposal,
records the technical approval and then the decree; only then the employee's history changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from abdi.core.models import Rank, RegulationSourced, TimeStampedModel
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ProposalKind(models.TextChoices):
    KP = "kp", _("Kenaikan pangkat reguler")
    KGB = "kgb", _("Kenaikan gaji berkala")
    BUP = "bup", _("Pensiun batas usia")
    SATYALANCANA = "satyalancana", _("Satyalancana Karya Satya")

    @classmethod
    def needs_technical_approval(cls, kind: str) -> bool:
        """KP and retirement need BKN's technical approval (pertimbangan teknis) before the
        decree; KGB and the award are decided inside the region (REGULATIONS §10)."""
        return kind in (cls.KP, cls.BUP)


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Diusulkan")
    VERIFIED = "verified", _("Berkas terverifikasi")
    APPROVED = "approved", _("Pertimbangan teknis terbit")
    DECREED = "decreed", _("SK terbit")
    REFUSED = "refused", _("Ditolak")

    @classmethod
    def open(cls) -> tuple[str, ...]:
        return (cls.PROPOSED, cls.VERIFIED, cls.APPROVED)


class ProposalAction(models.TextChoices):
    PROPOSE = "propose", _("Diusulkan")
    VERIFY = "verify", _("Berkas diverifikasi")
    APPROVE = "approve", _("Pertimbangan teknis dicatat")
    DECREE = "decree", _("SK dicatat")
    REFUSE = "refuse", _("Ditolak")


# The documents BKPSDM checks per kind (retirement: the pension dossier). Item keys are stored
# in Proposal.checklist; the labels are what the verifier reads.
CHECKLISTS: dict[str, tuple[tuple[str, StrOrPromise], ...]] = {
    ProposalKind.KP: (
        ("sk_pangkat", _("SK pangkat terakhir")),
        ("skp_1", _("SKP / predikat kinerja tahun terakhir")),
        ("skp_2", _("SKP / predikat kinerja dua tahun terakhir")),
        ("no_sanction", _("Surat pernyataan tidak sedang dijatuhi hukuman disiplin")),
    ),
    ProposalKind.KGB: (
        ("sk_kgb", _("SK KGB atau SK pangkat terakhir")),
        ("skp_1", _("SKP / predikat kinerja tahun terakhir")),
    ),
    ProposalKind.BUP: (
        ("dpcp", _("Data perorangan calon penerima pensiun (DPCP)")),
        ("sk_cpns", _("SK CPNS")),
        ("sk_pns", _("SK PNS")),
        ("sk_pangkat", _("SK pangkat terakhir")),
        ("sk_jabatan", _("SK jabatan terakhir")),
        ("family", _("Daftar susunan keluarga dan kartu keluarga")),
        ("photo", _("Pas foto")),
        ("no_sanction", _("Surat pernyataan tidak pernah dijatuhi hukuman disiplin sedang/berat")),
    ),
    ProposalKind.SATYALANCANA: (
        ("sk_cpns", _("SK CPNS")),
        ("sk_pangkat", _("SK pangkat terakhir")),
        ("no_sanction", _("Surat pernyataan tidak pernah dijatuhi hukuman disiplin sedang/berat")),
        ("previous", _("Piagam Satyalancana sebelumnya (bila ada)")),
    ),
}


class ServiceAwardGrade(RegulationSourced):
    """A grade of the Satyalancana Karya Satya (PP 25/1994): years of continuous service, and
    whether the previous grade must have been received first."""

    years = models.PositiveSmallIntegerField(_("masa kerja (tahun)"))
    name = models.CharField(_("nama tanda kehormatan"), max_length=120)
    requires_previous = models.BooleanField(
        _("syarat pernah menerima tingkat sebelumnya"), default=True
    )

    class Meta:
        ordering = ["years", "-effective_from"]
        verbose_name = _("tingkat Satyalancana Karya Satya")
        verbose_name_plural = _("tingkat Satyalancana Karya Satya")
        constraints = [
            models.UniqueConstraint(
                fields=["years", "effective_from"],
                name="service_award_grade_unique",
                violation_error_message=_("Tingkat ini sudah ada untuk tanggal tersebut."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProposalBatch(TimeStampedModel):
    """One submission of an OPD: proposals of one kind for a period."""

    kind = models.CharField(_("jenis usulan"), max_length=20, choices=ProposalKind.choices)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit pengusul"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("periode dari"))
    period_end = models.DateField(_("periode sampai"))
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diusulkan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("berkas usulan")
        verbose_name_plural = _("berkas usulan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.org_unit} ({self.created_at:%d-%m-%Y})"


class Proposal(TimeStampedModel):
    batch = models.ForeignKey(
        ProposalBatch,
        verbose_name=_("berkas usulan"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("jenis usulan"), max_length=20, choices=ProposalKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
    )
    due_date = models.DateField(_("TMT yang diusulkan"))
    current_rank = models.ForeignKey(
        Rank,
        verbose_name=_("golongan sekarang"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_rank = models.ForeignKey(
        Rank,
        verbose_name=_("golongan yang diusulkan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    grade = models.ForeignKey(
        ServiceAwardGrade,
        verbose_name=_("tingkat Satyalancana"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checklist = models.JSONField(_("kelengkapan berkas"), default=dict, blank=True)
    technical_number = models.CharField(_("nomor pertimbangan teknis"), max_length=100, blank=True)
    technical_date = models.DateField(_("tanggal pertimbangan teknis"), null=True, blank=True)
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    decree_effective_from = models.DateField(_("TMT SK"), null=True, blank=True)
    basic_salary = models.PositiveIntegerField(_("gaji pokok baru (Rp)"), null=True, blank=True)
    refusal_reason = models.TextField(_("alasan penolakan"), blank=True)
    # A decreed retirement whose end of service failed on its day (retried daily until it
    # takes effect): since when, and why (the last reason; BKPSDM is notified once per reason).
    effect_failed_since = models.DateTimeField(_("gagal berlaku sejak"), null=True, blank=True)
    effect_failure = models.TextField(_("alasan gagal berlaku"), blank=True)

    class Meta:
        ordering = ["batch", "employee__name"]
        verbose_name = _("usulan")
        verbose_name_plural = _("usulan")
        indexes = [models.Index(fields=["status", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "kind"],
                condition=Q(status__in=["proposed", "verified", "approved"]),
                name="proposal_one_open_per_employee_kind",
                violation_error_message=_(
                    "Pegawai ini masih punya usulan yang sama yang belum selesai."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.employee}"

    @property
    def is_open(self) -> bool:
        return self.status in ProposalStatus.open()

    def checklist_items(self) -> list[tuple[str, StrOrPromise, bool]]:
        return [(k, label, bool(self.checklist.get(k))) for k, label in CHECKLISTS[self.kind]]


class ProposalStep(models.Model):
    """Every state change of a proposal, with who and when."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("usulan"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("tindakan"), max_length=10, choices=ProposalAction.choices)
    status = models.CharField(_("status sesudahnya"), max_length=10, choices=ProposalStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("langkah usulan")
        verbose_name_plural = _("langkah usulan")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d-%m-%Y %H:%M})"
