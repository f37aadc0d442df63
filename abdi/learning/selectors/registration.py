"""Reads for the registration pages and endpoints. Every list starts from
`registrations_visible_to` (or a narrower scope) and stays at a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from abdi.accounts.models import User
from abdi.employees.models import Employee
from abdi.employees.permissions import below_position_ids, own_employee
from abdi.learning.choices import SEAT_HOLDING, RegistrationStatus
from abdi.learning.models import (
    Attendance,
    DevelopmentPlanItem,
    ReactionSurvey,
    Registration,
    RegistrationStep,
    TrainingSession,
)
from abdi.learning.permissions.registration import registrations_visible_to
from abdi.learning.selectors.catalogue import decorate_sessions


def session_days(session: TrainingSession) -> list[dt.date]:
    """Every day of the session, first to last (attendance is kept per day)."""
    days = (session.end_date - session.start_date).days
    return [session.start_date + dt.timedelta(days=i) for i in range(days + 1)]


def _with_people(qs: QuerySet[Registration]) -> QuerySet[Registration]:
    return qs.select_related(
        "employee", "employee__org_unit", "employee__position", "session__programme"
    )


def steps_of(registration: Registration) -> QuerySet[RegistrationStep]:
    return registration.steps.select_related("actor").order_by("at", "pk")


def waitlist_position(registration: Registration) -> int | None:
    """1 = next in line; None when the registration is not on the waiting list."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        session_id=registration.session_id, status=RegistrationStatus.WAITLISTED
    ).filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def reaction_survey_of(registration: Registration) -> ReactionSurvey | None:
    """The participant's reaction survey of the registration, if they have answered it (the
    caller has already checked that the user may see the registration)."""
    return ReactionSurvey.objects.filter(registration=registration).first()


def session_for_page(session: TrainingSession, *, today: dt.date) -> TrainingSession:
    """The session with `state`, `taken`, `seats_left`, `waitlisted` (see decorate_sessions)."""
    decorate_sessions([session], today=today)
    return session


def own_registration(session: TrainingSession, employee: Employee | None) -> Registration | None:
    """The employee's latest registration for the session (live or not)."""
    if employee is None:
        return None
    return (
        Registration.objects.filter(session=session, employee=employee)
        .order_by("-created_at", "-pk")
        .first()
    )


def plan_items_for(employee: Employee | None) -> QuerySet[DevelopmentPlanItem]:
    """The employee's development-plan items a registration may be linked to."""
    if employee is None:
        return DevelopmentPlanItem.objects.none()
    return (
        DevelopmentPlanItem.objects.filter(plan__employee=employee)
        .exclude(status__in=["done", "cancelled"])
        .select_related("plan", "competency", "programme")
        .order_by("-plan__year", "target_date", "pk")
    )


def subordinates_of(user: User) -> QuerySet[Employee]:
    """Active employees below the user's positions (for the "Usulkan bawahan" form)."""
    below = below_position_ids(user)
    if not below:
        return Employee.objects.none()
    return (
        Employee.objects.filter(position_id__in=below, is_active=True)
        .select_related("position")
        .order_by("name", "nip")
    )


def my_registrations(user: User) -> QuerySet[Registration]:
    me = own_employee(user)
    if me is None:
        return Registration.objects.none()
    return _with_people(Registration.objects.filter(employee=me)).order_by(
        "-session__start_date", "-pk"
    )


def approvals_inbox(user: User) -> QuerySet[Registration]:
    """Registrations of the user's subordinates waiting for the supervisor, oldest first."""
    below = below_position_ids(user)
    if not below:
        return Registration.objects.none()
    return _with_people(
        Registration.objects.filter(
            status=RegistrationStatus.PENDING_SUPERVISOR, employee__position_id__in=below
        )
    ).order_by("created_at", "pk")


@dataclass
class QueueGroup:
    session: TrainingSession
    registrations: list = field(default_factory=list)


def confirmations_queue(*, today: dt.date) -> list[QueueGroup]:
    """Registrations waiting for BKPSDM, grouped by session (soonest first), each session with
    its seats left — three queries."""
    pending = list(
        _with_people(Registration.objects.filter(status=RegistrationStatus.PENDING_BKPSDM))
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=RegistrationStep.objects.select_related("actor").order_by("at", "pk"),
            )
        )
        .order_by("session__start_date", "session_id", "created_at", "pk")
    )
    groups: dict[int, QueueGroup] = {}
    for registration in pending:
        steps = list(registration.steps.all())
        registration.last_step = steps[-1] if steps else None
        group = groups.setdefault(registration.session_id, QueueGroup(session=registration.session))
        group.registrations.append(registration)
    sessions = [g.session for g in groups.values()]
    decorate_sessions(sessions, today=today)
    return list(groups.values())


@dataclass
class Roster:
    session: TrainingSession
    days: list[dt.date]
    participants: list[Registration]
    waiting: list[Registration]
    pending: list[Registration]


def session_roster(session: TrainingSession, *, today: dt.date) -> Roster:
    """Participants (seat holders) with their attendance per day, the waiting list in order and
    the requests still waiting for an approval — five queries."""
    regs = _with_people(Registration.objects.filter(session=session)).prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.order_by("date"))
    )
    participants: list[Registration] = []
    waiting: list[Registration] = []
    pending: list[Registration] = []
    days = session_days(session)
    for registration in regs.order_by("employee__name", "pk"):
        if registration.status in SEAT_HOLDING:
            marks = {a.date: a.present for a in registration.attendance.all()}
            registration.marks = [marks.get(day) for day in days]
            registration.days_present = sum(1 for m in registration.marks if m)
            participants.append(registration)
        elif registration.status == RegistrationStatus.WAITLISTED:
            waiting.append(registration)
        elif registration.status in (
            RegistrationStatus.PENDING_SUPERVISOR,
            RegistrationStatus.PENDING_BKPSDM,
        ):
            pending.append(registration)
    waiting.sort(key=lambda r: (r.waitlisted_at, r.pk))
    decorate_sessions([session], today=today)
    return Roster(session, days, participants, waiting, pending)


def registration_counts(session_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """{session_id: {status: n}} in one query (for admin summaries)."""
    out: dict[int, dict[str, int]] = {}
    rows = (
        Registration.objects.filter(session_id__in=list(session_ids))
        .values("session_id", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        out.setdefault(row["session_id"], {})[row["status"]] = row["n"]
    return out


def registration_list(
    user: User, *, status: str = "", session: int | None = None, mine: bool = False
) -> QuerySet[Registration]:
    """The registrations a user may see (registrations_visible_to), newest session first, for a
    list page or endpoint: one query per page whatever its size."""
    qs = registrations_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if session is not None:
        qs = qs.filter(session_id=session)
    if mine:
        qs = qs.filter(employee__user_id=user.pk)
    return _with_people(qs).order_by("-session__start_date", "-pk")
