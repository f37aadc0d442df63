"""Change projects (aksi perubahan) of leadership-training participants, their milestones and
the steps of their register."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.models import TimeStampedModel
from abdi.talent.choices import LeadershipTraining, MilestoneTerm, ProjectAction, ProjectState


class ChangeProject(TimeStampedModel):
    participant = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("peserta"),
        on_delete=models.PROTECT,
        related_name="change_projects",
    )
    training = models.CharField(_("pelatihan"), max_length=4, choices=LeadershipTraining.choices)
    cohort = models.CharField(_("angkatan"), max_length=100, blank=True)
    title = models.CharField(_("judul aksi perubahan"), max_length=250)
    summary = models.TextField(_("ringkasan"))
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    mentor = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("mentor (atasan)"),
        on_delete=models.PROTECT,
        related_name="mentored_projects",
    )
    coach = models.CharField(_("coach"), max_length=200)
    service = models.ForeignKey(
        "feedback.PublicService",
        verbose_name=_("layanan publik terkait"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("status"), max_length=10, choices=ProjectState.choices, default=ProjectState.DRAFT
    )
    started_on = models.DateField(_("mulai"), null=True, blank=True)
    completed_on = models.DateField(_("selesai"), null=True, blank=True)
    is_published = models.BooleanField(_("tampil di galeri publik"), default=False)
    public_summary = models.TextField(_("ringkasan untuk publik"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("aksi perubahan")
        verbose_name_plural = _("aksi perubahan")
        indexes = [models.Index(fields=["state", "is_published"])]

    def __str__(self) -> str:
        return self.title


class ChangeProjectStep(models.Model):
    project = models.ForeignKey(
        ChangeProject, verbose_name=_("aksi perubahan"), on_delete=models.CASCADE,
        related_name="steps",
    )  # fmt: skip
    action = models.CharField(_("tindakan"), max_length=12, choices=ProjectAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    at = models.DateTimeField(_("pada"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("langkah aksi perubahan")
        verbose_name_plural = _("langkah aksi perubahan")

    def __str__(self) -> str:
        return f"{self.project_id} {self.action}"


class Milestone(TimeStampedModel):
    project = models.ForeignKey(
        ChangeProject, verbose_name=_("aksi perubahan"), on_delete=models.CASCADE,
        related_name="milestones",
    )  # fmt: skip
    term = models.CharField(_("jangka"), max_length=6, choices=MilestoneTerm.choices)
    title = models.CharField(_("tonggak"), max_length=250)
    due_date = models.DateField(_("tenggat"))
    evidence = models.FileField(_("bukti"), upload_to="talent/milestones/%Y/%m/", blank=True)
    evidence_note = models.TextField(_("keterangan bukti"), blank=True)
    reported_at = models.DateTimeField(_("dilaporkan pada"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dikonfirmasi oleh"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    confirmed_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)
    reminded_on = models.DateField(_("terakhir diingatkan"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "due_date", "pk"]
        verbose_name = _("tonggak aksi perubahan")
        verbose_name_plural = _("tonggak aksi perubahan")
        indexes = [models.Index(fields=["confirmed_at", "due_date"])]

    def __str__(self) -> str:
        return self.title
