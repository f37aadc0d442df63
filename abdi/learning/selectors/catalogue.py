"""Reads of the training catalogue: a session's state, seats taken, waiting lists, the catalogue
list with its 'closes my gaps' flag, a programme's sessions. Other areas use `session_state`,
`seats_taken` and `waitlist_counts`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from abdi.accounts.models import User
from abdi.competency.selectors import employee_gaps
from abdi.employees.models import Employee
from abdi.learning.choices import SEAT_HOLDING, RegistrationStatus
from abdi.learning.models import (
    Programme,
    ProgrammeCompetency,
    Provider,
    Registration,
    TrainingSession,
)
from abdi.learning.permissions.catalogue import programmes_visible_to
from abdi.org.models import OrgUnit


class SessionState(models.TextChoices):
    """Where a session stands on a given day (derived, never stored)."""

    UPCOMING = "upcoming", _("Pendaftaran belum dibuka")
    OPEN = "open", _("Pendaftaran dibuka")
    CLOSED = "closed", _("Pendaftaran ditutup")
    RUNNING = "running", _("Sedang berlangsung")
    FINISHED = "finished", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")


# Bootstrap colour of each state's badge.
SESSION_STATE_BADGE = {
    SessionState.UPCOMING: "secondary",
    SessionState.OPEN: "success",
    SessionState.CLOSED: "warning",
    SessionState.RUNNING: "primary",
    SessionState.FINISHED: "dark",
    SessionState.CANCELLED: "danger",
}


def session_state(session: TrainingSession, today: dt.date) -> str:
    """One of SessionState's values for `session` on `today`. The registration window is
    inclusive on both ends; so are the session's dates."""
    if session.is_cancelled:
        return SessionState.CANCELLED
    if today > session.end_date:
        return SessionState.FINISHED
    if today >= session.start_date:
        return SessionState.RUNNING
    if today < session.registration_opens:
        return SessionState.UPCOMING
    if today <= session.registration_closes:
        return SessionState.OPEN
    return SessionState.CLOSED


def session_state_q(state: str, today: dt.date) -> Q:
    """The ORM filter equivalent of `session_state(...) == state` (for lists filtered by state)."""
    live = Q(is_cancelled=False)
    if state == SessionState.CANCELLED:
        return Q(is_cancelled=True)
    if state == SessionState.FINISHED:
        return live & Q(end_date__lt=today)
    if state == SessionState.RUNNING:
        return live & Q(start_date__lte=today, end_date__gte=today)
    before_start = live & Q(start_date__gt=today)
    if state == SessionState.UPCOMING:
        return before_start & Q(registration_opens__gt=today)
    if state == SessionState.OPEN:
        return open_sessions_q(today)
    if state == SessionState.CLOSED:
        return before_start & Q(registration_closes__lt=today)
    raise ValueError(f"unknown session state {state!r}")


def open_sessions_q(today: dt.date, prefix: str = "") -> Q:
    """Sessions open for registration today, optionally seen through a relation (`sessions__`)."""
    return Q(
        **{
            f"{prefix}is_cancelled": False,
            f"{prefix}start_date__gt": today,
            f"{prefix}registration_opens__lte": today,
            f"{prefix}registration_closes__gte": today,
        }
    )


def _count_by_session(
    session_ids: Iterable[int], statuses: Iterable[RegistrationStatus]
) -> dict[int, int]:
    ids = list(session_ids)
    counts = dict.fromkeys(ids, 0)
    if not ids:
        return counts
    rows = (
        Registration.objects.filter(session_id__in=ids, status__in=[s.value for s in statuses])
        .values("session_id")
        .annotate(n=Count("pk"))
        .values_list("session_id", "n")
    )
    counts.update(dict(rows))
    return counts


def seats_taken(session_ids: Iterable[int]) -> dict[int, int]:
    """{session_id: seats held} (statuses in SEAT_HOLDING), one query; 0 for a session with none."""
    return _count_by_session(session_ids, SEAT_HOLDING)


def waitlist_counts(session_ids: Iterable[int]) -> dict[int, int]:
    """{session_id: registrations on the waiting list}, one query."""
    return _count_by_session(session_ids, [RegistrationStatus.WAITLISTED])


def seats_taken_one(session: TrainingSession) -> int:
    return seats_taken([session.pk])[session.pk]


# --- the catalogue ------------------------------------------------------------------------


def programmes_for_catalogue(*, include_inactive: bool = False) -> QuerySet[Programme]:
    qs = Programme.objects.select_related("provider").prefetch_related(
        Prefetch(
            "competency_targets",
            queryset=ProgrammeCompetency.objects.select_related("competency").order_by(
                "competency__kind", "competency__order", "competency__name"
            ),
        )
    )
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs


def gap_targets(employee: Employee) -> dict[int, tuple[int, int]]:
    """{competency_id: (required, actual)} for the competencies in which the employee falls
    short of the current position's standard (empty without a position)."""
    return {
        row["competency"].pk: (row["required"], row["actual"] or 0)
        for row in employee_gaps(employee)["gaps"]
        if row["gap"] > 0
    }


def closes_gaps_q(gaps: dict[int, tuple[int, int]]) -> Q:
    """A filter on ProgrammeCompetency: it addresses a competency with a gap and its target
    level (if set) lies above the employee's actual level."""
    q = Q(pk__in=[])
    for cid, (_required, actual) in gaps.items():
        q |= Q(competency_id=cid) & (Q(target_level__isnull=True) | Q(target_level__gt=actual))
    return q


def programme_closes_gap(programme: Programme, gaps: dict[int, tuple[int, int]]) -> bool:
    """Python twin of closes_gaps_q over the prefetched targets."""
    for target in programme.competency_targets.all():
        if target.competency_id in gaps:
            actual = gaps[target.competency_id][1]
            if target.target_level is None or target.target_level > actual:
                return True
    return False


def next_open_sessions(programme_ids: Iterable[int], today: dt.date) -> dict[int, TrainingSession]:
    """{programme_id: the earliest-starting session open for registration today}, one query."""
    ids = list(programme_ids)
    if not ids:
        return {}
    out: dict[int, TrainingSession] = {}
    sessions = TrainingSession.objects.filter(
        session_state_q(SessionState.OPEN, today), programme_id__in=ids
    ).order_by("programme_id", "start_date", "pk")
    for s in sessions:
        out.setdefault(s.programme_id, s)
    return out


def decorate_catalogue_page(programmes: list[Programme], *, today: dt.date, gaps: dict) -> None:
    """Attach `next_session`, `next_session_seats_left` and `closes_gap` to each programme of
    a page — two queries whatever the page size."""
    nxt = next_open_sessions([p.pk for p in programmes], today)
    taken = seats_taken([s.pk for s in nxt.values()])
    for p in programmes:
        s = nxt.get(p.pk)
        p.next_session = s
        p.next_session_seats_left = max(s.quota - taken[s.pk], 0) if s else None
        p.closes_gap = programme_closes_gap(p, gaps) if gaps else False


def programme_sessions(programme: Programme, *, today: dt.date) -> list[TrainingSession]:
    """The programme's sessions, newest first, each with `state`, `state_label`, `badge`,
    `taken`, `seats_left` and `waitlisted` — three queries."""
    sessions = list(programme.sessions.order_by("-start_date", "-pk"))
    decorate_sessions(sessions, today=today)
    return sessions


def decorate_sessions(sessions: list[TrainingSession], *, today: dt.date) -> None:
    ids = [s.pk for s in sessions]
    taken = seats_taken(ids)
    waiting = waitlist_counts(ids)
    for s in sessions:
        state = SessionState(session_state(s, today))
        s.state = state.value
        s.state_label = state.label
        s.badge = SESSION_STATE_BADGE[state]
        s.taken = taken[s.pk]
        s.seats_left = max(s.quota - s.taken, 0)
        s.waitlisted = waiting[s.pk]


def sessions_for_admin(*, state: str | None, today: dt.date) -> QuerySet[TrainingSession]:
    qs = TrainingSession.objects.select_related("programme", "programme__provider").order_by(
        "-start_date", "programme__title", "pk"
    )
    if state:
        qs = qs.filter(session_state_q(state, today))
    return qs


def sessions_visible_to(user: User) -> QuerySet[TrainingSession]:
    """Sessions of the programmes the user may see (an inactive programme's sessions are hidden
    from everyone but the admins, as the programme is)."""
    return TrainingSession.objects.filter(programme__in=programmes_visible_to(user))


def order_catalogue(qs: QuerySet[Programme], *, today: dt.date) -> QuerySet[Programme]:
    """Programmes one can register for today first, then by title (the catalogue's order)."""
    return qs.annotate(
        has_open=Exists(
            TrainingSession.objects.filter(open_sessions_q(today), programme=OuterRef("pk"))
        )
    ).order_by("-has_open", "title", "pk")


def programmes_for_user(user: User) -> QuerySet[Programme]:
    """The catalogue's programmes the user may see, with provider and competency targets."""
    return programmes_for_catalogue(include_inactive=True).filter(
        pk__in=programmes_visible_to(user).values("pk")
    )


def programme_for_edit() -> QuerySet[Programme]:
    """A programme with its competency targets in entry order (the edit form's rows)."""
    return Programme.objects.prefetch_related(
        Prefetch("competency_targets", queryset=ProgrammeCompetency.objects.order_by("pk"))
    )


def programme_with_provider() -> QuerySet[Programme]:
    return Programme.objects.select_related("provider")


def programmes_for_admin(*, q: str = "") -> QuerySet[Programme]:
    """Every programme (active first) with its number of sessions, searched by title or code."""
    programmes = (
        Programme.objects.select_related("provider")
        .annotate(session_count=Count("sessions"))
        .order_by("-is_active", "title", "pk")
    )
    if q:
        programmes = programmes.filter(Q(title__icontains=q) | Q(code__icontains=q))
    return programmes


def session_for_edit() -> QuerySet[TrainingSession]:
    return TrainingSession.objects.select_related("programme", "programme__provider")


def providers_for_admin(*, today: dt.date) -> list[Provider]:
    """Every provider with `programme_count`, `agreement_expired` and `agreement_days_left`."""
    providers: list[Provider] = list(
        Provider.objects.annotate(programme_count=Count("programmes")).order_by("kind", "name")
    )
    for p in providers:
        p.agreement_expired = p.agreement_until is not None and p.agreement_until < today
        p.agreement_days_left = (p.agreement_until - today).days if p.agreement_until else None
    return providers


# --- eligible units: the session form never lists the whole tree (about 1,900 units) ---------

UNIT_SEARCH_LIMIT = 50


def units_by_ids(ids: Iterable[int | str]) -> list[OrgUnit]:
    """The given units in tree order (one query); unknown ids are skipped."""
    pks = {int(i) for i in ids if str(i).isdigit()}
    if not pks:
        return []
    return list(
        OrgUnit.objects.filter(pk__in=pks)
        .only("pk", "code", "name", "path", "depth")
        .order_by("path")
    )


def unit_search(q: str, *, limit: int = UNIT_SEARCH_LIMIT) -> list[OrgUnit]:
    """Active units whose name or code contains `q`, in tree order, at most `limit`."""
    q = (q or "").strip()[:100]
    if not q:
        return []
    return list(
        OrgUnit.objects.filter(Q(name__icontains=q) | Q(code__icontains=q), is_active=True)
        .only("pk", "code", "name", "path", "depth")
        .order_by("path")[:limit]
    )


def _with_units(qs: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    return qs.prefetch_related(
        Prefetch(
            "eligible_units",
            queryset=OrgUnit.objects.only("pk", "code", "name", "path").order_by("path"),
        )
    )


def programme_sessions_with_units(programme: Programme, *, today: dt.date) -> list[TrainingSession]:
    """`programme_sessions` plus each session's eligible units (the API's programme detail)."""
    sessions = list(_with_units(programme.sessions.order_by("-start_date", "-pk")))
    decorate_sessions(sessions, today=today)
    return sessions


def sessions_for_api(user: User) -> QuerySet[TrainingSession]:
    """Sessions the user may see with their programme and eligible units (newest first); the
    page of them gets `decorate_sessions` for state and seats."""
    return _with_units(sessions_visible_to(user).select_related("programme")).order_by(
        "-start_date", "pk"
    )
