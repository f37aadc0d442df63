"""Who moved since the last talent review: placements whose box differs from the box the review
saw (or, before any review, from last year's box), and successors whose readiness changed, who
were named or who left a plan since the review's date. Scoped like the talent map (boxes) and the
succession pages (readiness); each list is a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from abdi.org.models import OrgUnit
from abdi.talent.models import ReviewedPlacement, Successor, TalentPlacement, TalentReview
from abdi.talent.selectors.placement import scoped_placements
from abdi.talent.selectors.succession import critical_positions_visible_to

READINESS_EVENTS_SHOWN = 500


def last_review(*, unit: OrgUnit | None = None) -> TalentReview | None:
    """The latest committee meeting covering the unit: one for the unit, a unit above it, or the
    whole agency (org_unit empty)."""
    qs = TalentReview.objects.select_related("org_unit").order_by("-held_on", "-pk")
    if unit is not None:
        ancestors = [
            unit.path[:n] for n in range(OrgUnit.steplen, len(unit.path) + 1, OrgUnit.steplen)
        ]
        qs = qs.filter(Q(org_unit__isnull=True) | Q(org_unit__path__in=ancestors))
    return qs.first()


def box_moves(
    user, *, year: int, review: TalentReview | None, unit: OrgUnit | None = None
) -> QuerySet[TalentPlacement]:
    """Placements of `year` whose box differs from the baseline: the box the review saw (for
    the employees it reviewed), or last year's box when there is no review. An employee who
    became not mappable counts as a move (to no box)."""
    qs = scoped_placements(user, year=year, unit=unit)
    if review is not None:
        seen = ReviewedPlacement.objects.filter(review=review, employee_id=OuterRef("employee_id"))
        qs = qs.filter(employee_id__in=ReviewedPlacement.objects.filter(review=review).values(
            "employee_id"
        )).annotate(
            baseline=Subquery(seen.values("box")[:1], output_field=IntegerField())
        )  # fmt: skip
    else:
        qs = qs.filter(previous_box__isnull=False).annotate(baseline=F("previous_box"))
    moved = Q(box__isnull=True, baseline__isnull=False) | Q(
        box__isnull=False, baseline__isnull=True
    )
    moved |= Q(box__isnull=False, baseline__isnull=False) & ~Q(box=F("baseline"))
    return (
        qs.filter(moved)
        .select_related("employee", "position", "org_unit")
        .order_by("unit_path", "name", "employee_id")
    )


@dataclass
class ReadinessEvent:
    when: dt.datetime
    successor_id: int
    employee_name: str
    employee_nip: str
    position_name: str
    change: str  # "named", "changed", "ended"
    before: str
    after: str
    by: str


def readiness_changes(user, *, since: dt.date, unit: OrgUnit | None = None) -> list[ReadinessEvent]:
    """Successors named, whose readiness changed, or who left a plan since `since`, on the
    critical positions the user sees (newest first): two queries."""
    positions = critical_positions_visible_to(user)
    if unit is not None:
        positions = positions.filter(org_unit__path__startswith=unit.path)
    History = Successor.history.model
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    touched = History.objects.filter(
        position_id__in=positions.values("pk"), history_date__gte=start
    ).values("id")
    rows = list(
        History.objects.filter(id__in=touched)
        .select_related("employee", "position", "history_user")
        .order_by("id", "history_date", "history_id")
    )
    labels = dict(Successor._meta.get_field("readiness").choices or [])
    events: list[ReadinessEvent] = []
    previous = None
    for row in rows:
        if previous is not None and previous.id != row.id:
            previous = None
        if row.history_date >= start:
            change = ""
            if previous is None and row.history_type == "+":
                change = "named"
            elif previous is not None and previous.is_active and not row.is_active:
                change = "ended"
            elif previous is not None and previous.readiness != row.readiness:
                change = "changed"
            if change:
                events.append(
                    ReadinessEvent(
                        when=row.history_date,
                        successor_id=row.id,
                        employee_name=row.employee.name,
                        employee_nip=row.employee.nip,
                        position_name=row.position.name,
                        change=change,
                        before=str(labels.get(previous.readiness, "")) if previous else "",
                        after=str(labels.get(row.readiness, row.readiness)),
                        by=str(row.history_user or ""),
                    )
                )
        previous = row
    events.sort(key=lambda e: e.when, reverse=True)
    return events[:READINESS_EVENTS_SHOWN]
