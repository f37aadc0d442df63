"""The anonymous engagement survey: BKPSDM opens a year's survey, each employee answers once,
BKPSDM closes it and its result becomes the merit index's engagement share.

An answer is written as a participation row (who took part) and, separately, an anonymous
response (the answers and the respondent's OPD, no account). No history is recorded for
either, so no audit row names the respondent next to the answers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.core.audit import records_actor
from abdi.core.services import fail, require
from abdi.employees.permissions import own_employee
from abdi.insights.choices import EngagementStatus, MeritStatus
from abdi.insights.models import (
    EngagementAnswer,
    EngagementParticipation,
    EngagementQuestion,
    EngagementResponse,
    EngagementSurvey,
    MeritAssessment,
)
from abdi.insights.permissions import can_manage_merit
from abdi.insights.selectors.engagement import engagement_result, opd_of
from abdi.insights.services.ip_asn import validate_year


def _questions_for(year: int) -> list[EngagementQuestion]:
    latest: dict[str, EngagementQuestion] = {}
    for row in EngagementQuestion.objects.filter(
        effective_from__lte=dt.date(year, 12, 31)
    ).order_by("effective_from"):
        latest[row.code] = row
    return [q for q in latest.values() if q.is_active]


@records_actor
@transaction.atomic
def engagement_open(*, actor: User, year: int) -> EngagementSurvey:
    require(can_manage_merit(actor), _("Hanya admin BKPSDM yang membuka survei keterlibatan."))
    validate_year(year)
    if EngagementSurvey.objects.filter(year=year).exists():
        fail(_("Survei keterlibatan tahun %(y)s sudah ada.") % {"y": year})
    if EngagementSurvey.objects.filter(status=EngagementStatus.OPEN).exists():
        fail(_("Tutup dahulu survei keterlibatan yang masih dibuka."))
    questions = _questions_for(year)
    if not questions:
        fail(_("Belum ada pertanyaan survei keterlibatan."))
    survey = EngagementSurvey.objects.create(year=year, opened_by=actor)
    survey.questions.set(questions)
    return survey


@transaction.atomic
def engagement_answer(*, actor: User, survey: EngagementSurvey, values: dict[int, int]) -> None:
    """Record one employee's answers (question id → 1–5) anonymously; once per survey."""
    employee = own_employee(actor)
    if employee is None:  # not `require`: the type checker needs the narrowing
        raise PermissionDenied(_("Survei ini diisi oleh pegawai."))
    survey = EngagementSurvey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != EngagementStatus.OPEN:
        fail(_("Survei ini sudah ditutup."))
    if EngagementParticipation.objects.filter(survey=survey, employee=employee).exists():
        fail(_("Anda sudah mengisi survei tahun ini. Terima kasih."))
    questions = list(survey.questions.all())
    errors = {}
    for q in questions:
        value = values.get(q.pk)
        if value is None or not 1 <= value <= 5:
            errors[f"q{q.pk}"] = _("Pilih salah satu jawaban 1–5.")
    if set(values) - {q.pk for q in questions}:
        errors["__all__"] = _("Jawaban untuk pertanyaan yang tidak ada dalam survei ini.")
    if errors:
        raise ValidationError(errors)
    EngagementParticipation.objects.create(survey=survey, employee=employee)
    response = EngagementResponse.objects.create(survey=survey, org_unit=opd_of(employee.org_unit))
    EngagementAnswer.objects.bulk_create(
        EngagementAnswer(response=response, question=q, value=values[q.pk]) for q in questions
    )


@records_actor
@transaction.atomic
def engagement_close(*, actor: User, survey: EngagementSurvey) -> EngagementSurvey:
    """Close the survey, keep its result (withheld below the minimum) and give it to the
    year's merit assessment while that is still being filled in."""
    require(can_manage_merit(actor), _("Hanya admin BKPSDM yang menutup survei keterlibatan."))
    survey = EngagementSurvey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != EngagementStatus.OPEN:
        fail(_("Survei ini sudah ditutup."))
    result = engagement_result(survey)
    survey.status = EngagementStatus.CLOSED
    survey.closed_at = timezone.now()
    survey.respondents = result.respondents
    survey.result = result.share
    survey.save(update_fields=["status", "closed_at", "respondents", "result", "updated_at"])
    assessment = (
        MeritAssessment.objects.select_for_update()
        .filter(year=survey.year, status=MeritStatus.DRAFT)
        .first()
    )
    if assessment is not None:
        assessment.engagement = result.share
        assessment.save(update_fields=["engagement", "updated_at"])
    return survey


def engagement_for_merit(year: int) -> Decimal | None:
    """The closed survey's result for a year's merit assessment (None: none or withheld)."""
    survey = EngagementSurvey.objects.filter(year=year, status=EngagementStatus.CLOSED).first()
    return survey.result if survey is not None else None
