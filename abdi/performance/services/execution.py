"""Execution of an approved SKP: activities with evidence, realisations per period, and the
appraiser's feedback. Keyword-only, transactional, actor recorded (see services/planning.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
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


@dataclass(frozen=True)
class RealisationInput:
    """One indicator's realisation as posted (the form's or the API's cleaned input)."""

    indicator: Indicator
    value: Decimal | int | str | None = None
    description: str = ""
    evidence: File | None = None
    evidence_link: str = ""
    self_assessment: str = ""


class RealisationErrors(ValidationError):
    """The input of some indicators is refused: `by_indicator` maps an indicator id to its
    field errors; nothing was written."""

    def __init__(self, by_indicator: dict[int, dict[str, list[str]]]):
        merged: dict[str, list[str]] = {}
        for errors in by_indicator.values():
            for name, messages in errors.items():
                merged.setdefault(name, []).extend(messages)
        super().__init__(merged)
        self.by_indicator = by_indicator


# The columns a realisation post writes (bulk_update; `updated_at` is set by hand there).
REALISATION_FIELDS = [
    "value",
    "description",
    "evidence",
    "evidence_link",
    "self_assessment",
    "submitted_by",
    "updated_at",
]


def _clean_realisation(
    skp: SKP, entry: RealisationInput
) -> tuple[RealisationInput, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    if entry.indicator.work_result.skp_id != skp.pk:
        errors["indicator"] = [_("Pilih indikator dari SKP ini.")]
    value = entry.value
    if value is not None and value != "":
        try:
            value = Decimal(str(value))
            if not value.is_finite() or abs(value) >= Decimal("1e12"):
                raise ValueError
        except Exception:
            errors["value"] = [_("Realisasi harus berupa angka.")]
    else:
        value = None
    description = clean_text(entry.description)
    if value is None and not description and "value" not in errors:
        if skp.approach == Approach.QUALITATIVE or entry.indicator.target_value is None:
            errors["description"] = [_("Uraikan realisasi hasil kerja.")]
        else:
            errors["value"] = [_("Isi angka realisasi.")]
    link = _clean_evidence(entry.evidence, entry.evidence_link, errors)
    cleaned = replace(
        entry,
        value=value,
        description=description,
        evidence_link=link,
        self_assessment=clean_text(entry.self_assessment),
    )
    return cleaned, errors


def _apply(row: Realisation, cleaned: RealisationInput, actor: User) -> None:
    row.value = cleaned.value
    row.description = cleaned.description
    row.self_assessment = cleaned.self_assessment
    row.submitted_by = actor
    if cleaned.evidence_link or not cleaned.evidence:  # a new file alone keeps the earlier link
        row.evidence_link = cleaned.evidence_link
    if cleaned.evidence:
        row.evidence = cleaned.evidence


def _locked(indicator_ids: Iterable[int], period: PerformancePeriod) -> dict[int, Realisation]:
    """The period's realisations of these indicators, locked in one SELECT … FOR UPDATE."""
    rows = (
        Realisation.objects.select_for_update()
        .filter(period=period, indicator_id__in=list(indicator_ids))
        .order_by("pk")
    )
    return {r.indicator_id: r for r in rows}


def _insert_new(
    new: dict[int, Realisation],
    cleaned: dict[int, RealisationInput],
    period: PerformancePeriod,
    actor: User,
) -> tuple[list[Realisation], list[Realisation]]:
    """Insert the first realisations (one INSERT in a savepoint). A concurrent first submission
    that won the race for some indicator makes the insert fail: those rows are then locked and
    updated instead, the rest inserted again. Returns (inserted, updated instead)."""
    updated: list[Realisation] = []
    for _attempt in range(3):
        try:
            with transaction.atomic():
                Realisation.objects.bulk_create(list(new.values()))
            return list(new.values()), updated
        except IntegrityError:
            won = _locked(new, period)
            if not won:
                raise
            for indicator_id, row in won.items():
                _apply(row, cleaned[indicator_id], actor)
                # The file (if any) was stored by the failed insert's pre_save: keep that name.
                if new[indicator_id].evidence:
                    row.evidence = new[indicator_id].evidence
                updated.append(row)
                del new[indicator_id]
            for row in new.values():
                row.pk = None
            if not new:
                return [], updated
    raise IntegrityError("realisation insert kept colliding")  # pragma: no cover


@records_actor
@transaction.atomic
def realisations_submit(
    *,
    actor: User,
    skp: SKP,
    period: PerformancePeriod,
    entries: Sequence[RealisationInput],
) -> list[Realisation]:
    """Create or update the realisations of some of an SKP's indicators for a period (not a
    closed one), all or none: the period's existing rows of these indicators are locked in one
    SELECT … FOR UPDATE, every input is validated (RealisationErrors names the indicators whose
    input is refused), then one UPDATE, one INSERT and one history row per indicator (bulk). An
    indicator posted twice keeps its last input."""
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
    cleaned: dict[int, RealisationInput] = {}
    indicators: dict[int, Indicator] = {}
    refused: dict[int, dict[str, list[str]]] = {}
    for entry in entries:
        values, errors = _clean_realisation(skp, entry)
        if errors:
            refused[entry.indicator.pk] = errors
        cleaned[entry.indicator.pk] = values  # the last input of an indicator wins
        indicators[entry.indicator.pk] = entry.indicator
    if refused:
        raise RealisationErrors(refused)
    if not cleaned:
        return []
    existing = _locked(cleaned, period)
    updates: list[Realisation] = []
    new: dict[int, Realisation] = {}
    for indicator_id, values in cleaned.items():
        row = existing.get(indicator_id)
        if row is None:
            row = new[indicator_id] = Realisation(indicator=indicators[indicator_id], period=period)
        else:
            updates.append(row)
        _apply(row, values, actor)
    inserted, collided = _insert_new(new, cleaned, period, actor) if new else ([], [])
    updates += collided
    if updates:
        # bulk_update runs no pre_save: store a new file and stamp the time here.
        evidence_field = Realisation._meta.get_field("evidence")
        now = timezone.now()
        for row in updates:
            row.updated_at = now
            evidence_field.pre_save(row, False)
        Realisation.objects.bulk_update(updates, REALISATION_FIELDS)
    history = Realisation.history
    if inserted:
        history.bulk_history_create(inserted, default_user=actor)
    if updates:
        history.bulk_history_create(updates, update=True, default_user=actor)
    if inserted:  # the unit monitor counts indicators with a realisation in the period
        unit_counts_add(employee=skp.employee, period=period, realised=len(inserted))
    by_indicator = {r.indicator_id: r for r in (*inserted, *updates)}
    return [by_indicator[i] for i in cleaned]


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
    """Create or update the realisation of one indicator for a period (not a closed one)."""
    entry = RealisationInput(
        indicator=indicator,
        value=value,
        description=description,
        evidence=evidence,
        evidence_link=evidence_link,
        self_assessment=self_assessment,
    )
    skp = indicator.work_result.skp
    try:
        rows = realisations_submit(actor=actor, skp=skp, period=period, entries=[entry])
    except RealisationErrors as exc:
        raise ValidationError(exc.by_indicator[indicator.pk]) from exc
    return rows[0]


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
