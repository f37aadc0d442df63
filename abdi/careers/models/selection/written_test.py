"""The written test of an applicant from another agency (no Abdi account), taken as the
stage's Abdi quiz through a one-time link BKPSDM issues for that application only.

Only a hash of the link's secret is stored: the link is shown once to BKPSDM (and e-mailed when
the applicant has an address) and cannot be read back from the database. The sitting holds the
quiz engine's attempt state (the questions drawn, the answers, the times, the score), the same
shape as an employee's QuizAttempt, which needs an e-learning enrolment (an employee)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from abdi.careers.models.selection.applications import Application
from abdi.careers.models.selection.setup import SelectionStage

USER = settings.AUTH_USER_MODEL


class WrittenTestSitting(models.Model):
    application = models.OneToOneField(
        Application,
        verbose_name=_("lamaran"),
        on_delete=models.CASCADE,
        related_name="written_test",
    )
    stage = models.ForeignKey(
        SelectionStage,
        verbose_name=_("tahap"),
        on_delete=models.CASCADE,
        related_name="sittings",
    )
    token_hash = models.CharField(_("sidik tautan"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("tautan berlaku sampai"))
    issued_by = models.ForeignKey(
        USER, verbose_name=_("diterbitkan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("diterbitkan"))
    issue_count = models.PositiveSmallIntegerField(_("kali diterbitkan"), default=1)
    # The quiz engine's attempt: [{"question": id, "choices": [ids in the order shown]}].
    layout = models.JSONField(_("susunan soal"), default=list, blank=True)
    answers = models.JSONField(_("jawaban"), default=dict, blank=True)
    started_at = models.DateTimeField(_("dimulai"), null=True, blank=True)
    deadline = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("dikumpulkan"), null=True, blank=True)
    score = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("ujian tertulis pelamar luar")
        verbose_name_plural = _("ujian tertulis pelamar luar")

    def __str__(self) -> str:
        return f"{self.application} — {self.stage}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None
