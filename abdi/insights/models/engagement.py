"""The anonymous internal engagement survey (the 25 % engagement share of the merit index).

Anonymity is structural: `EngagementParticipation` records that an employee took part in a
year's survey (one row each, so nobody answers twice) and holds no answer; `EngagementResponse`
holds the answers with the respondent's OPD only — no account, no employee, no timestamp, a
random primary key (so neither a join nor the insertion order links the two tables), and no
history table. Results are shown only for groups of at least the survey's minimum size."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abdi.core.models import RegulationSourced, TimeStampedModel
from abdi.insights.choices import EngagementStatus

MIN_GROUP = 5


class EngagementQuestion(RegulationSourced):
    """A statement answered on a 1–5 agreement scale; the questions are data."""

    code = models.CharField(_("kode"), max_length=20)
    text = models.TextField(_("pernyataan"))
    order = models.PositiveSmallIntegerField(_("urutan"))
    is_active = models.BooleanField(_("dipakai"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("pertanyaan survei keterlibatan")
        verbose_name_plural = _("pertanyaan survei keterlibatan")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "effective_from"], name="engagement_question_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class EngagementSurvey(TimeStampedModel):
    year = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=EngagementStatus.choices,
        default=EngagementStatus.OPEN,
    )
    min_group = models.PositiveSmallIntegerField(
        _("jumlah responden minimal per kelompok"),
        default=MIN_GROUP,
        validators=[MinValueValidator(MIN_GROUP)],
    )
    questions = models.ManyToManyField(
        EngagementQuestion, verbose_name=_("pertanyaan"), related_name="+"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuka oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    # Set when closed: the agency's result (0–1) and its respondents; None below the minimum.
    result = models.DecimalField(
        _("hasil (0–1)"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    respondents = models.PositiveIntegerField(_("responden"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("survei keterlibatan pegawai")
        verbose_name_plural = _("survei keterlibatan pegawai")

    def __str__(self) -> str:
        return str(self.year)


class EngagementParticipation(models.Model):
    """That an employee has answered a year's survey. Holds no answer and no time."""

    survey = models.ForeignKey(
        EngagementSurvey, on_delete=models.CASCADE, related_name="participations"
    )
    employee = models.ForeignKey("employees.Employee", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("partisipasi survei keterlibatan")
        verbose_name_plural = _("partisipasi survei keterlibatan")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "employee"], name="engagement_participation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}"


class EngagementResponse(models.Model):
    """One anonymous set of answers: the OPD it counts for, nothing about who gave it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(EngagementSurvey, on_delete=models.CASCADE, related_name="responses")
    org_unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("perangkat daerah"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("jawaban survei keterlibatan")
        verbose_name_plural = _("jawaban survei keterlibatan")

    def __str__(self) -> str:
        return str(self.pk)


class EngagementAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        EngagementResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(EngagementQuestion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(
        _("nilai"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="engagement_answer_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="engagement_answer_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value}"
