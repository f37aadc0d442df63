"""Reads of eligibility in merit selection: the facts the eligibility engine uses, eligibility
per applicant and per employee, and the judging of every employee (the worker's read)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from abdi.careers import rules
from abdi.careers.models.selection import Application, Selection, SelectionState
from abdi.careers.models.selection.eligibility import EligibilityRun
from abdi.careers.selectors.selection import selection_tables
from abdi.competency import rules as competency_rules
from abdi.competency.selectors import StandardBook, latest_levels
from abdi.employees.models import (
    AnnualPredikat,
    DisciplineRecord,
    Employee,
    PositionHistory,
)

# --- facts ----------------------------------------------------------------------------------------


@dataclass
class _FactParts:
    """What the rules need of some employees, read once (a fixed number of queries)."""

    employees: list[Employee]
    spells: dict[int, list]
    predikats: dict[int, dict[int, str]]
    sanctions: dict[int, list]
    levels: dict[int, dict[int, int]]


CANDIDATE_FIELDS = (
    "birth_date",
    "position_effective_from",
    "education_level__name",
    "education_level__order",
    "rank__code",
    "rank__order",
    "rank__kind",
    "position__kind",
)


def _fact_parts(employee_ids: Sequence[int]) -> _FactParts:
    employees = list(
        Employee.objects.filter(pk__in=employee_ids)
        .select_related("education_level", "rank", "position")
        # only what _candidate reads: the worker builds 100,000 of these
        .only(*CANDIDATE_FIELDS)
    )
    spells: dict[int, list] = defaultdict(list)
    for emp_id, kind, start, end in PositionHistory.objects.filter(
        employee_id__in=employee_ids
    ).values_list("employee_id", "position__kind", "effective_from", "effective_until"):
        spells[emp_id].append(rules.Spell(kind, start, end))
    predikats: dict[int, dict[int, str]] = defaultdict(dict)
    for emp_id, year, value in AnnualPredikat.objects.filter(
        employee_id__in=employee_ids
    ).values_list("employee_id", "year", "predikat"):
        predikats[emp_id][year] = value
    sanctions: dict[int, list] = defaultdict(list)
    for emp_id, severity, name, start, end in DisciplineRecord.objects.filter(
        employee_id__in=employee_ids
    ).values_list("employee_id", "severity", "sanction", "effective_from", "effective_until"):
        sanctions[emp_id].append(rules.Sanction(severity, name, start, end))
    return _FactParts(employees, spells, predikats, sanctions, latest_levels(list(employee_ids)))


def _candidate(
    e: Employee, parts: _FactParts, targets: Sequence, book: StandardBook
) -> rules.CandidateFacts:
    position, education, rank = e.position, e.education_level, e.rank
    spells = list(parts.spells.get(e.pk, []))
    if not spells and position is not None and e.position_effective_from:
        spells.append(rules.Spell(position.kind, e.position_effective_from))
    levels = parts.levels.get(e.pk, {})
    return rules.CandidateFacts(
        birth_date=e.birth_date,
        education=(education.name, education.order) if education is not None else None,
        rank=(rank.code, rank.order) if rank is not None and rank.kind == "pns" else None,
        spells=tuple(spells),
        predikats=dict(parts.predikats.get(e.pk, {})),
        sanctions=tuple(parts.sanctions.get(e.pk, [])),
        jpm={t.name: competency_rules.jpm(levels, book.required(t.pk, t.kind)) for t in targets},
    )


def employee_facts(
    employee_ids: Sequence[int], targets: Sequence, on: dt.date
) -> dict[int, rules.CandidateFacts]:
    """Facts of many employees in a fixed number of queries (education, rank, position spells,
    annual predikat, discipline, JPM against each target post)."""
    parts = _fact_parts(employee_ids)
    book = StandardBook([t.pk for t in targets], on=on)
    return {e.pk: _candidate(e, parts, targets, book) for e in parts.employees}


def external_facts(application: Application) -> rules.CandidateFacts:
    """What BKPSDM entered for an applicant from another agency; the rest is unknown."""
    a = application
    spells = None
    if a.external_position_kind and a.external_position_since:
        spells = (rules.Spell(a.external_position_kind, a.external_position_since),)
    education = a.external_education
    return rules.CandidateFacts(
        birth_date=a.external_birth_date,
        education=(education.name, education.order) if education else None,
        rank=(a.external_rank.code, a.external_rank.order) if a.external_rank else None,
        spells=spells,
    )


def _requirements(selection: Selection) -> list[rules.Requirement]:
    rows = getattr(selection, "_prefetched_objects_cache", {}).get("requirements")
    if rows is None:
        rows = selection.requirements.all()
    return [rules.Requirement(r.rule, r.params, r.pk) for r in rows]


def _targets(selection: Selection) -> list:
    return list(selection.positions.all())


# --- eligibility ----------------------------------------------------------------------------------


@dataclass
class Eligibility:
    results: list[rules.RuleResult]
    overridden: dict[int, object]  # requirement id -> EligibilityOverride
    eligible: bool


def eligibility_of(
    selection: Selection,
    facts: rules.CandidateFacts,
    *,
    overrides: Iterable = (),
    tables: rules.Tables | None = None,
) -> Eligibility:
    results = rules.evaluate(
        _requirements(selection),
        facts,
        closing=selection.closes_on,
        tables=tables or selection_tables(),
    )
    by_requirement = {o.requirement_id: o for o in overrides}
    return Eligibility(results, by_requirement, rules.is_eligible(results, set(by_requirement)))


def application_eligibility(application: Application) -> Eligibility:
    selection = application.selection
    if application.employee_id:
        facts = employee_facts([application.employee_id], _targets(selection), selection.closes_on)[
            application.employee_id
        ]
    else:
        facts = external_facts(application)
    return eligibility_of(selection, facts, overrides=application.overrides.all())


def employee_eligibility(employee: Employee, selection: Selection) -> Eligibility:
    facts = employee_facts([employee.pk], _targets(selection), selection.closes_on)[employee.pk]
    return eligibility_of(selection, facts)


@dataclass
class OpenSelection:
    selection: Selection
    eligibility: Eligibility
    application: Application | None


def open_selections_for(employee: Employee, *, today: dt.date | None = None) -> list:
    """ "Seleksi terbuka untuk saya": every selection open for applications today, with the
    employee's eligibility (and their application, if any)."""
    today = today or timezone.localdate()
    selections = list(
        Selection.objects.filter(
            state=SelectionState.OPEN, opens_on__lte=today, closes_on__gte=today
        ).prefetch_related("positions", "requirements")
    )
    applied = {
        a.selection_id: a
        for a in Application.objects.filter(
            employee=employee, selection__in=[s.pk for s in selections]
        )
    }
    tables = selection_tables()
    # The employee's facts are read once for every selection, and one standards book covers
    # every target post (standards in force today; applying re-judges on the closing date).
    parts = _fact_parts([employee.pk])
    targets = {t.pk: t for s in selections for t in s.positions.all()}
    book = StandardBook(list(targets), on=today)
    rows = []
    for s in selections:
        if not parts.employees:
            break
        facts = _candidate(parts.employees[0], parts, list(s.positions.all()), book)
        rows.append(OpenSelection(s, eligibility_of(s, facts, tables=tables), applied.get(s.pk)))
    rows.sort(key=lambda r: (not r.eligibility.eligible, r.selection.closes_on))
    return rows


# --- eligibility of everyone (the worker's read) ----------------------------------------------


def eligibility_batches(
    selection: Selection, *, batch_size: int = 2000
) -> Iterator[list[tuple[int, bool, list[dict[str, Any]]]]]:
    """Judge every active employee for the selection, `batch_size` at a time (a fixed number
    of queries per batch, memory flat): yields lists of (employee id, eligible, failed rules),
    where a failed rule is {"rule", "reason"}."""
    requirements = _requirements(selection)
    targets = _targets(selection)
    tables = selection_tables()
    book = StandardBook([t.pk for t in targets], on=selection.closes_on)
    last = 0
    while True:
        ids = list(
            Employee.objects.filter(is_active=True, pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return
        last = ids[-1]
        parts = _fact_parts(ids)
        rows: list[tuple[int, bool, list[dict[str, Any]]]] = []
        with rules.translations_memo():
            for e in parts.employees:
                results = rules.evaluate(
                    requirements,
                    _candidate(e, parts, targets, book),
                    closing=selection.closes_on,
                    tables=tables,
                )
                failed = [{"rule": r.rule, "reason": r.reason} for r in results if not r.passed]
                rows.append((e.pk, not failed, failed))
        yield rows


def eligibility_summary(selection: Selection) -> EligibilityRun | None:
    """The stored run of a selection (None before the first), for BKPSDM's page."""
    return EligibilityRun.objects.filter(selection=selection).first()


def eligible_employees(selection: Selection) -> QuerySet[Employee]:
    """The employees the last stored run found eligible (paged by the caller)."""
    return Employee.objects.filter(
        pk__in=selection.eligibility_results.filter(eligible=True).values("employee_id")
    ).select_related("org_unit", "position", "rank")
