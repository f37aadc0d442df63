"""Merit selection: the panel (pansel), its conflict declarations and scores, the track
record, the ranking and the appointment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.careers.models.selection.applications import Application
from abdi.careers.models.selection.reference import PanelRole
from abdi.careers.models.selection.setup import Selection, SelectionStage
from abdi.org.models import Position

USER = settings.AUTH_USER_MODEL


class PanelMember(models.Model):
    """A member of the selection panel (pansel). The user's scope as panel member is this
    selection only."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("seleksi"), on_delete=models.CASCADE, related_name="panel"
    )
    user = models.ForeignKey(
        USER, verbose_name=_("akun"), on_delete=models.PROTECT, related_name="panel_memberships"
    )
    name = models.CharField(_("nama"), max_length=150)
    institution = models.CharField(_("asal"), max_length=200, blank=True)
    is_internal = models.BooleanField(_("dari instansi sendiri"))
    role = models.CharField(
        _("kedudukan"), max_length=10, choices=PanelRole.choices, default=PanelRole.MEMBER
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["selection", "pk"]
        verbose_name = _("anggota panitia seleksi")
        verbose_name_plural = _("anggota panitia seleksi")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "user"],
                name="panel_member_unique",
                violation_error_message=_("Akun ini sudah menjadi anggota panitia seleksi ini."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ConflictDeclaration(models.Model):
    member = models.ForeignKey(
        PanelMember, verbose_name=_("anggota"), on_delete=models.CASCADE, related_name="conflicts"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("lamaran"), on_delete=models.CASCADE, related_name="conflicts"
    )
    reason = models.TextField(_("hubungan / alasan"))
    declared_at = models.DateTimeField(_("dinyatakan"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pernyataan konflik kepentingan")
        verbose_name_plural = _("pernyataan konflik kepentingan")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application"],
                name="conflict_unique",
                violation_error_message=_("Konflik kepentingan ini sudah dinyatakan."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.application}"


class Score(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("lamaran"), on_delete=models.CASCADE, related_name="scores"
    )
    stage = models.ForeignKey(
        SelectionStage, verbose_name=_("tahap"), on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey(
        PanelMember, verbose_name=_("anggota"), on_delete=models.PROTECT, related_name="scores"
    )
    value = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2)
    note = models.TextField(_("catatan"), blank=True)
    submitted_at = models.DateTimeField(_("dikirim"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "stage", "member"]
        verbose_name = _("nilai")
        verbose_name_plural = _("nilai")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage", "member"],
                name="score_one_per_member",
                violation_error_message=_("Anggota ini sudah memberi nilai untuk tahap ini."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} — {self.stage}: {self.value}"


class ScoreRevision(models.Model):
    """A submitted score changed: the old and new value, why, by whom, when."""

    score = models.ForeignKey(
        Score, verbose_name=_("nilai"), on_delete=models.CASCADE, related_name="revisions"
    )
    old_value = models.DecimalField(_("nilai lama"), max_digits=5, decimal_places=2)
    new_value = models.DecimalField(_("nilai baru"), max_digits=5, decimal_places=2)
    reason = models.TextField(_("alasan"))
    actor = models.ForeignKey(
        USER, verbose_name=_("oleh"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["score", "at", "pk"]
        verbose_name = _("perubahan nilai")
        verbose_name_plural = _("perubahan nilai")

    def __str__(self) -> str:
        return f"{self.score}: {self.old_value} → {self.new_value}"


class TrackRecord(models.Model):
    """The track-record score of an applicant: pre-filled from Abdi (predikat history, awards,
    discipline) with the facts used, adjustable by the panel with a reason."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("lamaran"),
        on_delete=models.CASCADE,
        related_name="track_record",
    )
    suggested = models.DecimalField(_("nilai dari data Abdi"), max_digits=5, decimal_places=2)
    facts = models.JSONField(_("data yang dipakai"), default=list)
    adjusted = models.DecimalField(
        _("nilai disesuaikan"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("alasan penyesuaian"), blank=True)
    adjusted_by = models.ForeignKey(
        USER,
        verbose_name=_("disesuaikan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rekam jejak pelamar")
        verbose_name_plural = _("rekam jejak pelamar")

    def __str__(self) -> str:
        return f"{self.application}: {self.value}"

    @property
    def value(self):
        return self.adjusted if self.adjusted is not None else self.suggested


class RankingEntry(models.Model):
    """The ranking frozen when the panel proposes the top three."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("seleksi"), on_delete=models.CASCADE, related_name="ranking"
    )
    application = models.OneToOneField(
        Application, verbose_name=_("lamaran"), on_delete=models.CASCADE, related_name="ranking"
    )
    rank = models.PositiveSmallIntegerField(_("peringkat"))
    total = models.DecimalField(_("nilai akhir"), max_digits=6, decimal_places=2)
    stage_scores = models.JSONField(_("nilai per tahap"), default=dict)
    proposed = models.BooleanField(_("diusulkan"), default=False)

    class Meta:
        ordering = ["selection", "rank"]
        verbose_name = _("peringkat")
        verbose_name_plural = _("peringkat")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "rank"],
                name="ranking_unique_rank",
                violation_error_message=_("Peringkat ini sudah terisi."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.application}"


class Appointment(models.Model):
    """The official (PPK) picks one of the top three; the position change follows by decree."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("seleksi"), on_delete=models.PROTECT, related_name="appointments"
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("lamaran"),
        on_delete=models.PROTECT,
        related_name="appointment",
    )
    position = models.ForeignKey(
        Position, verbose_name=_("jabatan"), on_delete=models.PROTECT, related_name="+"
    )
    decree_number = models.CharField(_("nomor SK"), max_length=100)
    effective_from = models.DateField(_("TMT"))
    decided_by = models.ForeignKey(
        USER, verbose_name=_("diputuskan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengangkatan hasil seleksi")
        verbose_name_plural = _("pengangkatan hasil seleksi")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "position"],
                name="appointment_one_per_post",
                violation_error_message=_("Jabatan ini sudah diisi dari seleksi ini."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} → {self.position}"
