"""Everyone's eligibility for a selection, judged as a set (the worker's read).

One query judges every active employee on the requirements a bound decides
(`rules.eligibility_sets`): one boolean column per requirement, portable ORM expressions
(a comparison, or EXISTS over the predikat and discipline records). Only the employees who
pass all of those (or whose failures BKPSDM overrode on their application) are judged on the
remaining requirements by the per-person rules, `batch_size` at a time: at 100,000 employees a
few thousand instead of everyone, and no reason text is written for anyone else.

What is stored per employee: eligible or not, and the failed requirements as
{"rule", "requirement"}. An employee who fails a set-judged requirement is not judged on the
per-person ones (the verdict is already certain), so their list holds the set-judged failures
only; the employee's own page judges everything and says why."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import Combinable

from abdi.careers import rules
from abdi.careers.models.selection import EligibilityOverride, EligibilityRun, Selection
from abdi.careers.rules import eligibility_sets as sets
from abdi.careers.selectors.selection import (
    requirements_of,
    selection_tables,
    spells_of,
    targets_of,
)
from abdi.competency import rules as competency_rules
from abdi.competency.selectors import StandardBook, latest_levels
from abdi.employees.models import AnnualPredikat, DisciplineRecord, Employee, PositionHistory

# (employee id, eligible, failed requirements [{"rule", "requirement"}])
Row = tuple[int, bool, list[dict]]


def _test(
    req: rules.Requirement, tables: rules.Tables, selection: Selection
) -> Q | Combinable | None:
    """The requirement as a boolean SQL expression over an employee (None / NULL: fails)."""
    closing = selection.closes_on
    if req.rule == "max_age":
        return Q(birth_date__gt=sets.latest_failing_birth(req.params, closing))
    if req.rule == "min_education":
        order = sets.minimum_order(tables.education, req.params.get("level"))
        return None if order is None else Q(education_level__order__gte=order)
    if req.rule == "min_rank":
        order = sets.minimum_order(tables.ranks, req.params.get("rank"))
        return None if order is None else Q(rank__kind="pns", rank__order__gte=order)
    if req.rule == "no_discipline":
        return ~Exists(
            DisciplineRecord.objects.filter(employee=OuterRef("pk"), effective_from__lte=closing)
            .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=closing))
            .values("pk")
        )
    if req.rule == "predikat":
        years, allowed = sets.predikat_test(req.params, tables, closing)
        if not years:
            return Value(True)
        if not allowed:
            return None
        test: Q | Combinable = Q()
        for year in years:
            test = test & Exists(
                AnnualPredikat.objects.filter(
                    employee=OuterRef("pk"), year=year, predikat__in=allowed
                ).values("pk")
            )
        return test
    if req.rule in sets.NARROWED_RULES:
        bound = sets.experience_bound(req.params, closing)
        if bound is None:
            return Value(True)
        history = PositionHistory.objects.filter(employee=OuterRef("pk"))
        early = Q(position_effective_from__lte=bound, position__isnull=False)
        if req.rule == "position_experience":
            kinds = list(req.params.get("kinds") or [])
            history = history.filter(position__kind__in=kinds)
            early &= Q(position__kind__in=kinds)
        return Exists(history.filter(effective_from__lte=bound).values("pk")) | (
            ~Exists(PositionHistory.objects.filter(employee=OuterRef("pk")).values("pk")) & early
        )
    return None  # a rule the engine does not know: "unknown", never met


def overrides_of(selection: Selection) -> dict[int, set]:
    """{employee id: the requirements BKPSDM counts as met on their application}."""
    found: dict[int, set] = defaultdict(set)
    for employee_id, requirement_id in EligibilityOverride.objects.filter(
        application__selection=selection, application__employee__isnull=False
    ).values_list("application__employee_id", "requirement_id"):
        found[employee_id].add(requirement_id)
    return found


@dataclass(frozen=True)
class _Plan:
    by_set: list[rules.Requirement]
    by_person: list[rules.Requirement]


def _plan(requirements: Sequence[rules.Requirement]) -> _Plan:
    by_person = [r for r in requirements if r.rule in sets.PERSON_RULES]
    by_set = [r for r in requirements if r.rule not in sets.PERSON_RULES - sets.NARROWED_RULES]
    return _Plan(by_set, by_person)


def _person_facts(
    ids: Sequence[int], targets: Sequence, book: StandardBook, *, jpm: bool
) -> dict[int, rules.CandidateFacts]:
    """What the per-person requirements read (the position spells; the JPM against each
    target post when asked), nothing else: three queries."""
    history: dict[int, list] = defaultdict(list)
    for emp_id, kind, start, end in PositionHistory.objects.filter(employee_id__in=ids).values_list(
        "employee_id", "position__kind", "effective_from", "effective_until"
    ):
        history[emp_id].append(rules.Spell(kind, start, end))
    levels = latest_levels(list(ids)) if jpm else {}
    return {
        pk: rules.CandidateFacts(
            spells=spells_of(history.get(pk, []), kind, since),
            jpm={
                t.name: competency_rules.jpm(levels.get(pk, {}), book.required(t.pk, t.kind))
                for t in targets
            }
            if jpm
            else None,
        )
        for pk, kind, since in Employee.objects.filter(pk__in=ids).values_list(
            "pk", "position__kind", "position_effective_from"
        )
    }


def _failed(reqs: Sequence[rules.Requirement]) -> list[dict]:
    return [{"rule": r.rule, "requirement": r.key} for r in reqs]


def set_verdicts(selection: Selection) -> Iterator[tuple[int, list[rules.Requirement]]]:
    """(employee id, the set-judged requirements they fail) for every active employee, in
    one query."""
    tables = selection_tables()
    plan = _plan(requirements_of(selection))
    columns: dict[str, object] = {}
    for i, req in enumerate(plan.by_set):
        test = _test(req, tables, selection)
        columns[f"req_{i}"] = (
            Value(False)
            if test is None
            else ExpressionWrapper(test, output_field=BooleanField())
            if isinstance(test, Q)
            else test
        )
    qs = Employee.objects.filter(is_active=True).order_by("pk")
    if not columns:
        yield from ((pk, []) for pk in qs.values_list("pk", flat=True))
        return
    for pk, *oks in qs.annotate(**columns).values_list("pk", *columns):
        # NULL (no birth date, education or rank recorded) fails, as "unknown" does
        yield pk, [req for req, ok in zip(plan.by_set, oks, strict=True) if not ok]


def eligibility_rows(selection: Selection, *, batch_size: int = 2000) -> Iterator[list[Row]]:
    """Every active employee's verdict, in lists of at most `batch_size` rows."""
    plan = _plan(requirements_of(selection))
    overridden = overrides_of(selection)
    done: list[Row] = []
    pending: list[tuple[int, list[rules.Requirement]]] = []
    # read whole (a few MB at 100,000) before anything is written on the same connection
    for pk, failed in list(set_verdicts(selection)):
        waived = overridden.get(pk, set())
        if any(r.key not in waived for r in failed) or not plan.by_person:
            done.append((pk, all(r.key in waived for r in failed), _failed(failed)))
            if len(done) >= batch_size:
                yield done
                done = []
        else:
            pending.append((pk, failed))
    if done:
        yield done
    if not pending:
        return
    targets = targets_of(selection)
    tables = selection_tables()
    book = StandardBook([t.pk for t in targets], on=selection.closes_on)
    jpm = any(r.rule == "min_jpm" for r in plan.by_person)
    for start in range(0, len(pending), batch_size):
        chunk = dict(pending[start : start + batch_size])
        rows: list[Row] = []
        with rules.translations_memo():
            for pk, facts in _person_facts(list(chunk), targets, book, jpm=jpm).items():
                results = rules.evaluate(
                    plan.by_person, facts, closing=selection.closes_on, tables=tables
                )
                # a narrowed requirement passed in the set may still fail here (once only)
                failed = [r for r in chunk[pk] if r.rule not in sets.PERSON_RULES] + [
                    rules.Requirement(r.rule, {}, r.requirement) for r in results if not r.passed
                ]
                waived = overridden.get(pk, set())
                rows.append((pk, all(r.key in waived for r in failed), _failed(failed)))
        yield rows


# --- the stored results ------------------------------------------------------------------------


def eligibility_summary(selection: Selection) -> EligibilityRun | None:
    """The stored run of a selection (None before the first), for BKPSDM's page."""
    return EligibilityRun.objects.filter(selection=selection).first()


def eligible_employees(selection: Selection) -> QuerySet[Employee]:
    """The employees the last stored run found eligible (paged by the caller)."""
    return Employee.objects.filter(
        pk__in=selection.eligibility_results.filter(eligible=True).values("employee_id")
    ).select_related("org_unit", "position", "rank")
