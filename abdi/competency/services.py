"""Writes of the competency app. Each checks permission, validates everything before writing
(bad input: a clear Indonesian message, nothing written) and runs in one transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abdi.accounts.models import User
from abdi.competency.choices import LEVELS, AssessmentMethod, CompetencyKind
from abdi.competency.models import (
    Assessment,
    AssessmentResult,
    Competency,
    CompetencyLevel,
    CurrentLevel,
    PositionStandard,
    UnitRequirementCount,
)
from abdi.competency.permissions import can_manage_competency
from abdi.competency.selectors import REQUIREMENTS_VERSION_KEY, requirement_counts_by_unit
from abdi.core.audit import records_actor
from abdi.core.cache_versions import bump_version
from abdi.core.services import lock_in_order, require, today
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit, Position

ADMIN_ONLY = gettext_lazy("Hanya admin BKPSDM yang dapat mengelola data kompetensi.")

REFRESH_CHUNK = 500  # employee ids per statement: well under SQLite's 999 parameters


def requirements_changed(*_args: object, **_kwargs: object) -> None:
    """Invalidate every cached heat-map and ask the worker to recount the stored per-unit
    counts (called once a change to levels, standards, default levels or the dictionary
    commits; also a signal receiver, hence the arguments)."""
    bump_version(REQUIREMENTS_VERSION_KEY)
    requirement_counts_rebuild_request()


@transaction.atomic
def requirement_counts_rebuild_request() -> None:
    """Ask the worker to recount the heat-map's stored per-unit counts (once, however many ask
    while it waits): after a change, or when a page found them missing or stale."""
    # local: tasks imports this module (cycle)
    from abdi.competency.tasks import schedule_requirement_counts_rebuild

    schedule_requirement_counts_rebuild()


def _clean_levels(levels: Mapping, *, allow_empty: bool = False) -> dict[Competency, int]:
    """{competency or id: level} → {Competency: level}; every level an integer 1–5."""
    ids = {getattr(k, "pk", k) for k in levels}
    competencies = Competency.objects.in_bulk([i for i in ids if isinstance(i, int)])
    cleaned: dict[Competency, int] = {}
    errors = []
    for key, raw in levels.items():
        pk = getattr(key, "pk", key)
        competency = competencies.get(pk) if isinstance(pk, int) else None
        if competency is None:
            errors.append(_("Kompetensi %(id)s tidak dikenal.") % {"id": pk})
            continue
        try:
            level = int(raw)
            if isinstance(raw, bool) or str(level) != str(raw).strip():
                raise ValueError
        except (TypeError, ValueError):
            level = None
        if level not in LEVELS:
            errors.append(
                _("Level %(name)s harus bilangan bulat 1–5 (diisi: %(value)s).")
                % {"name": competency.name, "value": raw}
            )
            continue
        cleaned[competency] = level
    if errors:
        raise ValidationError({"levels": errors})
    if not cleaned and not allow_empty:
        raise ValidationError({"levels": [_("Isi level minimal satu kompetensi.")]})
    return cleaned


@records_actor
@transaction.atomic
def competency_create(
    *,
    actor: User,
    code: str,
    name: str,
    kind: str,
    description: str = "",
    descriptors: Mapping[int, str] | None = None,
) -> Competency:
    require(can_manage_competency(actor), ADMIN_ONLY)
    if kind not in CompetencyKind.values:
        raise ValidationError({"kind": [_("Jenis kompetensi tidak dikenal.")]})
    competency = Competency(
        code=code.strip(), name=name.strip(), kind=kind, description=description
    )
    competency.full_clean()
    competency.save()
    descriptors = descriptors or {}
    bad = [lvl for lvl in descriptors if lvl not in LEVELS]
    if bad:
        raise ValidationError({"descriptors": [_("Level deskripsi harus 1–5.")]})
    for level, text in sorted(descriptors.items()):
        if text.strip():
            CompetencyLevel.objects.create(competency=competency, level=level, descriptor=text)
    return competency


@records_actor
@transaction.atomic
def competency_update(*, actor: User, competency: Competency, **fields: Any) -> Competency:
    require(can_manage_competency(actor), ADMIN_ONLY)
    allowed = {"code", "name", "kind", "description", "is_active", "order"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Field tidak dapat diubah: %s") % ", ".join(sorted(unknown)))
    for name, value in fields.items():
        setattr(competency, name, value)
    competency.full_clean()
    competency.save()
    return competency


@records_actor
@transaction.atomic
def position_standard_set(
    *, actor: User, position: Position, levels: Mapping[Any, Any]
) -> list[PositionStandard]:
    """Set the position's required levels in bulk: competencies given get that level; a
    competency given with None/"" is removed from the standard; others stay."""
    require(can_manage_competency(actor), ADMIN_ONLY)
    removed = {getattr(k, "pk", k) for k, v in levels.items() if v in (None, "")}
    cleaned = _clean_levels(
        {k: v for k, v in levels.items() if v not in (None, "")}, allow_empty=bool(removed)
    )
    if removed:
        PositionStandard.objects.filter(position=position, competency_id__in=removed).delete()
    existing = {s.competency_id: s for s in PositionStandard.objects.filter(position=position)}
    for competency, level in cleaned.items():
        standard = existing.get(competency.pk)
        if standard is None:
            existing[competency.pk] = PositionStandard.objects.create(
                position=position, competency=competency, required_level=level
            )
        elif standard.required_level != level:
            standard.required_level = level
            standard.save(update_fields=["required_level", "updated_at"])
    return list(existing.values())


@records_actor
@transaction.atomic
def assessment_record(
    *,
    actor: User,
    employee: Employee,
    date: dt.date,
    method: str,
    assessor: str,
    levels: Mapping[Any, Any],
    potential_score: Decimal | int | str | None = None,
) -> Assessment:
    """A new assessment with its levels; earlier assessments stay (the history)."""
    require(can_manage_competency(actor), ADMIN_ONLY)
    errors: dict[str, list] = {}
    if not isinstance(date, dt.date):
        errors["date"] = [_("Tanggal asesmen wajib diisi.")]
    elif date > today():
        errors["date"] = [_("Tanggal asesmen tidak boleh di masa depan.")]
    if method not in AssessmentMethod.values:
        errors["method"] = [_("Metode asesmen tidak dikenal.")]
    if not (assessor or "").strip():
        errors["assessor"] = [_("Asesor atau lembaga penilai wajib diisi.")]
    score = None
    if potential_score not in (None, ""):
        try:
            score = Decimal(str(potential_score))
        except InvalidOperation:
            score = None
        if score is None or not (0 <= score <= 100):
            errors["potential_score"] = [_("Skor potensi harus angka 0–100.")]
    try:
        cleaned = _clean_levels(levels)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return _store_assessment(
        Assessment(
            employee=employee,
            date=date,
            method=method,
            assessor=assessor.strip(),
            potential_score=score,
            recorded_by=actor,
        ),
        cleaned,
    )


@records_actor
@transaction.atomic
def training_raise_record(
    *, actor: User, employee: Employee, assessor: str, levels: Mapping, date: dt.date | None = None
) -> Assessment:
    """The assessment (method: training) that records the levels a confirmed training
    completion raised. Who may confirm is the caller's check (learning.completion_confirm:
    the employee's superior); here only the levels are validated."""
    cleaned = _clean_levels(levels)
    return _store_assessment(
        Assessment(
            employee=employee,
            date=date or timezone.localdate(),
            method=AssessmentMethod.TRAINING,
            assessor=assessor[:200],
            recorded_by=actor,
        ),
        cleaned,
    )


def _store_assessment(assessment: Assessment, levels: Mapping[Competency, int]) -> Assessment:
    """Save a validated assessment with its levels and bring the employee's current levels up to
    date (inside the caller's transaction)."""
    assessment.save()
    AssessmentResult.objects.bulk_create(
        AssessmentResult(assessment=assessment, competency=c, level=lvl)
        for c, lvl in levels.items()
    )
    refresh_current_levels([assessment.employee_id])
    return assessment


@records_actor
@transaction.atomic
def assessment_delete(*, actor: User, assessment: Assessment) -> None:
    """Remove an assessment recorded in error (admin only); the employee's current levels fall
    back to the previous assessment of each competency."""
    require(can_manage_competency(actor), ADMIN_ONLY)
    employee_id = assessment.employee_id
    assessment.delete()
    refresh_current_levels([employee_id])


# --- current levels ---------------------------------------------------------------------------

_REFRESH_SQL = """
    INSERT INTO {current} (employee_id, competency_id, level, assessment_id, assessed_on)
    SELECT employee_id, competency_id, level, assessment_id, date FROM (
        SELECT a.employee_id, r.competency_id, r.level, r.assessment_id, a.date,
               ROW_NUMBER() OVER (
                   PARTITION BY a.employee_id, r.competency_id
                   ORDER BY a.date DESC, r.assessment_id DESC
               ) AS row_rank
        FROM {result} r
        JOIN {assessment} a ON a.id = r.assessment_id
        WHERE a.employee_id IN ({ids})
    ) ranked
    WHERE row_rank = 1
"""


@transaction.atomic
def refresh_current_levels(employee_ids: Iterable[int]) -> None:
    """Recompute CurrentLevel of these employees from their whole assessment history: per
    competency the result of the latest assessment by date, then by assessment id (the later
    record wins a tie). Every writer of AssessmentResult calls it inside its own transaction —
    the services above, learning's competency raise, the demo builders — and nothing else
    writes CurrentLevel.

    Delete and re-insert rather than update: one statement pair per chunk, whatever changed
    (a new assessment, an earlier-dated one, a deletion). The employees' rows are locked first
    (FOR UPDATE; SQLite locks the whole database anyway) so that two writers for the same
    employee run one after the other and the second ranks the first's committed results,
    instead of both inserting and one failing on the unique constraint."""
    ids = sorted({int(pk) for pk in employee_ids})
    transaction.on_commit(requirements_changed)
    q = connection.ops.quote_name
    tables = {
        "current": q(CurrentLevel._meta.db_table),
        "result": q(AssessmentResult._meta.db_table),
        "assessment": q(Assessment._meta.db_table),
    }
    for start in range(0, len(ids), REFRESH_CHUNK):
        chunk = ids[start : start + REFRESH_CHUNK]
        lock_in_order(
            Employee.objects.filter(pk__in=chunk).values_list("pk", flat=True), no_key=True
        )
        CurrentLevel.objects.filter(employee_id__in=chunk).delete()
        sql = _REFRESH_SQL.format(**tables, ids=", ".join(["%s"] * len(chunk)))
        with connection.cursor() as cursor:
            cursor.execute(sql, chunk)


# --- the heat-map's stored per-unit counts ------------------------------------------------------


@transaction.atomic
def requirement_counts_rebuild() -> int:
    """Recount UnitRequirementCount for every unit (selectors.requirement_counts_by_unit, one
    query over the agency, each unit its own staff), add each unit's counts to its ancestors
    (a row set per unit for its whole subtree, ADR 0066) and replace the rows. Runs in the
    worker (tasks.py). Rebuilds run one after the other: each first locks the top units of the
    tree. Returns the rows written."""

    list(
        OrgUnit.objects.select_for_update(no_key=True)
        .filter(depth=1)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    unit_ids = dict(OrgUnit.objects.values_list("path", "pk"))
    steplen = OrgUnit.steplen
    # Each unit's own staff, added to the unit and to every ancestor: a row set per unit for
    # its whole subtree, so that a heat-map reads its unit's and its sub-units' rows only.
    subtree: dict[tuple[str, int | None, int | None], list[int]] = defaultdict(lambda: [0, 0])
    for path, competency_id, level, total, met in requirement_counts_by_unit():
        for cut in range(steplen, len(path) + 1, steplen):
            sums = subtree[(path[:cut], competency_id, level)]
            sums[0] += total
            sums[1] += met
    now = timezone.now()
    rows = [
        UnitRequirementCount(
            org_unit_id=unit_ids[path],
            competency_id=competency_id,
            required_level=level,
            staff_required=total,
            staff_met=met,
            computed_at=now,
        )
        for (path, competency_id, level), (total, met) in subtree.items()
        if path in unit_ids
    ]
    UnitRequirementCount.objects.all().delete()
    UnitRequirementCount.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
