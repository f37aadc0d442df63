"""Complaints in every state of their handling, through the real services, then back-dated."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from abdi.accounts.models import User
from abdi.core.calendar import JAKARTA
from abdi.core.selectors import working_day_deadline
from abdi.demo.builders.feedback.common import (
    Clock,
    FeedbackStats,
    random_code,
)
from abdi.demo.builders.feedback.texts import (
    ARCHIVE,
    NOT_OUR_AUTHORITY,
    RECIPES,
    REOPEN_REASONS,
    REPLIES_OK,
    STORIES,
    Story,
)
from abdi.employees.models import Employee
from abdi.feedback.choices import ComplaintAction as A
from abdi.feedback.choices import ComplaintKind as K
from abdi.feedback.choices import ComplaintStatus as S
from abdi.feedback.models import (
    Complaint,
    ComplaintEvent,
    PublicService,
)
from abdi.feedback.rules import complaints as rules_complaints
from abdi.feedback.selectors.complaints import deadline_days
from abdi.feedback.services import complaints as svc
from abdi.org.models import OrgUnit

# --- complaints ---------------------------------------------------------------------------------


@dataclass
class Step:
    action: str
    at: dt.datetime


def _recipes(n: int, rng: random.Random) -> list[str]:
    names = [name for name, _w in RECIPES]
    weights = [w for _n, w in RECIPES]
    out = list(names)  # every state at least once
    out += rng.choices(names, weights=weights, k=max(0, n - len(out)))
    rng.shuffle(out)
    return out


def _timeline(recipe: str, clock: Clock, rng: random.Random) -> tuple[dt.datetime, list[Step]]:
    """When the complaint came in and when each handling step happened."""

    def day_at(n_back: int, lo=8, hi=15):
        return clock.at(clock.workday_back(n_back), rng, lo, hi)

    def after(moment: dt.datetime, n: int, lo=8, hi=15) -> dt.datetime:
        day = clock.workday_after(moment.astimezone(JAKARTA).date(), n)
        return max(clock.at(day, rng, lo, hi), moment + dt.timedelta(minutes=5))

    if recipe == "received":
        return day_at(rng.randint(0, 2), 7, 14), []
    if recipe == "received_overdue":
        return day_at(rng.randint(5, 12)), []
    if recipe == "postponed":
        t0 = day_at(rng.randint(1, 2))
        return t0, [Step(A.POSTPONE, after(t0, 1))]
    if recipe == "verified":
        t0 = day_at(rng.randint(1, 2))
        return t0, [Step(A.VERIFY, after(t0, 1))]
    if recipe in {"not_authority", "archived"}:
        t0 = day_at(rng.randint(6, 60))
        action = A.NOT_AUTHORITY if recipe == "not_authority" else A.ARCHIVE
        return t0, [Step(action, after(t0, rng.randint(1, 2)))]
    if recipe == "dispatched":
        t0 = day_at(rng.randint(2, 4))
        t1 = after(t0, 1)
        return t0, [Step(A.VERIFY, t1), Step(A.DISPATCH, after(t1, 0, 13, 15))]
    if recipe == "dispatched_overdue":
        t0 = day_at(rng.randint(10, 18))
        t1 = after(t0, rng.randint(1, 2))
        return t0, [Step(A.VERIFY, t1), Step(A.DISPATCH, after(t1, 1))]
    # followed up at some point: verify, dispatch, respond
    if recipe == "followed_up":
        t0 = day_at(rng.randint(6, 10))
        answered_back = rng.randint(0, 4)
    elif recipe == "reopened":
        t0 = day_at(rng.randint(10, 16))
        answered_back = rng.randint(3, 5)
    elif recipe == "auto_closed":
        t0 = day_at(rng.randint(30, 90))
        answered_back = None
    else:  # closed
        t0 = day_at(rng.randint(15, 120))
        answered_back = None
    t1 = after(t0, rng.randint(1, 3))
    t2 = after(t1, 0, 13, 15) if rng.random() < 0.7 else after(t1, 1)
    if answered_back is not None:
        t3 = max(day_at(answered_back), after(t2, 1))
    else:
        t3 = after(t2, rng.randint(2, 7))  # some of these were answered late
    steps = [Step(A.VERIFY, t1), Step(A.DISPATCH, t2), Step(A.RESPOND, t3)]
    if recipe == "reopened":
        steps.append(Step(A.REOPEN, after(t3, rng.randint(1, 2))))
    elif recipe == "closed":
        t4 = after(t3, rng.randint(1, 4))
        steps += [Step(A.CITIZEN_REPLY, t4), Step(A.RATE, t4 + dt.timedelta(minutes=2))]
        steps.append(Step(A.CLOSE, after(t4, 1)))
    elif recipe == "auto_closed":
        steps.append(Step(A.AUTO_CLOSE, t3))  # the time is the auto-close deadline, set later
    return t0, steps


def build_complaints(
    *,
    rng: random.Random,
    faker,
    clock: Clock,
    catalogue: dict[int, tuple[str, list[PublicService]]],
    units: dict[int, OrgUnit],
    coordinator: User,
    liaison: User,
    liaison_unit: OrgUnit,
    employee_login: User | None,
    n: int,
    stats: FeedbackStats,
) -> list[Complaint]:
    # Where the complaints go: the liaison's puskesmas gets a good share so its inbox is alive.
    targets: list[tuple[OrgUnit, str, list[PublicService]]] = []
    for unit_id, (kind, services) in catalogue.items():
        targets.append((units[unit_id], kind, services))
    targets.sort(key=lambda t: t[0].path)
    by_kind: dict[str, list] = defaultdict(list)
    for target in targets:
        by_kind[target[1]].append(target)
    home = next(t for t in targets if t[0].pk == liaison_unit.pk)
    kind_weights = {"puskesmas": 5, "hospital": 3, "school": 3, "samsat": 2, "office": 3}
    kinds = [k for k in kind_weights if by_kind.get(k)]
    staff_cache: dict[int, list[Employee]] = {}
    employee = getattr(employee_login, "employee", None) if employee_login else None

    recipes = _recipes(n, rng)
    # The first one is certain: a closed complaint about the demo employee's conduct at Dinas
    # Kesehatan, linked to them, so that their appraiser (the "atasan" login) sees it.
    dinkes_office = next((t for t in by_kind["office"] if t[0].code == "DINKES"), None)
    if employee is not None and dinkes_office is not None:
        recipes.insert(0, "closed")
    else:
        dinkes_office = None
    planned: list[tuple[Complaint, dt.datetime, list[Step]]] = []
    story_turn: dict[str, int] = defaultdict(int)
    for index, recipe in enumerate(recipes):
        if index == 0 and dinkes_office is not None:
            unit, kind, services = dinkes_office
        elif index % 3 == 0:
            unit, kind, services = home
        else:
            kind = rng.choices(kinds, weights=[kind_weights[k] for k in kinds])[0]
            unit, kind, services = rng.choice(by_kind[kind])
        t0, steps = _timeline(recipe, clock, rng)
        story: Story
        if recipe == "not_authority":
            title, description, reply = NOT_OUR_AUTHORITY[index % len(NOT_OUR_AUTHORITY)]
            story = (K.COMPLAINT, title, description, "", False, reply)
        elif recipe == "archived":
            title, description, reply = ARCHIVE[index % len(ARCHIVE)]
            story = (K.COMPLAINT, title, description, "", False, reply)
        elif index == 0 and dinkes_office is not None:
            story = STORIES["office"][1]  # an officer asking for money: linked to the employee
        else:
            pool = STORIES[kind]
            story = pool[story_turn[kind] % len(pool)]
            story_turn[kind] += 1
        story_kind, title, description, place, about_officer, reply = story
        service = services[rng.randrange(len(services))] if rng.random() < 0.8 else None
        anonymous = rng.random() < 0.2
        confidential = about_officer and rng.random() < 0.5
        incident = t0.astimezone(JAKARTA).date() - dt.timedelta(days=rng.randint(0, 3))
        data = svc.ComplaintInput(
            kind=story_kind,
            title=title,
            description=description,
            org_unit=unit,
            service=service,
            incident_date=incident,
            incident_place=f"{place}, {unit.name}" if place else "",
            officer_description="petugas berseragam, tidak memakai tanda nama"
            if about_officer
            else "",
            reporter_name="" if anonymous else faker.name(),
            reporter_email="" if anonymous or rng.random() < 0.4 else faker.free_email(),
            reporter_phone="" if anonymous else f"08{rng.randint(1100000000, 1399999999)}",
            is_anonymous=anonymous,
            is_confidential=confidential,
        )
        complaint = svc.complaint_submit(data=data, received_at=t0)
        complaint.tracking_code = random_code(
            rng, rules_complaints.CODE_ALPHABET, rules_complaints.CODE_LENGTH
        )
        complaint._story = story  # type: ignore[attr-defined]
        complaint._recipe = recipe  # type: ignore[attr-defined]
        planned.append((complaint, t0, steps))
    # The demo codes come from the seed (unguessable codes are for real complaints).
    Complaint.objects.bulk_update([c for c, _t, _s in planned], ["tracking_code"])

    linked_pegawai = False
    for complaint, _t0, steps in planned:
        _kind, title, _d, _p, about_officer, reply = complaint._story  # type: ignore[attr-defined]
        handler = liaison if complaint.org_unit_id == liaison_unit.pk else coordinator
        for step in steps:
            if step.action == A.VERIFY:
                svc.complaint_verify(complaint=complaint, actor=coordinator)
            elif step.action == A.POSTPONE:
                svc.complaint_postpone(
                    complaint=complaint,
                    actor=coordinator,
                    note="Menunggu foto dan waktu kejadian yang lebih rinci dari pelapor.",
                    public_message="Mohon lengkapi waktu kejadian dan foto bila ada.",
                )
            elif step.action == A.NOT_AUTHORITY:
                svc.complaint_not_authority(
                    complaint=complaint, actor=coordinator, note=reply, public_message=reply
                )
            elif step.action == A.ARCHIVE:
                svc.complaint_archive(complaint=complaint, actor=coordinator, note=reply)
            elif step.action == A.DISPATCH:
                svc.complaint_dispatch(
                    complaint=complaint, actor=coordinator, unit=complaint.org_unit
                )
            elif step.action == A.RESPOND:
                svc.complaint_respond(
                    complaint=complaint,
                    actor=handler,
                    public_message=reply,
                    internal_note="Sudah dikonfirmasi dengan kepala unit.",
                )
            elif step.action == A.CITIZEN_REPLY:
                svc.citizen_reply(complaint=complaint, message=rng.choice(REPLIES_OK))
            elif step.action == A.RATE:
                svc.citizen_rate(
                    complaint=complaint, rating=rng.choices([5, 4, 3, 2], [4, 4, 2, 1])[0]
                )
            elif step.action == A.REOPEN:
                svc.citizen_reopen(complaint=complaint, reason=rng.choice(REOPEN_REASONS))
            elif step.action == A.CLOSE:
                svc.complaint_close(complaint=complaint, actor=handler)
        # A substantiated complaint about an officer: linked to an employee of the unit.
        if about_officer and complaint.status in {S.FOLLOWED_UP, S.CLOSED}:
            officer: Employee | None = None
            if dinkes_office is not None and not linked_pegawai:
                officer, linked_pegawai = employee, True  # the first, certain complaint
            elif rng.random() < 0.5 and (staff := _staff_of(complaint.org_unit_id, staff_cache)):
                officer = staff[rng.randrange(len(staff))]
            if officer is not None:
                svc.complaint_link_employee(
                    complaint=complaint,
                    actor=coordinator,
                    employee=officer,
                    note=f"Terbukti dalam klarifikasi: {title.lower()}. Telah dibina atasan.",
                )
                # after the answer (and the closing), before a later automatic closing
                last = [s for s in steps if s.action != A.AUTO_CLOSE][-1]
                link = Step(A.LINK_EMPLOYEE, min(last.at + dt.timedelta(hours=1), clock.now))
                steps.insert(len([s for s in steps if s.action != A.AUTO_CLOSE]), link)
                stats.linked += 1
    _auto_close(planned, clock)
    _backdate(planned, clock)
    complaints = [c for c, _t, _s in planned]
    for c in complaints:
        stats.complaints[c.status] += 1
        stats.overdue += bool(
            rules_complaints.overdue_step(
                c.status,
                now=clock.now,
                verification_due=c.verification_due,
                follow_up_due=c.follow_up_due,
            )
        )
    return complaints


def _staff_of(unit_id: int, cache: dict[int, list[Employee]]) -> list[Employee]:
    """Up to 50 employees of a unit (by NIP), read once per unit."""
    if unit_id not in cache:
        cache[unit_id] = list(
            Employee.objects.filter(org_unit_id=unit_id)
            .only("pk", "nip", "name", "org_unit_id")
            .order_by("nip")[:50]
        )
    return cache[unit_id]


def _auto_close(planned, clock: Clock) -> None:
    """The followed-up complaints whose reporter never answered: closed by the periodic tick,
    as `complaints_tick` would have done once their waiting time ran out."""
    for complaint, _t0, steps in planned:
        if steps and steps[-1].action == A.AUTO_CLOSE:
            respond = next(s for s in steps if s.action == A.RESPOND)
            due = working_day_deadline(
                respond.at, deadline_days("auto_close", on=respond.at.date())
            )
            Complaint.objects.filter(pk=complaint.pk).update(auto_close_due=due)
            moment = due + dt.timedelta(minutes=1)
            due_then = Complaint.objects.filter(status=S.FOLLOWED_UP, auto_close_due__lt=moment)
            if list(due_then.values_list("pk", flat=True)) != [complaint.pk]:
                steps.pop()  # a reference date far in the future: leave it followed up
                continue
            svc.complaints_auto_close(now=moment)  # only this one is due at that moment
            complaint.status = S.CLOSED
            steps[-1].at = min(moment, clock.now)


def _backdate(planned, clock: Clock) -> None:
    """Move the events and the step times of every complaint to the planned moments."""
    by_complaint = defaultdict(list)
    for event in ComplaintEvent.objects.filter(
        complaint_id__in=[c.pk for c, _t, _s in planned]
    ).order_by("complaint_id", "pk"):
        by_complaint[event.complaint_id].append(event)
    events, complaints = [], []
    fields = ["dispatched_at", "follow_up_due", "followed_up_at", "auto_close_due", "closed_at"]
    for complaint, t0, steps in planned:
        rows = by_complaint[complaint.pk]
        moments = [t0] + [s.at for s in steps]
        if len(rows) != len(moments):
            raise RuntimeError(
                f"complaint {complaint.pk}: {len(rows)} events, {len(moments)} steps"
            )
        for event, moment in zip(rows, moments, strict=True):
            event.created_at = moment
            events.append(event)
        c = complaint  # refreshed by the last service call; only the step times change
        for step in steps:
            if step.action == A.DISPATCH:
                c.dispatched_at = step.at
                c.follow_up_due = working_day_deadline(
                    step.at, deadline_days("follow_up", on=step.at.date())
                )
            elif step.action == A.RESPOND:
                c.followed_up_at = step.at
                c.auto_close_due = working_day_deadline(
                    step.at, deadline_days("auto_close", on=step.at.date())
                )
            elif step.action == A.REOPEN:
                c.follow_up_due = working_day_deadline(
                    step.at, deadline_days("follow_up", on=step.at.date())
                )
                c.auto_close_due = None
            elif step.action in {A.CLOSE, A.AUTO_CLOSE}:
                c.closed_at = step.at
        complaints.append(c)
    ComplaintEvent.objects.bulk_update(events, ["created_at"], batch_size=500)
    Complaint.objects.bulk_update(complaints, fields, batch_size=500)
