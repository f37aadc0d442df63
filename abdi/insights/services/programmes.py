"""Policy monitoring and evaluation: BKPSDM records programmes, their indicators with targets
per period, realisations (measured by Abdi or entered with evidence) and budgets; the
evaluation team records findings and recommendations; an owner follows a recommendation up
and BKPSDM closes it. Overdue recommendations remind their owners."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.accounts.models import User
from abdi.core.audit import records_actor
from abdi.core.notifications import Text, notify
from abdi.core.services import fail, require
from abdi.core.services import today as core_today
from abdi.core.uploads import validate_evidence
from abdi.insights.choices import IndicatorMeasure, RecommendationStatus
from abdi.insights.models import (
    Finding,
    FollowUp,
    IndicatorTarget,
    IndicatorValue,
    Programme,
    ProgrammeBudget,
    ProgrammeIndicator,
    Recommendation,
)
from abdi.insights.selectors.programmes import (
    can_manage_programmes,
    measure_indicator,
    overdue_recommendations,
    validate_measure,
)
from abdi.org.models import OrgUnit

FIRST, LAST = 2000, 2100


def _require_manager(actor: User) -> None:
    require(can_manage_programmes(actor), _("Hanya admin BKPSDM yang mengelola program kebijakan."))


def _year(value: int | str | None, field: str = "year") -> int:
    if value in (None, ""):
        raise ValidationError({field: _("Periode (tahun) wajib diisi.")})
    if not isinstance(value, int) or not FIRST <= value <= LAST:
        raise ValidationError({field: _("Periode harus tahun antara 2000 dan 2100.")})
    return value


@records_actor
@transaction.atomic
def programme_save(
    *,
    actor: User,
    programme: Programme | None = None,
    name: str,
    org_unit: OrgUnit,
    start_year: int,
    end_year: int,
    description: str = "",
    status: str | None = None,
) -> Programme:
    _require_manager(actor)
    name = (name or "").strip()
    if not name:
        fail(_("Nama program wajib diisi."), field="name")
    start_year, end_year = _year(start_year, "start_year"), _year(end_year, "end_year")
    if end_year < start_year:
        fail(_("Tahun selesai tidak boleh sebelum tahun mulai."), field="end_year")
    if programme is None:
        programme = Programme(created_by=actor)
    else:
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
    programme.name, programme.org_unit = name, org_unit
    programme.start_year, programme.end_year = start_year, end_year
    programme.description = (description or "").strip()
    if status:
        programme.status = status
    programme.full_clean()
    programme.save()
    return programme


@records_actor
@transaction.atomic
def indicator_add(
    *,
    actor: User,
    programme: Programme,
    name: str,
    measure: str = IndicatorMeasure.MANUAL,
    measure_param: str = "",
    unit_label: str = "",
    baseline: Decimal | None = None,
    higher_is_better: bool = True,
    targets: dict[int, Decimal] | None = None,
) -> ProgrammeIndicator:
    """An indicator with its targets per period (year → target)."""
    _require_manager(actor)
    name = (name or "").strip()
    if not name:
        fail(_("Nama indikator wajib diisi."), field="name")
    measure_param = (measure_param or "").strip()
    validate_measure(measure, measure_param)
    indicator = ProgrammeIndicator.objects.create(
        programme=programme,
        name=name,
        measure=measure,
        measure_param=measure_param,
        unit_label=(unit_label or "").strip(),
        baseline=baseline,
        higher_is_better=higher_is_better,
    )
    for year, target in (targets or {}).items():
        target_set(actor=actor, indicator=indicator, year=year, target=target)
    return indicator


@records_actor
@transaction.atomic
def target_set(
    *,
    actor: User,
    indicator: ProgrammeIndicator,
    year: int | str | None,
    target: Decimal | None,
) -> IndicatorTarget:
    _require_manager(actor)
    year = _year(year)
    if target is None:
        fail(_("Nilai target wajib diisi."), field="target")
    row, _created = IndicatorTarget.objects.update_or_create(
        indicator=indicator, year=year, defaults={"target": target}
    )
    return row


@records_actor
@transaction.atomic
def value_record(
    *,
    actor: User,
    indicator: ProgrammeIndicator,
    year: int | str | None,
    value: Decimal | None,
    evidence: str = "",
    document: File | None = None,
) -> IndicatorValue:
    """A realisation entered by hand: needs evidence (a text or a document). An indicator
    bound to an Abdi measure is filled in by `values_measure`, not by hand."""
    _require_manager(actor)
    year = _year(year)
    if indicator.measure != IndicatorMeasure.MANUAL:
        fail(_("Indikator ini diisi otomatis dari data Abdi."))
    if value is None:
        fail(_("Nilai realisasi wajib diisi."), field="value")
    evidence = (evidence or "").strip()
    if not evidence and document is None:
        fail(_("Sertakan bukti: uraian atau dokumen."), field="evidence")
    if document is not None:
        validate_evidence(document)
    row = IndicatorValue.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if row is None:
        row = IndicatorValue(indicator=indicator, year=year)
    row.value, row.evidence, row.recorded_by, row.measured = value, evidence, actor, False
    if document is not None:
        row.document = document
    row.save()
    return row


@transaction.atomic
def values_measure(*, programme: Programme, year: int) -> int:
    """Fill in the Abdi-bound indicators of a programme for a year. Returns how many."""
    count = 0
    for indicator in programme.indicators.exclude(measure=IndicatorMeasure.MANUAL):
        value, evidence = measure_indicator(indicator, year)
        if value is None:
            continue
        IndicatorValue.objects.update_or_create(
            indicator=indicator,
            year=year,
            defaults={"value": value, "evidence": evidence, "measured": True, "recorded_by": None},
        )
        count += 1
    return count


@records_actor
@transaction.atomic
def programme_measure(*, actor: User, programme: Programme, year: int | str | None) -> int:
    _require_manager(actor)
    return values_measure(programme=programme, year=_year(year))


@records_actor
@transaction.atomic
def budget_set(
    *,
    actor: User,
    programme: Programme,
    year: int | str | None,
    planned: Decimal | None,
    spent: Decimal | None,
) -> ProgrammeBudget:
    _require_manager(actor)
    year = _year(year)
    if planned is None or planned < 0 or spent is None or spent < 0:
        fail(_("Pagu dan realisasi anggaran harus angka 0 atau lebih."))
    row, _created = ProgrammeBudget.objects.update_or_create(
        programme=programme, year=year, defaults={"planned": planned, "spent": spent}
    )
    return row


@records_actor
@transaction.atomic
def finding_add(*, actor: User, programme: Programme, year: int | str | None, text: str) -> Finding:
    _require_manager(actor)
    text = (text or "").strip()
    if not text:
        fail(_("Uraian temuan wajib diisi."), field="text")
    return Finding.objects.create(
        programme=programme, year=_year(year), text=text, recorded_by=actor
    )


@records_actor
@transaction.atomic
def recommendation_add(
    *,
    actor: User,
    programme: Programme,
    text: str,
    owner: User,
    due_on: dt.date | None,
    finding: Finding | None = None,
) -> Recommendation:
    _require_manager(actor)
    text = (text or "").strip()
    if not text:
        fail(_("Uraian rekomendasi wajib diisi."), field="text")
    if owner is None:
        fail(_("Tentukan penanggung jawab."), field="owner")
    if due_on is None:
        fail(_("Tentukan batas waktu."), field="due_on")
    if finding is not None and finding.programme_id != programme.pk:
        fail(_("Temuan ini bukan dari program yang sama."), field="finding")
    rec = Recommendation.objects.create(
        programme=programme, finding=finding, text=text, owner=owner, due_on=due_on
    )
    notify(
        user=owner,
        verb="insights.recommendation",
        message=Text(gettext_noop("Rekomendasi evaluasi untuk Anda: %(t)s"), {"t": text[:80]}),
        url=reverse("insights:programme_detail", args=[programme.pk]),
    )
    return rec


def can_follow_up(user: User, rec: Recommendation) -> bool:
    return rec.owner_id == user.pk or can_manage_programmes(user)


@records_actor
@transaction.atomic
def recommendation_follow_up(
    *, actor: User, recommendation: Recommendation, note: str, status: str
) -> Recommendation:
    """The owner reports progress (in progress) or BKPSDM closes it. Closing needs a note and
    is BKPSDM's; a closed recommendation stays closed."""
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    require(can_follow_up(actor, rec), _("Hanya penanggung jawab atau admin BKPSDM."))
    if rec.status == RecommendationStatus.CLOSED:
        fail(_("Rekomendasi ini sudah selesai."))
    note = (note or "").strip()
    if not note:
        fail(_("Tuliskan tindak lanjutnya."), field="note")
    if status not in (RecommendationStatus.IN_PROGRESS, RecommendationStatus.CLOSED):
        fail(_("Status tidak dikenal."), field="status")
    require(
        status != RecommendationStatus.CLOSED or can_manage_programmes(actor),
        _("Rekomendasi dinyatakan selesai oleh admin BKPSDM."),
    )
    rec.status = status
    rec.closed_at = timezone.now() if status == RecommendationStatus.CLOSED else None
    rec.save(update_fields=["status", "closed_at", "updated_at"])
    FollowUp.objects.create(recommendation=rec, note=note, status=status, actor=actor)
    return rec


def recommendation_reminders(*, today: dt.date | None = None) -> int:
    """Remind the owner of each overdue, open recommendation (at most once a week)."""
    today = today or core_today()
    count = 0
    for rec in overdue_recommendations(today).select_related("programme"):
        if rec.reminded_on and (today - rec.reminded_on).days < 7:
            continue
        with transaction.atomic():
            notify(
                user=rec.owner,
                verb="insights.recommendation_overdue",
                message=Text(
                    gettext_noop("Rekomendasi evaluasi melewati batas waktu: %(t)s"),
                    {"t": rec.text[:80]},
                ),
                url=reverse("insights:programme_detail", args=[rec.programme_id]),
            )
            Recommendation.objects.filter(pk=rec.pk).update(reminded_on=today)
        count += 1
    return count
