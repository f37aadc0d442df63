"""The talent work of the home page and the "Tugas saya" page (see core/worklist.py), read-only:

- `mentor_confirmations`: milestones of change projects (aksi perubahan) the participant has
  reported and this mentor has not yet confirmed (only the mentor confirms);
- `milestones_due`: the participant's own unreported milestones of running projects due within
  two weeks or past due."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.core.worklist import TASK_PREVIEW, WorkEntry, WorkItem
from abdi.employees.models import Employee
from abdi.employees.permissions import own_employee
from abdi.talent.choices import ProjectState
from abdi.talent.models import Milestone

DUE_SOON = dt.timedelta(days=14)


def talent_work(user: User, *, today: dt.date, detail: bool = False) -> list[WorkItem]:
    me = own_employee(user)
    if me is None:
        return []
    return [
        mentor_confirmations(me, detail=detail),
        milestones_due(me, today=today, detail=detail),
    ]


def _entries(milestones: QuerySet[Milestone], *, today: dt.date | None = None) -> list[WorkEntry]:
    return [
        WorkEntry(
            title=m.project.participant.full_name if today is None else m.title,
            url=reverse("talent:project_detail", args=[m.project_id]),
            detail=f"{m.title} · {m.project.title}"
            if today is None
            else f"{m.project.title} · {m.due_date:%d-%m-%Y}",
            overdue=today is not None and m.due_date < today,
        )
        for m in milestones[:TASK_PREVIEW]
    ]


def mentor_confirmations(me: Employee, *, detail: bool = False) -> WorkItem:
    waiting = (
        Milestone.objects.filter(
            project__mentor=me, reported_at__isnull=False, confirmed_at__isnull=True
        )
        .exclude(project__participant=me)
        .select_related("project__participant")
        .order_by("reported_at", "pk")
    )
    return WorkItem(
        key="mentor_confirmations",
        label=_("Tonggak aksi perubahan menunggu konfirmasi Anda sebagai mentor"),
        count=waiting.count(),
        url=reverse("talent:projects"),
        icon="patch-check",
        action=_("Konfirmasi"),
        entries=_entries(waiting) if detail else [],
    )


def milestones_due(me: Employee, *, today: dt.date, detail: bool = False) -> WorkItem:
    due = (
        Milestone.objects.filter(
            project__participant=me,
            project__state=ProjectState.ACTIVE,
            reported_at__isnull=True,
            due_date__lte=today + DUE_SOON,
        )
        .select_related("project")
        .order_by("due_date", "pk")
    )
    entries = _entries(due, today=today) if detail else []
    return WorkItem(
        key="milestones_due",
        label=_("Tonggak aksi perubahan saya yang perlu dilaporkan"),
        count=due.count(),
        overdue=due.filter(due_date__lt=today).count(),
        url=reverse("talent:projects"),
        icon="flag",
        action=_("Laporkan capaian"),
        entries=entries,
    )
