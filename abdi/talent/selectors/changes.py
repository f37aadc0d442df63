"""Who moved since the last talent review: placements whose box differs from the box the review
saw (or, before any review, from last year's box), and successors whose readiness changed, who
were named or who left a plan since the review's date. Scoped like the talent map (boxes) and the
succession pages (readiness); each list is a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from abdi.accounts.models import User
from abdi.org.models import OrgUnit
from abdi.talent.models import ReviewedPlacement, Successor, TalentPlacement, TalentReview
from abdi.talent.permissions import talent_paths
from abdi.talent.selectors.placement import scoped_placements
from abdi.talent.selectors.succession import critical_positions_visible_to

READINESS_EVENTS_SHOWN = 500


def last_review(*, year: int, unit: OrgUnit | None = None) -> TalentReview | None:
    """The latest committee meeting of the mapping `year` that covered all of `unit`: one held
    for the unit or a unit above it, or an agency-wide one (org_unit empty). Without a unit,
    only agency-wide meetings: a meeting of one unit saw only that unit's people. A meeting of
    one position level saw only that level, so it is never the baseline of a whole unit."""
    qs = TalentReview.objects.select_related("org_unit").filter(year=year, level="")
    if unit is None:
        qs = qs.filter(org_unit__isnull=True)
    else:
        ancestors = [
            unit.path[:n] for n in range(OrgUnit.steplen, len(unit.path) + 1, OrgUnit.steplen)
        ]
        qs = qs.filter(Q(org_unit__isnull=True) | Q(org_unit__path__in=ancestors))
    return qs.order_by("-held_on", "-pk").first()


def scope_unit(user: User) -> OrgUnit | None:
    """The unit whose review is the baseline of a user who picked none: none for the agency-wide
    (BKPSDM, agency-wide leaders); for a leader scoped to units, the deepest unit above all of
    them (their OPD when they have one), none when their units share no ancestor."""
    paths = talent_paths(user)
    if not paths:
        return None
    common = paths[0]
    for path in paths[1:]:
        n = 0
        while n < min(len(common), len(path)) and common[n] == path[n]:
            n += 1
        common = common[:n]
    common = common[: len(common) - len(common) % OrgUnit.steplen]
    if not common:
        return None
    return OrgUnit.objects.filter(path=common).first()


def box_moves(
    user: User, *, year: int, review: TalentReview | None, unit: OrgUnit | None = None
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


def readiness_changes(
    user: User, *, since: dt.date, unit: OrgUnit | None = None
) -> list[ReadinessEvent]:
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
