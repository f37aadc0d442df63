"""Reads of merit selection: the facts the eligibility engine uses, eligibility per applicant
and per employee, stage scores, the ranking. Every list starts from a `*_visible_to`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from abdi.accounts.models import User
from abdi.careers import rules
from abdi.careers.models.selection import (
    Application,
    ApplicationState,
    ConflictDeclaration,
    PanelMember,
    RankingEntry,
    Score,
    Selection,
    SelectionParameter,
    SelectionRequirement,
    SelectionRequirementDefault,
    SelectionStage,
    SelectionStageDefault,
    SelectionState,
    SelectionStep,
    StageKind,
    TrackRecord,
    TrackRecordPoint,
    WrittenTestSitting,
)
from abdi.careers.models.selection.reference import SelectionAction
from abdi.careers.permissions.selection import (
    applications_visible_to,
    public_selections,
    selections_visible_to,
)
from abdi.competency import rules as competency_rules
from abdi.competency.selectors import StandardBook, latest_levels
from abdi.core.choices import PositionKind, Predikat
from abdi.core.models import EducationLevel, Rank
from abdi.core.rules import in_force
from abdi.employees.models import (
    AnnualPredikat,
    DisciplineRecord,
    Employee,
    PositionHistory,
)
from abdi.employees.permissions import own_employee
from abdi.learning.models import QuizAttempt
from abdi.learning.rules import DEADLINE_GRACE

# --- reference data -------------------------------------------------------------------------------


def _in_force_per(rows: Iterable[Any], key: Callable[[Any], Any], on: dt.date) -> dict[Any, Any]:
    """{key(row): the row in force on `on`} for a table dated per key (`core.rules.in_force`
    within each key's rows; a key none of whose rows has started is left out)."""
    by_key: dict = defaultdict(list)
    for row in rows:
        by_key[key(row)].append(row)
    found = {k: in_force(group, on) for k, group in by_key.items()}
    return {k: row for k, row in found.items() if row is not None}


def selection_tables() -> rules.Tables:
    return rules.Tables(
        education={e.code: (e.name, e.order) for e in EducationLevel.objects.all()},
        ranks={r.code: (r.code, r.order) for r in Rank.objects.filter(kind="pns")},
        predikats=[(p.value, str(p.label)) for p in Predikat],
        position_kinds={k.value: str(k.label) for k in PositionKind},
    )


def panel_limits(on: dt.date | None = None) -> rules.PanelLimits:
    rows = _in_force_per(
        SelectionParameter.objects.all(), lambda r: r.key, on or timezone.localdate()
    )
    key = SelectionParameter.Key
    default = rules.PanelLimits()
    return rules.PanelLimits(
        minimum=rows[key.PANEL_MIN].value if key.PANEL_MIN in rows else default.minimum,
        maximum=rows[key.PANEL_MAX].value if key.PANEL_MAX in rows else default.maximum,
        max_internal_percent=(
            rows[key.PANEL_MAX_INTERNAL_PERCENT].value
            if key.PANEL_MAX_INTERNAL_PERCENT in rows
            else default.max_internal_percent
        ),
    )


def requirement_defaults(position_kind: str, on: dt.date | None = None) -> list:
    rows = SelectionRequirementDefault.objects.filter(position_kind=position_kind)
    return list(_in_force_per(rows, lambda r: r.rule, on or timezone.localdate()).values())


def stage_defaults(selection_kind: str, on: dt.date | None = None) -> list:
    rows = SelectionStageDefault.objects.filter(selection_kind=selection_kind)
    found = _in_force_per(rows, lambda r: r.stage, on or timezone.localdate()).values()
    return sorted(found, key=lambda r: r.order)


def track_record_points(on: dt.date | None = None) -> dict[str, Decimal]:
    rows = _in_force_per(
        TrackRecordPoint.objects.all(), lambda r: r.item, on or timezone.localdate()
    )
    return {k: r.points for k, r in rows.items()}


# --- facts ----------------------------------------------------------------------------------------


@dataclass
class FactParts:
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


def fact_parts(employee_ids: Sequence[int], *, jpm: bool = True) -> FactParts:
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
    levels = latest_levels(list(employee_ids)) if jpm else {}
    return FactParts(employees, spells, predikats, sanctions, levels)


def spells_of(history: Sequence, position_kind: str | None, since: dt.date | None) -> tuple:
    """The position spells the rules count: the history, else (none recorded) the current
    post since its TMT."""
    if not history and position_kind is not None and since:
        return (rules.Spell(position_kind, since),)
    return tuple(history)


def candidate_of(
    e: Employee, parts: FactParts, targets: Sequence, book: StandardBook | None
) -> rules.CandidateFacts:
    position, education, rank = e.position, e.education_level, e.rank
    spells = spells_of(
        parts.spells.get(e.pk, []),
        position.kind if position is not None else None,
        e.position_effective_from,
    )
    levels = parts.levels.get(e.pk, {})
    return rules.CandidateFacts(
        birth_date=e.birth_date,
        education=(education.name, education.order) if education is not None else None,
        rank=(rank.code, rank.order) if rank is not None and rank.kind == "pns" else None,
        spells=spells,
        predikats=dict(parts.predikats.get(e.pk, {})),
        sanctions=tuple(parts.sanctions.get(e.pk, [])),
        jpm={t.name: competency_rules.jpm(levels, book.required(t.pk, t.kind)) for t in targets}
        if book is not None
        else None,
    )


def employee_facts(
    employee_ids: Sequence[int], targets: Sequence, on: dt.date, *, jpm: bool = True
) -> dict[int, rules.CandidateFacts]:
    """Facts of many employees in a fixed number of queries (education, rank, position spells,
    annual predikat, discipline, JPM against each target post). Without `jpm` the competency
    levels and standards are not read (four queries fewer) and the JPM is unknown."""
    parts = fact_parts(employee_ids, jpm=jpm)
    book = StandardBook([t.pk for t in targets], on=on) if jpm else None
    return {e.pk: candidate_of(e, parts, targets if jpm else [], book) for e in parts.employees}


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


def requirements_of(selection: Selection) -> list[rules.Requirement]:
    rows = getattr(selection, "_prefetched_objects_cache", {}).get("requirements")
    if rows is None:
        rows = selection.requirements.all()
    return [rules.Requirement(r.rule, r.params, r.pk) for r in rows]


def targets_of(selection: Selection) -> list:
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
        requirements_of(selection),
        facts,
        closing=selection.closes_on,
        tables=tables or selection_tables(),
    )
    by_requirement = {o.requirement_id: o for o in overrides}
    return Eligibility(results, by_requirement, rules.is_eligible(results, set(by_requirement)))


def application_eligibility(application: Application) -> Eligibility:
    selection = application.selection
    if application.employee_id:
        facts = employee_facts(
            [application.employee_id], targets_of(selection), selection.closes_on
        )[application.employee_id]
    else:
        facts = external_facts(application)
    return eligibility_of(selection, facts, overrides=application.overrides.all())


def asks_jpm(selection: Selection) -> bool:
    return any(r.rule == "min_jpm" for r in requirements_of(selection))


def employee_eligibility(employee: Employee, selection: Selection) -> Eligibility:
    facts = employee_facts(
        [employee.pk], targets_of(selection), selection.closes_on, jpm=asks_jpm(selection)
    )[employee.pk]
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
    jpm = any(asks_jpm(s) for s in selections)
    parts = fact_parts([employee.pk], jpm=jpm)
    targets = {t.pk: t for s in selections for t in s.positions.all()}
    book = StandardBook(list(targets), on=today) if jpm else None
    rows = []
    for s in selections:
        if not parts.employees:
            break
        facts = candidate_of(
            parts.employees[0], parts, list(s.positions.all()) if jpm else [], book
        )
        rows.append(OpenSelection(s, eligibility_of(s, facts, tables=tables), applied.get(s.pk)))
    rows.sort(key=lambda r: (not r.eligibility.eligible, r.selection.closes_on))
    return rows


# --- lists ----------------------------------------------------------------------------------------


def selection_list(*, user: User, state: str = "") -> QuerySet[Selection]:
    qs = selections_visible_to(user).annotate(applicant_count=Count("applications"))
    if state:
        qs = qs.filter(state=state)
    return qs.prefetch_related("positions").order_by("-opens_on", "-pk")


def public_selection_list() -> QuerySet[Selection]:
    return public_selections().prefetch_related("positions").order_by("-opens_on", "-pk")


def public_results(selection: Selection) -> list:
    """The announced result: the ranked names (after the decision), in order."""
    if selection.state != SelectionState.DECIDED:
        return []
    return list(
        RankingEntry.objects.filter(selection=selection, proposed=True)
        .select_related("application__employee", "application__appointment")
        .order_by("rank")
    )


def selection_detail_queryset(user: User) -> QuerySet[Selection]:
    return selections_visible_to(user).prefetch_related(
        "positions__org_unit",
        "requirements",
        "stages",
        Prefetch("panel", queryset=PanelMember.objects.select_related("user")),
        Prefetch("steps", queryset=SelectionStep.objects.select_related("actor")),
    )


def selection_for_eligibility(user: User) -> QuerySet[Selection]:
    """A selection with what judging one person reads (its target posts and requirements)."""
    return selections_visible_to(user).prefetch_related("positions", "requirements")


def applications_of(selection: Selection, *, user: User) -> QuerySet[Application]:
    return (
        applications_visible_to(user)
        .filter(selection=selection)
        .select_related("employee__org_unit", "employee__position", "objection")
        .order_by("created_at", "pk")
    )


def application_detail_queryset(user: User) -> QuerySet[Application]:
    return applications_visible_to(user).select_related(
        "selection",
        "employee__org_unit",
        "employee__position",
        "external_education",
        "external_rank",
    )


def my_applications(user: User) -> QuerySet[Application]:
    me = own_employee(user)
    if me is None:
        return Application.objects.none()
    return Application.objects.filter(employee=me).select_related("selection").order_by("-pk")


# --- scores and ranking ---------------------------------------------------------------------------


def scored_stages(selection: Selection) -> list[SelectionStage]:
    return [s for s in selection.stages.all() if s.is_scored]


def stage_scores(selection: Selection) -> dict[int, dict[str, Decimal | None]]:
    """{application id: {stage kind: score}} for the applications that passed the
    administrative stage: a panel stage's score is the mean of the submitted scores of the
    members without a conflict with that applicant; track record is its (adjusted) value."""
    stages = scored_stages(selection)
    apps = list(
        Application.objects.filter(
            selection=selection,
            state__in=[
                ApplicationState.ADMIN_PASSED,
                ApplicationState.PROPOSED,
                ApplicationState.NOT_PROPOSED,
                ApplicationState.APPOINTED,
            ],
        ).values_list("pk", flat=True)
    )
    conflicts = set(
        ConflictDeclaration.objects.filter(application_id__in=apps).values_list(
            "member_id", "application_id"
        )
    )
    values: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    for app_id, stage_id, member_id, value in Score.objects.filter(
        application_id__in=apps
    ).values_list("application_id", "stage_id", "member_id", "value"):
        if (member_id, app_id) not in conflicts:
            values[(app_id, stage_id)].append(value)
    tracks = {
        t.application_id: t.value for t in TrackRecord.objects.filter(application_id__in=apps)
    }
    quizzes = quiz_scores(selection, [s for s in stages if s.quiz_id], apps)
    result = {}
    for app_id in apps:
        row: dict[str, Decimal | None] = {}
        for stage in stages:
            if stage.kind == StageKind.TRACK_RECORD:
                row[stage.kind] = tracks.get(app_id)
            elif stage.quiz_id is not None:
                row[stage.kind] = quizzes.get((app_id, stage.pk))
            else:
                row[stage.kind] = rules.mean_score(values.get((app_id, stage.pk), []))
        result[app_id] = row
    return result


@dataclass
class RankingRow:
    application: Application
    rank: int
    total: Decimal
    scores: dict[str, Decimal | None]
    proposed: bool = False


def written_test_stage(application: Application) -> SelectionStage | None:
    """The written test stage taken as an Abdi quiz, if the selection has one."""
    return (
        SelectionStage.objects.filter(
            selection_id=application.selection_id,
            kind=StageKind.WRITTEN_TEST,
            quiz__isnull=False,
        )
        .select_related("quiz")
        .first()
    )


def quiz_scores(
    selection: Selection, stages: Sequence[SelectionStage], application_ids: Sequence[int]
) -> dict[tuple[int, int], Decimal]:
    """{(application id, stage id): quiz score} for the stages taken as an Abdi quiz: the
    applicant's FIRST submitted attempt at the stage's quiz inside the stage's window, scaled
    to the stage's maximum score. An employee's attempt (e-learning) counts when it started
    inside the window and was handed in by its end (or closed by a deadline before it); an
    earlier attempt is practice, a retake never replaces the first. An applicant from another
    agency has one sitting (the one-time link), inside the window by construction. Either ends
    when the ranking was first proposed. A stage without a window (set up before stages had
    one) keeps the old reading: started after registration closed. Four queries."""
    if not stages or not application_ids:
        return {}

    employees = dict(
        Application.objects.filter(pk__in=application_ids, employee__isnull=False).values_list(
            "employee_id", "pk"
        )
    )
    by_quiz = {s.quiz_id: s for s in stages}
    in_window = Q()
    for stage in stages:
        if stage.starts_at is not None and stage.ends_at is not None:
            end = stage.ends_at + DEADLINE_GRACE
            in_window |= Q(
                quiz_id=stage.quiz_id,
                started_at__gte=stage.starts_at,
                started_at__lt=stage.ends_at,
            ) & (Q(submitted_at__lte=end) | Q(deadline__lte=end))
        else:
            in_window |= Q(quiz_id=stage.quiz_id, started_at__date__gt=selection.closes_on)
    attempts = QuizAttempt.objects.filter(
        in_window,
        enrolment__employee_id__in=list(employees),
        submitted_at__isnull=False,
        score__isnull=False,
    )
    sittings = WrittenTestSitting.objects.filter(
        application_id__in=application_ids,
        stage__in=list(stages),
        submitted_at__isnull=False,
        score__isnull=False,
    )
    ranked_at = (
        selection.steps.filter(action=SelectionAction.RANKED)
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )
    if ranked_at is not None:
        attempts = attempts.filter(submitted_at__lte=ranked_at)
        sittings = sittings.filter(submitted_at__lte=ranked_at)
    stage_by_id = {s.pk: s for s in stages}
    first: dict[tuple[int, int], Decimal] = {}

    def scaled(score: Decimal, stage: SelectionStage) -> Decimal:
        return (Decimal(score) * stage.max_score / Decimal(100)).quantize(Decimal("0.01"))

    for employee_id, quiz_id, score in attempts.order_by("started_at", "number", "pk").values_list(
        "enrolment__employee_id", "quiz_id", "score"
    ):
        if score is None:  # excluded above; keeps the type checker informed
            continue
        stage = by_quiz[quiz_id]
        key = (employees[employee_id], stage.pk)
        if key not in first:
            first[key] = scaled(score, stage)
    for application_id, stage_id, score in sittings.values_list(
        "application_id", "stage_id", "score"
    ):
        if score is not None:
            first.setdefault((application_id, stage_id), scaled(score, stage_by_id[stage_id]))
    return first


def live_ranking(selection: Selection) -> list[RankingRow]:
    stages = scored_stages(selection)
    weights = {s.kind: s.weight for s in stages}
    order = [s.kind for s in selection.stages.all()]
    scores = stage_scores(selection)
    apps = Application.objects.select_related("employee").in_bulk(list(scores))
    candidates = [rules.Candidate(pk, scores[pk], apps[pk].created_at) for pk in scores]
    ranked = rules.rank_candidates(candidates, weights, order)
    return [RankingRow(apps[r.key], r.rank, r.total, scores[r.key], r.rank <= 3) for r in ranked]


def ranking_for(selection: Selection) -> list[RankingRow]:
    """The frozen ranking once proposed, else the live one."""
    frozen = list(
        RankingEntry.objects.filter(selection=selection)
        .select_related("application__employee")
        .order_by("rank")
    )
    if frozen:
        return [
            RankingRow(
                e.application,
                e.rank,
                e.total,
                {k: (Decimal(v) if v is not None else None) for k, v in e.stage_scores.items()},
                e.proposed,
            )
            for e in frozen
        ]
    return live_ranking(selection)


def member_scores(application: Application, stage: SelectionStage, member: PanelMember) -> dict:
    """The member's own score, and the others' only once the member has submitted theirs."""
    rows = list(Score.objects.filter(application=application, stage=stage).select_related("member"))
    own = next((r for r in rows if r.member_id == member.pk), None)
    others = [r for r in rows if r.member_id != member.pk] if own else []
    return {"own": own, "others": others, "hidden": len(rows) - (1 if own else 0) if not own else 0}


def track_record_of(application: Application) -> TrackRecord | None:
    return TrackRecord.objects.filter(application=application).first()


def required_document_names(selection: Selection) -> list[str]:
    return [str(n) for n in (selection.required_documents or []) if str(n).strip()]


def selection_requirements(selection: Selection) -> QuerySet[SelectionRequirement]:
    return selection.requirements.all()
