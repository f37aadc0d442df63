"""Reads of the complaints pages, the API, the tracking page, tasks and the scorecard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypedDict, TypeVar

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from abdi.accounts.models import User
from abdi.employees.models import Employee
from abdi.employees.selectors import supervisor_of
from abdi.feedback.choices import ComplaintAction, ComplaintStatus
from abdi.feedback.models import Complaint, ComplaintDeadlineRule, ComplaintEvent
from abdi.feedback.permissions import (
    complaints_visible_to,
    is_complaint_coordinator,
    scorecard_paths,
)
from abdi.feedback.rules import complaints as rules
from abdi.feedback.selectors.surveys import ikm_by_unit
from abdi.org.models import OrgUnit

DEFAULT_DAYS = {"verification": 3, "follow_up": 5, "auto_close": 10, "completion": 60}


def deadline_days(step: str, *, on: dt.date | None = None) -> int:
    """The number of (working) days of a handling step, from the reference table."""
    on = on or timezone.localdate()
    row = (
        ComplaintDeadlineRule.objects.filter(step=step, effective_from__lte=on)
        .order_by("-effective_from")
        .values_list("days", flat=True)
        .first()
    )
    return row if row is not None else DEFAULT_DAYS[step]


def overdue_q(now: dt.datetime) -> Q:
    return Q(status__in=rules.WAITING_VERIFICATION, verification_due__lt=now) | Q(
        status__in=rules.WAITING_FOLLOW_UP, follow_up_due__lt=now
    )


def complaint_inbox(*, user: User, filters: dict | None = None) -> QuerySet[Complaint]:
    """The inbox: scoped, filtered, oldest deadline first among open ones."""
    filters = filters or {}
    qs = complaints_visible_to(user).select_related("org_unit", "dispatched_unit", "service")
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("unit"):
        unit = filters["unit"]
        qs = qs.filter(
            Q(org_unit__path__startswith=unit.path) | Q(dispatched_unit__path__startswith=unit.path)
        )
    if filters.get("overdue"):
        qs = qs.filter(overdue_q(timezone.now()))
    if filters.get("q"):
        term = filters["q"].strip()
        qs = qs.filter(
            Q(tracking_code__iexact=rules.normalize_tracking_code(term) or term)
            | Q(title__icontains=term)
            | Q(external_id__iexact=term)
        )
    return qs.order_by("-received_at", "-pk")


def inbox_unit(unit_id: str) -> OrgUnit | None:
    """The unit an inbox filter names by its id (as a query string gives it); None for an unknown
    or malformed id."""
    return OrgUnit.objects.filter(pk=int(unit_id) if unit_id.isdigit() else 0).first()


def employee_by_nip(nip: str) -> Employee | None:
    """The employee a handler links a complaint to, named by NIP."""
    return Employee.objects.filter(nip=nip).first()


ComplaintsT = TypeVar("ComplaintsT", bound=Iterable[Complaint])


def mark_overdue(complaints: ComplaintsT, now: dt.datetime | None = None) -> ComplaintsT:
    """Set `overdue` on each complaint (the deadline it has missed, or "")."""
    now = now or timezone.now()
    for c in complaints:
        c.overdue = rules.overdue_step(
            c.status, now=now, verification_due=c.verification_due, follow_up_due=c.follow_up_due
        )
    return complaints


def complaint_detail_queryset(*, user: User) -> QuerySet[Complaint]:
    return (
        complaints_visible_to(user)
        .select_related(
            "org_unit",
            "dispatched_unit",
            "service",
            "employee",
            "employee__org_unit",
            "employee_linked_by",
        )
        .prefetch_related(
            Prefetch("events", queryset=ComplaintEvent.objects.select_related("actor")),
            "attachments",
        )
    )


def public_complaint(code: str) -> Complaint | None:
    """By tracking code, for the public page. Always one query, whatever the input, so an unknown
    and a malformed code cost the same."""
    normalized = rules.normalize_tracking_code(code)
    return (
        Complaint.objects.select_related("org_unit", "service")
        .filter(tracking_code=normalized or "-")
        .first()
    )


@dataclass(frozen=True)
class PublicEvent:
    at: dt.datetime
    label: str
    status: str
    status_label: str
    message: str
    from_reporter: bool


PUBLIC_ACTIONS_WITHOUT_MESSAGE = {
    ComplaintAction.SUBMIT,
    ComplaintAction.IMPORT,
    ComplaintAction.VERIFY,
    ComplaintAction.POSTPONE,
    ComplaintAction.NOT_AUTHORITY,
    ComplaintAction.ARCHIVE,
    ComplaintAction.DISPATCH,
    ComplaintAction.RESPOND,
    ComplaintAction.CLOSE,
    ComplaintAction.AUTO_CLOSE,
    ComplaintAction.REOPEN,
    ComplaintAction.CITIZEN_REPLY,
    ComplaintAction.RATE,
}


def public_timeline(complaint: Complaint) -> list[PublicEvent]:
    """Status changes and public messages only: no internal notes, no names of officers, no
    escalation or employee links."""
    rows = []
    labels = dict(ComplaintStatus.choices)
    for event in complaint.events.order_by("created_at", "pk"):
        if event.action not in PUBLIC_ACTIONS_WITHOUT_MESSAGE and not event.public_message:
            continue
        rows.append(
            PublicEvent(
                at=event.created_at,
                label=event.get_action_display(),
                status=event.to_status,
                status_label=str(labels.get(event.to_status, "")),
                message=event.public_message,
                from_reporter=event.action
                in (ComplaintAction.CITIZEN_REPLY, ComplaintAction.REOPEN, ComplaintAction.RATE)
                or event.action == ComplaintAction.SUBMIT,
            )
        )
    return rows


def complaints_due_for_auto_close(now: dt.datetime) -> QuerySet[Complaint]:
    """Followed up, past auto_close_due, and no reply from the reporter since the follow-up."""
    reply_after = ComplaintEvent.objects.filter(
        complaint=OuterRef("pk"),
        action=ComplaintAction.CITIZEN_REPLY,
        created_at__gt=OuterRef("followed_up_at"),
    )
    return Complaint.objects.filter(
        status=ComplaintStatus.FOLLOWED_UP, auto_close_due__lt=now
    ).exclude(Exists(reply_after))


def complaints_to_escalate(now: dt.datetime) -> QuerySet[Complaint]:
    """Overdue and not yet escalated in the current step."""
    return Complaint.objects.filter(overdue_q(now), escalated_at__isnull=True).select_related(
        "org_unit", "dispatched_unit"
    )


def complaints_about_employee(user: User, employee: Employee) -> QuerySet[Complaint]:
    """Substantiated complaints linked to an employee: for the employee's appraiser (as an input
    beside the SKP evaluation, never a penalty) and for the complaint handlers; nobody else."""
    qs = Complaint.objects.filter(employee=employee).order_by("-received_at")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_complaint_coordinator(user):
        return qs
    appraiser = supervisor_of(employee, on=timezone.localdate())
    if appraiser is not None and appraiser.user_id == user.pk:
        return qs
    return qs.none()


# --- scorecard --------------------------------------------------------------------------------


# A unit's IKM of a survey period: (period label "MM/YYYY", IKM 25–100, grade or "").
IkmPoint = tuple[str, Decimal, str]


@dataclass
class ScorecardRow:
    unit: OrgUnit
    received: int = 0
    on_time: int = 0
    counted: int = 0
    on_time_share: float | None = None
    median_days: float | None = None
    average_rating: float | None = None
    ratings: int = 0
    ikm: list[IkmPoint] | None = None  # from the survey selector, if any


@dataclass
class _UnitTally:
    """A unit's complaints of the year, as the scorecard counts them."""

    n: int = 0
    pairs: list[tuple[dt.datetime | None, dt.datetime]] = field(default_factory=list)
    durations: list[dt.timedelta] = field(default_factory=list)
    ratings: list[int] = field(default_factory=list)


def scorecard(*, user: User, year: int) -> list[ScorecardRow]:
    """Per unit: complaints received in the year, followed up on time (share), median days from
    receipt to follow-up, average rating of the reporters, and the IKM trend."""
    now = timezone.now()
    qs = Complaint.objects.filter(received_at__year=year)
    paths = scorecard_paths(user)
    if paths is not None:
        if not paths:
            return []
        cond = Q(pk__in=[])
        for p in paths:
            cond |= Q(org_unit__path__startswith=p)
        qs = qs.filter(cond)
    data: dict[int, _UnitTally] = {}
    for unit_id, received_at, followed_up_at, follow_up_due, rating in qs.values_list(
        "org_unit_id", "received_at", "followed_up_at", "follow_up_due", "rating"
    ):
        row = data.setdefault(unit_id, _UnitTally())
        row.n += 1
        if follow_up_due is not None:
            row.pairs.append((followed_up_at, follow_up_due))
        if followed_up_at is not None:
            row.durations.append(followed_up_at - received_at)
        if rating is not None:
            row.ratings.append(rating)
    ikm = _ikm_trend(user)
    unit_ids = set(data) | set(ikm or {})
    units = OrgUnit.objects.in_bulk(list(unit_ids))
    if paths is not None:  # survey units outside a scoped leader's subtrees stay out
        units = {k: u for k, u in units.items() if any(u.path.startswith(p) for p in paths)}
    rows = []
    for unit_id, unit in units.items():
        d = data.get(unit_id, _UnitTally())
        on_time, counted, share = rules.on_time_share(d.pairs, now)
        rows.append(
            ScorecardRow(
                unit=unit,
                received=d.n,
                on_time=on_time,
                counted=counted,
                on_time_share=share,
                median_days=rules.median_days(d.durations),
                average_rating=rules.mean(d.ratings),
                ratings=len(d.ratings),
                ikm=ikm.get(unit_id) if ikm is not None else None,
            )
        )
    rows.sort(key=lambda r: r.unit.path)
    return rows


IKM_CHART_UNITS = 8


class ChartDataset(TypedDict):
    label: str
    data: list[float | None]


class ChartData(TypedDict):
    """Chart.js line data: {"labels": ["01/2026", ...], "datasets": [...]}."""

    labels: list[str]
    datasets: list[ChartDataset]


def ikm_chart(rows: list[ScorecardRow]) -> ChartData | None:
    """The IKM trend of the units with the most survey periods, as Chart.js line data:
    {"labels": ["01/2026", ...], "datasets": [{"label": unit, "data": [82.8, null, ...]}]}.
    The scorecard's table keeps the same numbers for screen readers and without JavaScript."""
    with_trend = [(r.unit, r.ikm) for r in rows if r.ikm]
    if not with_trend:
        return None
    with_trend.sort(key=lambda pair: (-len(pair[1]), pair[0].name))
    chosen = with_trend[:IKM_CHART_UNITS]

    def order(label: str) -> tuple[int, int]:
        month, _sep, year = label.partition("/")
        return (int(year or 0), int(month or 0)) if month.isdigit() else (0, 0)

    labels = sorted({label for _unit, ikm in chosen for label, _v, _g in ikm}, key=order)
    datasets: list[ChartDataset] = []
    for unit, ikm in chosen:
        values = {label: float(value) for label, value, _g in ikm}
        datasets.append({"label": unit.name, "data": [values.get(x) for x in labels]})
    return {"labels": labels, "datasets": datasets}


def _ikm_trend(user: User) -> dict[int, list[IkmPoint]] | None:
    """Per unit, the IKM (25–100) of its latest survey periods, oldest first, from the survey
    module's `ikm_by_unit`: [(period label, ikm_100, grade)]. None when that is unavailable
    (the scorecard then shows "—")."""
    out: dict[int, list[IkmPoint]] = {}
    for unit_id, unit_ikm in ikm_by_unit(user=user, units=None).items():
        out[unit_id] = [
            (f"{p.period_start:%m/%Y}", p.ikm_100, p.grade or "")
            for p in unit_ikm.trend
            if p.ikm_100 is not None
        ]
    return out
