"""Execution of an approved SKP: activities with evidence, realisations per period, and the
appraiser's feedback. Keyword-only, transactional, actor recorded (see services/planning.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.accounts.models import User
from abdi.core.audit import records_actor
from abdi.core.notifications import Text, notify
from abdi.core.services import fail, require, user_of
from abdi.core.services import today as agency_today
from abdi.core.uploads import validate_evidence
from abdi.performance import permissions as perms
from abdi.performance.choices import (
    Approach,
    SKPStatus,
)
from abdi.performance.models.execution import Activity, Feedback, Realisation
from abdi.performance.models.planning import SKP, Indicator, WorkResult
from abdi.performance.models.reference import BehaviourValue
from abdi.performance.models.years import PerformancePeriod
from abdi.performance.services.common import clean_text, skp_url
from abdi.performance.services.counts import unit_counts_add

# ---------------------------------------------------------------- execution


def _clean_evidence(evidence: File | None, evidence_link: str, errors: dict[str, list[str]]) -> str:
    link = clean_text(evidence_link)
    if evidence:
        try:
            validate_evidence(evidence)
        except ValidationError as exc:
            errors["evidence"] = exc.messages
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            errors["evidence_link"] = [_("Tautan bukti harus alamat web yang lengkap (https://…).")]
    return link


def require_activity_owner(actor: User, skp: SKP) -> None:
    """Only the SKP's owner logs activities. The service below and the API (before it reads the
    input, so that a visitor learns nothing from a 400) ask here."""
    require(perms.is_owner(actor, skp), _("Hanya pemilik SKP yang dapat mencatat kegiatan."))


def require_realisation_owner(actor: User, skp: SKP) -> None:
    """Only the SKP's owner records realisations (the service below and the API ask here)."""
    require(perms.is_owner(actor, skp), _("Hanya pemilik SKP yang dapat mengisi realisasi."))


@records_actor
@transaction.atomic
def activity_log(
    *,
    actor: User,
    skp: SKP,
    work_result: WorkResult,
    date: dt.date,
    description: str,
    output: str = "",
    evidence: File | None = None,
    evidence_link: str = "",
) -> Activity:
    require_activity_owner(actor, skp)
    if skp.status != SKPStatus.APPROVED:
        fail(_("Kegiatan dicatat pada SKP yang berlaku (sudah disetujui)."))
    errors: dict[str, list[str]] = {}
    if work_result.skp_id != skp.pk:
        errors["work_result"] = [_("Pilih RHK dari SKP ini.")]
    year = skp.performance_year.year
    if date is None:
        errors["date"] = [_("Tanggal wajib diisi.")]
    elif date.year != year:
        errors["date"] = [_("Tanggal kegiatan harus dalam tahun %(year)s.") % {"year": year}]
    elif date > agency_today():
        errors["date"] = [_("Tanggal kegiatan tidak boleh di masa depan.")]
    description = clean_text(description)
    if not description:
        errors["description"] = [_("Uraikan kegiatan yang dilakukan.")]
    link = _clean_evidence(evidence, evidence_link, errors)
    if errors:
        raise ValidationError(errors)
    activity = Activity(
        skp=skp,
        work_result=work_result,
        date=date,
        description=description,
        output=clean_text(output)[:300],
        evidence_link=link,
        created_by=actor,
    )
    if evidence:
        activity.evidence = evidence
    activity.save()
    return activity


@records_actor
@transaction.atomic
def realisation_submit(
    *,
    actor: User,
    indicator: Indicator,
    period: PerformancePeriod,
    value: Decimal | int | str | None = None,
    description: str = "",
    evidence: File | None = None,
    evidence_link: str = "",
    self_assessment: str = "",
) -> Realisation:
    """Create or update the realisation of an indicator for a period (not a closed one)."""
    skp = indicator.work_result.skp
    require_realisation_owner(actor, skp)
    if skp.status != SKPStatus.APPROVED:
        fail(_("Realisasi diisi pada SKP yang berlaku (sudah disetujui)."))
    if period.performance_year_id != skp.performance_year_id:
        fail(_("Periode tidak termasuk tahun SKP ini."), field="period")
    if period.is_closed:
        fail(
            _("Periode %(code)s sudah ditutup; realisasi tidak dapat diisi lagi.")
            % {"code": period.label},
            field="period",
        )
    errors: dict[str, list[str]] = {}
    if value is not None and value != "":
        try:
            value = Decimal(str(value))
            if not value.is_finite() or abs(value) >= Decimal("1e12"):
                raise ValueError
        except Exception:
            errors["value"] = [_("Realisasi harus berupa angka.")]
    else:
        value = None
    description = clean_text(description)
    if value is None and not description and "value" not in errors:
        if skp.approach == Approach.QUALITATIVE or indicator.target_value is None:
            errors["description"] = [_("Uraikan realisasi hasil kerja.")]
        else:
            errors["value"] = [_("Isi angka realisasi.")]
    link = _clean_evidence(evidence, evidence_link, errors)
    if errors:
        raise ValidationError(errors)
    row = Realisation.objects.select_for_update().filter(indicator=indicator, period=period).first()
    if row is None:
        row = Realisation(indicator=indicator, period=period)
    row.value, row.description = value, description
    row.self_assessment = clean_text(self_assessment)
    row.submitted_by = actor
    if link or not evidence:
        row.evidence_link = link
    if evidence:
        row.evidence = evidence
    if row.pk is not None:
        # An update of the row locked above: no concurrent first submission can collide, so no
        # savepoint (two round trips per indicator of a season's busiest write); the unit
        # monitor's count of realised indicators does not change.
        row.save()
        return row
    first = True
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        # A concurrent first submission won the race: update that row instead.
        first = False
        row = Realisation.objects.select_for_update().get(indicator=indicator, period=period)
        row.value, row.description = value, description
        row.self_assessment, row.submitted_by = clean_text(self_assessment), actor
        row.evidence_link = link or row.evidence_link
        if evidence:
            row.evidence = evidence
        row.save()
    if first:  # the unit monitor counts indicators with a realisation in the period
        unit_counts_add(employee=skp.employee, period=period, realised=1)
    return row


@records_actor
@transaction.atomic
def feedback_give(
    *,
    actor: User,
    skp: SKP,
    text: str,
    work_result: WorkResult | None = None,
    behaviour_value: BehaviourValue | None = None,
) -> Feedback:
    if not perms.can_give_feedback(actor, skp):
        raise PermissionDenied(_("Hanya atasan pegawai yang dapat memberi umpan balik."))
    errors: dict[str, list[str]] = {}
    text = clean_text(text)
    if not text:
        errors["text"] = [_("Tuliskan umpan balik.")]
    if work_result is None and behaviour_value is None:
        errors["work_result"] = [_("Pilih RHK atau nilai perilaku yang diberi umpan balik.")]
    if work_result is not None and work_result.skp_id != skp.pk:
        errors["work_result"] = [_("Pilih RHK dari SKP ini.")]
    if errors:
        raise ValidationError(errors)
    feedback = Feedback.objects.create(
        skp=skp, work_result=work_result, behaviour_value=behaviour_value, author=actor, text=text
    )
    notify(
        user=user_of(skp.employee),
        verb="feedback",
        message=Text(
            gettext_noop("Umpan balik baru dari atasan pada SKP %(year)s."),
            {"year": skp.performance_year.year},
        ),
        url=skp_url(skp),
    )
    return feedback
