"""Opening an individual development plan (IDP) for a year and proposing its items from the competency gaps and a below-expectation evaluation; a new proposal refreshes what it proposed before and leaves hand-edited items alone. Each service checks permission, validates everything before writing (a clear Indonesian message, nothing written) and runs in one transaction (docs/decisions/0035-learning-plans.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.accounts.models import User
from abdi.competency.selectors import employee_gaps
from abdi.core.audit import records_actor
from abdi.core.notifications import Text, notify
from abdi.core.services import user_of
from abdi.employees.models import Employee
from abdi.employees.permissions import own_employee
from abdi.learning.choices import (
    PlanItemKind,
    PlanItemSource,
    PlanItemStatus,
)
from abdi.learning.models import DevelopmentPlan, DevelopmentPlanItem
from abdi.learning.permissions.plans import (
    can_edit_plan,
    is_plan_owner,
)
from abdi.learning.selectors.plans import (
    Candidate,
    kind_for_programme,
    programme_candidates,
    ranked,
)
from abdi.learning.services.plans.items import plan_url, require_editable
from abdi.performance.choices import EvaluationStatus, Rating
from abdi.performance.models import Evaluation

# simple-history's change reason on every save a proposal makes: an item whose history has an
# update without it was changed by hand, and a new proposal leaves it alone.
PROPOSAL_REASON = "plan_propose"
PROPOSED_SOURCES = (PlanItemSource.GAP, PlanItemSource.EVALUATION)

if TYPE_CHECKING:
    from abdi.performance.models import Evaluation


def allowed_years(today: dt.date | None = None) -> tuple[int, int]:
    """A plan is made for this year or, from the year's end, for the next."""
    today = today or timezone.localdate()
    return (today.year, today.year + 1)


def _check_year(year: int) -> None:
    if year not in allowed_years():
        first, second = allowed_years()
        raise ValidationError(
            {
                "year": [
                    _("Rencana hanya dapat dibuat untuk tahun %(a)d atau %(b)d.")
                    % {"a": first, "b": second}
                ]
            }
        )


def _clamp(date: dt.date, year: int) -> dt.date:
    return min(max(date, dt.date(year, 1, 1)), dt.date(year, 12, 31))


def _target(year: int, days: int) -> dt.date:
    """`days` from today (or from the year's start, for next year's plan), inside the year."""
    start = max(timezone.localdate(), dt.date(year, 1, 1))
    return _clamp(start + dt.timedelta(days=days), year)


# --- opening and proposing ------------------------------------------------------------------


def _require_owner_or_superior(actor: User, employee: Employee) -> None:
    probe = DevelopmentPlan(employee=employee)
    if not can_edit_plan(actor, probe):
        raise PermissionDenied(
            _("Hanya pegawai yang bersangkutan dan atasannya yang dapat menyusun rencana ini.")
        )


def _get_or_create_plan(employee: Employee, year: int) -> tuple[DevelopmentPlan, bool]:
    plan, created = DevelopmentPlan.objects.get_or_create(employee=employee, year=year)
    if not created:
        plan = DevelopmentPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    plan.employee = employee
    return plan, created


@records_actor
@transaction.atomic
def plan_start(*, actor: User, employee: Employee, year: int) -> DevelopmentPlan:
    """The employee's plan for the year, created empty (draft) if there is none. A superior may
    start it for a subordinate (the employee is then told, since the plan is theirs to fill in
    and submit); an existing plan is returned as it is."""
    _require_owner_or_superior(actor, employee)
    existing = DevelopmentPlan.objects.filter(employee=employee, year=year).first()
    if existing is not None:
        return existing
    _check_year(year)
    plan, created = _get_or_create_plan(employee, year)
    if created and not is_plan_owner(actor, plan):
        me = own_employee(actor)
        notify(
            user=user_of(employee),
            verb="idp_started",
            message=Text(
                gettext_noop(
                    "%(who)s menyusun rencana pengembangan %(year)d untuk Anda; lengkapi butirnya "
                    "lalu ajukan untuk disepakati."
                ),
                {"who": me.name if me else actor.get_username(), "year": year},
            ),
            url=plan_url(plan),
        )
    return plan


@dataclass
class Proposal:
    plan: DevelopmentPlan
    added: list[DevelopmentPlanItem] = field(default_factory=list)
    refreshed: list[DevelopmentPlanItem] = field(default_factory=list)
    withdrawn: int = 0


def _hand_edited(item_ids: Collection[int]) -> set[int]:
    """Items whose history shows a change a proposal did not make."""
    if not item_ids:
        return set()
    history = DevelopmentPlanItem.history.model
    return set(
        history.objects.filter(id__in=item_ids, history_type="~")
        .filter(Q(history_change_reason__isnull=True) | ~Q(history_change_reason=PROPOSAL_REASON))
        .values_list("id", flat=True)
    )


def _below_expectation(employee: Employee, year: int) -> Evaluation | None:
    """The latest released (or acknowledged) evaluation of the year or the one before in which
    work results or behaviour were below expectation, or None."""
    return (
        Evaluation.objects.filter(
            skp__employee=employee,
            period__performance_year__year__in=[year, year - 1],
            status__in=[EvaluationStatus.RELEASED, EvaluationStatus.ACKNOWLEDGED],
        )
        .filter(Q(work_result_rating=Rating.BELOW) | Q(behaviour_rating=Rating.BELOW))
        .select_related("period")
        .order_by("-period__end", "-pk")
        .first()
    )


def _evaluation_description(evaluation: Evaluation) -> str:
    work = evaluation.work_result_rating == Rating.BELOW
    behaviour = evaluation.behaviour_rating == Rating.BELOW
    if work and behaviour:
        text = _(
            "Coaching kinerja oleh atasan: hasil kerja dan perilaku kerja di bawah ekspektasi pada periode %(code)s."
        )
    elif work:
        text = _(
            "Coaching kinerja oleh atasan: hasil kerja di bawah ekspektasi pada periode %(code)s."
        )
    else:
        text = _(
            "Coaching kinerja oleh atasan: perilaku kerja di bawah ekspektasi pada periode %(code)s."
        )
    return text % {"code": evaluation.period.code}


def _gap_proposal(gap: dict[str, Any], candidates: list[Candidate], year: int) -> dict[str, Any]:
    """The fields of the item a gap proposes: the best programme, its kind, a target date."""
    competency, required, actual = gap["competency"], gap["required"], gap["actual"]
    best = ranked(candidates, required)[0] if candidates else None
    level = _("belum diases") if actual is None else str(actual)
    description = _("Kesenjangan %(name)s: level %(actual)s dari standar %(required)d.") % {
        "name": competency.name,
        "actual": level,
        "required": required,
    }
    if best is None:
        kind = PlanItemKind.MENTORING if gap["gap"] >= 2 else PlanItemKind.COACHING
        return {
            "kind": kind,
            "programme": None,
            "target_date": _target(year, 120),
            "description": description,
        }
    if best.session is not None and best.session.end_date.year == year:
        target = best.session.end_date
    elif best.has_course:
        target = _target(year, 60)
    else:
        target = _target(year, 180)
    return {
        "kind": kind_for_programme(best.programme),
        "programme": best.programme,
        "target_date": _clamp(target, year),
        "description": description,
    }


def _save_proposed(item: DevelopmentPlanItem) -> None:
    item._change_reason = PROPOSAL_REASON  # type: ignore[attr-defined]  # simple-history's hook
    item.save()


def _refresh(item: DevelopmentPlanItem, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(item, name) != value:
            setattr(item, name, value)
            changed = True
    if changed:
        _save_proposed(item)
    return changed


@records_actor
@transaction.atomic
def plan_propose(*, actor: User, employee: Employee, year: int) -> Proposal:
    """Create (or refresh the proposed items of) the employee's plan for the year:

    - one item per competency below the current position's standard (source "gap", the gap
      stored), with the best active programme addressing it (reaches the required level, can
      be taken now, closest level) and its kind, else coaching (gap 1) or mentoring (gap ≥ 2);
    - one coaching item (source "evaluation", no competency) when a released or acknowledged
      evaluation of the year or the one before rated work results or behaviour below
      expectation.

    A competency that already has an item (of any source or status) gets no second one; a plan
    has at most one evaluation item. Proposed items that are still planned and that nobody
    changed by hand are refreshed, and withdrawn when their reason is gone; every other item is
    left as it is. Only a draft or returned plan takes proposals."""
    _require_owner_or_superior(actor, employee)
    _check_year(year)
    plan, _created = _get_or_create_plan(employee, year)
    require_editable(plan)

    items = list(plan.items.all())
    edited = _hand_edited([i.pk for i in items])
    untouched = {
        i.pk
        for i in items
        if i.source in PROPOSED_SOURCES
        and i.status == PlanItemStatus.PLANNED
        and i.pk not in edited
    }
    proposal = Proposal(plan=plan)

    gaps = [g for g in employee_gaps(employee)["gaps"] if g["gap"] > 0]
    wanted = {g["competency"].pk for g in gaps}
    candidates = programme_candidates(wanted, year=year)
    for gap in gaps:
        competency = gap["competency"]
        values = _gap_proposal(gap, candidates.get(competency.pk, []), year)
        values["gap"] = gap["gap"]
        same = [i for i in items if i.competency_id == competency.pk]
        mine = [i for i in same if i.source == PlanItemSource.GAP and i.pk in untouched]
        if mine:
            if _refresh(mine[0], values):
                proposal.refreshed.append(mine[0])
            continue
        if same:
            continue
        item = DevelopmentPlanItem(
            plan=plan, competency=competency, source=PlanItemSource.GAP, **values
        )
        _save_proposed(item)
        items.append(item)
        proposal.added.append(item)

    stale = [
        i
        for i in items
        if i.pk in untouched and i.source == PlanItemSource.GAP and i.competency_id not in wanted
    ]

    evaluation = _below_expectation(employee, year)
    previous = [i for i in items if i.source == PlanItemSource.EVALUATION]
    if evaluation is not None:
        values = {
            "kind": PlanItemKind.COACHING,
            "competency": None,
            "programme": None,
            "description": _evaluation_description(evaluation),
        }
        if not previous:
            item = DevelopmentPlanItem(
                plan=plan,
                source=PlanItemSource.EVALUATION,
                target_date=_target(year, 90),
                **values,
            )
            _save_proposed(item)
            proposal.added.append(item)
        elif previous[0].pk in untouched and _refresh(previous[0], values):
            proposal.refreshed.append(previous[0])
    else:
        stale += [i for i in previous if i.pk in untouched]

    for item in stale:
        item._change_reason = PROPOSAL_REASON  # type: ignore[attr-defined]  # simple-history's hook
        item.delete()
    proposal.withdrawn = len(stale)
    return proposal
