"""The training catalogue: providers, programmes with their competencies, and sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from abdi.competency.models import Competency

from abdi.core.models import TimeStampedModel
from abdi.learning.choices import (
    ProgrammeCategory,
    ProgrammeMode,
    ProviderKind,
    SessionApproval,
)

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


# --- catalogue ------------------------------------------------------------------------------


class Provider(TimeStampedModel):
    """Who runs a programme: BKPSDM itself, LAN, a partner university (with its agreement)."""

    name = models.CharField(_("nama penyelenggara"), max_length=200, unique=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=ProviderKind.choices)
    agreement_number = models.CharField(
        _("nomor perjanjian kerja sama"), max_length=100, blank=True
    )
    agreement_until = models.DateField(_("kerja sama berlaku sampai"), null=True, blank=True)
    contact = models.CharField(_("kontak"), max_length=200, blank=True)
    history = HistoricalRecords()

    # Set on the providers of the admin list by selectors.catalogue.providers_for_admin, for
    # the page (not fields).
    agreement_expired: bool
    agreement_days_left: int | None

    class Meta:
        ordering = ["name"]
        verbose_name = _("penyelenggara")
        verbose_name_plural = _("penyelenggara")

    def __str__(self) -> str:
        return self.name


class Programme(TimeStampedModel):
    code = models.CharField(_("kode"), max_length=40, unique=True)
    title = models.CharField(_("judul"), max_length=250)
    description = models.TextField(_("deskripsi"), blank=True)
    mode = models.CharField(_("moda"), max_length=10, choices=ProgrammeMode.choices)
    category = models.CharField(_("kategori"), max_length=12, choices=ProgrammeCategory.choices)
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("penyelenggara"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    jp = models.PositiveSmallIntegerField(_("JP"), validators=[MinValueValidator(1)])
    gives_certificate = models.BooleanField(_("bersertifikat"), default=True)
    # The price BKPSDM pays, in whole rupiah (optional): prices the training-needs analysis
    # (docs/decisions/0049): a session costs `cost_per_session` (trainers, room) plus
    # `cost_per_participant` for each seat (materials, meals, lodging).
    cost_per_session = models.PositiveBigIntegerField(
        _("biaya per sesi (Rp)"),
        null=True,
        blank=True,
        help_text=_("Biaya tetap satu angkatan: narasumber, tempat. Kosongkan bila belum ada."),
    )
    cost_per_participant = models.PositiveBigIntegerField(
        _("biaya per peserta (Rp)"),
        null=True,
        blank=True,
        help_text=_("Biaya tiap peserta: bahan, konsumsi, akomodasi. Kosongkan bila belum ada."),
    )
    competencies: models.ManyToManyField[Competency, ProgrammeCompetency] = models.ManyToManyField(
        "competency.Competency",
        through="ProgrammeCompetency",
        verbose_name=_("kompetensi"),
        related_name="programmes",
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    # Set on the programmes of a catalogue page by selectors.catalogue.decorate_catalogue_page,
    # for the page (not fields).
    next_session: TrainingSession | None
    next_session_seats_left: int | None
    closes_gap: bool

    class Meta:
        ordering = ["title"]
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("katalog pelatihan")

    def __str__(self) -> str:
        return self.title

    @property
    def is_priced(self) -> bool:
        return self.cost_per_session is not None or self.cost_per_participant is not None


class ProgrammeCompetency(models.Model):
    """A competency a programme addresses, and the level a completion leads to (if any)."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="competency_targets",
    )
    competency = models.ForeignKey(
        "competency.Competency",
        verbose_name=_("kompetensi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_level = models.PositiveSmallIntegerField(
        _("level yang dicapai"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )

    class Meta:
        verbose_name = _("kompetensi program")
        verbose_name_plural = _("kompetensi program")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "competency"], name="programme_competency_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.competency_id} → {self.target_level}"


class TrainingSession(TimeStampedModel):
    """One run (angkatan) of a programme, with its quota and registration window."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.PROTECT, related_name="sessions"
    )
    name = models.CharField(_("angkatan"), max_length=100)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    location = models.CharField(_("tempat"), max_length=200, blank=True)
    is_online = models.BooleanField(_("daring"), default=False)
    online_url = models.URLField(_("tautan daring"), blank=True)
    quota = models.PositiveIntegerField(_("kuota"), validators=[MinValueValidator(1)])
    registration_opens = models.DateField(_("pendaftaran dibuka"))
    registration_closes = models.DateField(_("pendaftaran ditutup"))
    contact = models.CharField(_("narahubung"), max_length=200, blank=True)
    approval = models.CharField(
        _("persetujuan"),
        max_length=20,
        choices=SessionApproval.choices,
        default=SessionApproval.SUPERVISOR_AND_BKPSDM,
    )
    # Eligibility: empty = everyone.
    eligible_employee_kinds = models.JSONField(_("jenis ASN yang boleh"), default=list, blank=True)
    eligible_position_kinds = models.JSONField(
        _("jenis jabatan yang boleh"), default=list, blank=True
    )
    eligible_units = models.ManyToManyField(
        "org.OrgUnit",
        verbose_name=_("unit yang boleh (beserta sub-unitnya)"),
        blank=True,
        related_name="+",
    )
    is_cancelled = models.BooleanField(_("dibatalkan"), default=False)
    history = HistoricalRecords()

    # Set on the sessions of a page by selectors.catalogue.decorate_sessions, for the page (not
    # fields).
    state: str
    state_label: StrOrPromise
    badge: str
    taken: int
    seats_left: int
    waitlisted: int

    class Meta:
        ordering = ["-start_date", "programme__title"]
        verbose_name = _("sesi pelatihan")
        verbose_name_plural = _("sesi pelatihan")
        indexes = [models.Index(fields=["registration_opens", "registration_closes"])]

    def __str__(self) -> str:
        return f"{self.programme} — {self.name}"
