"""The merit-system self-assessment: BKPSDM starts a year (Abdi proposes a score and shows its
evidence for every indicator it can measure), accepts or overrides each with a reason, submits;
a verifier approves or returns it. Every state change is a step row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.core.audit import records_actor
from abdi.core.services import fail, require
from abdi.core.uploads import validate_evidence
from abdi.insights.choices import MeritAction, MeritStatus
from abdi.insights.models import (
    MeritAnswer,
    MeritAssessment,
    MeritIndicator,
    MeritStep,
)
from abdi.insights.permissions import can_manage_merit, can_verify_merit
from abdi.insights.selectors.merit import measure
from abdi.insights.services.engagement import engagement_for_merit
from abdi.insights.services.ip_asn import validate_year

ONE = Decimal(1)


def _indicators_for(year: int) -> list[MeritIndicator]:
    """The indicators in force for the year: of each code, the row with the latest date."""

    latest: dict[str, MeritIndicator] = {}
    for row in (
        MeritIndicator.objects.filter(effective_from__lte=dt.date(year, 12, 31))
        .select_related("aspect")
        .order_by("effective_from")
    ):
        latest[row.code] = row
    return sorted(latest.values(), key=lambda i: (i.aspect.order, i.order))


@records_actor
@transaction.atomic
def merit_start(*, actor: User, year: int) -> MeritAssessment:
    require(can_manage_merit(actor), _("Hanya admin BKPSDM yang mengisi penilaian mandiri."))
    validate_year(year)
    if MeritAssessment.objects.filter(year=year).exists():
        fail(_("Penilaian mandiri tahun %(y)s sudah ada.") % {"y": year})
    indicators = _indicators_for(year)
    if not indicators:
        fail(_("Belum ada indikator sistem merit untuk tahun ini."))

    assessment = MeritAssessment.objects.create(year=year, engagement=engagement_for_merit(year))
    for indicator in indicators:
        proposed, evidence = measure(indicator.measure, year)
        MeritAnswer.objects.create(
            assessment=assessment,
            indicator=indicator,
            proposed=proposed,
            evidence=evidence,
            score=proposed,
        )
    MeritStep.objects.create(assessment=assessment, action=MeritAction.STARTED, actor=actor)
    return assessment


@records_actor
@transaction.atomic
def merit_answer(
    *,
    actor: User,
    answer: MeritAnswer,
    score: Decimal,
    reason: str = "",
    document: File | None = None,
) -> MeritAnswer:
    """Accept Abdi's proposal (the same score) or give another with a reason."""
    require(can_manage_merit(actor), _("Hanya admin BKPSDM yang mengisi penilaian mandiri."))
    answer = MeritAnswer.objects.select_for_update().select_related("assessment").get(pk=answer.pk)
    if answer.assessment.status != MeritStatus.DRAFT:
        fail(_("Penilaian ini sudah diajukan; tidak dapat diubah."))
    if score is None or not Decimal(0) <= score <= ONE:
        fail(_("Nilai harus antara 0 dan 1."), field="score")
    reason = reason.strip()
    if answer.proposed is not None and score != answer.proposed and not reason:
        raise ValidationError(
            {"reason": _("Tuliskan alasan karena nilai berbeda dari usulan Abdi.")}
        )
    if document is not None:
        validate_evidence(document)
        answer.document = document
    answer.score, answer.reason, answer.answered_by = score, reason, actor
    answer.save()
    return answer


@records_actor
@transaction.atomic
def merit_submit(*, actor: User, assessment: MeritAssessment) -> MeritAssessment:
    require(can_manage_merit(actor), _("Hanya admin BKPSDM yang mengajukan penilaian mandiri."))
    assessment = MeritAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != MeritStatus.DRAFT:
        fail(_("Penilaian ini sudah diajukan."))
    missing = assessment.answers.filter(score__isnull=True).count()
    if missing:
        fail(_("%(n)s indikator belum dinilai.") % {"n": missing})
    assessment.status = MeritStatus.SUBMITTED
    assessment.save(update_fields=["status", "updated_at"])
    MeritStep.objects.create(assessment=assessment, action=MeritAction.SUBMITTED, actor=actor)
    return assessment


@records_actor
@transaction.atomic
def merit_verify(
    *, actor: User, assessment: MeritAssessment, approve: bool, note: str = ""
) -> MeritAssessment:
    require(can_verify_merit(actor), _("Hanya verifikator (auditor) yang memverifikasi."))
    assessment = MeritAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != MeritStatus.SUBMITTED:
        fail(_("Hanya penilaian yang sudah diajukan dapat diverifikasi."))
    if assessment.steps.filter(action=MeritAction.SUBMITTED, actor=actor).exists():
        fail(_("Yang mengajukan tidak dapat memverifikasi penilaiannya sendiri."))
    if not approve and not note.strip():
        fail(_("Tuliskan apa yang perlu diperbaiki."), field="note")
    assessment.status = MeritStatus.VERIFIED if approve else MeritStatus.DRAFT
    assessment.save(update_fields=["status", "updated_at"])
    MeritStep.objects.create(
        assessment=assessment,
        action=MeritAction.VERIFIED if approve else MeritAction.RETURNED,
        actor=actor,
        note=note.strip(),
    )
    return assessment
