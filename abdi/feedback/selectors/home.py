"""The complaint cards of the home page and the "Tugas saya" page (see core/worklist.py):
reports to verify or dispatch (the coordinator), reports to answer (a unit's liaison), with the
overdue ones counted; the scorecard's figures for leaders and BKPSDM; and for a service admin
the IKM of their services and the complaints about them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.core.worklist import TASK_PREVIEW, Figure, WorkEntry, WorkItem
from abdi.feedback.choices import ComplaintStatus
from abdi.feedback.models import Complaint
from abdi.feedback.permissions import (
    can_view_scorecard,
    complaints_visible_to,
    is_complaint_coordinator,
    liaison_paths,
    service_admin_paths,
    services_manageable_by,
)
from abdi.feedback.rules import complaints as rules
from abdi.feedback.selectors.complaints import overdue_q, scorecard
from abdi.feedback.selectors.surveys import ikm_by_unit
from abdi.org.models import OrgUnit


def _inbox_url(**params: str) -> str:
    return reverse("feedback:inbox") + ("?" + urlencode(params) if params else "")


def _item(
    user: User,
    *,
    key: str,
    label: str,
    statuses: Iterable[str],
    icon: str,
    action: str,
    status_param: str,
    detail: bool,
    now: dt.datetime,
) -> WorkItem:
    qs = complaints_visible_to(user).filter(status__in=statuses)
    counts = qs.aggregate(n=Count("pk"), late=Count("pk", filter=overdue_q(now)))
    entries = []
    if detail and counts["n"]:
        for c in qs.order_by("received_at", "pk")[:TASK_PREVIEW]:
            late = rules.overdue_step(
                c.status,
                now=now,
                verification_due=c.verification_due,
                follow_up_due=c.follow_up_due,
            )
            entries.append(
                WorkEntry(
                    title=c.title,
                    url=reverse("feedback:complaint_detail", args=[c.pk]),
                    detail=rules.format_tracking_code(c.tracking_code),
                    overdue=bool(late),
                )
            )
    return WorkItem(
        key=key,
        label=label,
        count=counts["n"],
        overdue=counts["late"],
        url=_inbox_url(status=status_param),
        icon=icon,
        action=action,
        entries=entries,
    )


def complaint_work(user: User, *, today: dt.date, detail: bool = False) -> list[WorkItem]:
    now = timezone.now()
    items = []
    if is_complaint_coordinator(user):
        items += [
            _item(
                user,
                key="complaints_verify",
                label=_("Pengaduan baru untuk diverifikasi"),
                statuses=rules.WAITING_VERIFICATION,
                icon="megaphone",
                action=_("Verifikasi"),
                status_param=ComplaintStatus.RECEIVED,
                detail=detail,
                now=now,
            ),
            _item(
                user,
                key="complaints_dispatch",
                label=_("Pengaduan terverifikasi untuk diteruskan"),
                statuses=(ComplaintStatus.VERIFIED,),
                icon="send",
                action=_("Teruskan ke unit"),
                status_param=ComplaintStatus.VERIFIED,
                detail=detail,
                now=now,
            ),
        ]
    if is_complaint_coordinator(user) or liaison_paths(user) != ():
        items.append(
            _item(
                user,
                key="complaints_answer",
                label=_("Pengaduan menunggu jawaban unit"),
                statuses=rules.WAITING_FOLLOW_UP,
                icon="reply",
                action=_("Jawab"),
                status_param=ComplaintStatus.DISPATCHED,
                detail=detail,
                now=now,
            )
        )
    return items


def complaint_figures(user: User, *, today: dt.date) -> list[Figure]:
    """Complaints received this year in the user's scope and the share followed up on time."""
    if not can_view_scorecard(user):
        return []
    rows = scorecard(user=user, year=today.year)
    received = sum(r.received for r in rows)
    on_time = sum(r.on_time for r in rows)
    counted = sum(r.counted for r in rows)
    share = round(on_time * 100 / counted) if counted else None
    return [
        Figure(
            label=_("Pengaduan %(year)s ditindaklanjuti tepat waktu") % {"year": today.year},
            value="—" if share is None else f"{share}%",
            note=_("%(n)s pengaduan diterima") % {"n": received},
            url=reverse("feedback:scorecard"),
            icon="megaphone",
            tone="" if share is None else ("success" if share >= 80 else "warning"),
        )
    ]


def service_figures(user: User, *, today: dt.date) -> list[Figure]:
    """For a unit's service admin (not BKPSDM, who has the scorecard): the latest IKM of the
    services of each unit they keep (the responses of its surveys of that period pooled, as on
    the scorecard) and this year's complaints about those services, the unfinished counted."""
    paths = service_admin_paths(user)
    if not paths:  # None: a BKPSDM admin; (): not a service admin
        return []
    units = list(OrgUnit.objects.filter(path__in=paths).order_by("path"))
    figures = []
    ikm = ikm_by_unit(user=user, units=units, periods=1)
    for unit in units:
        latest = ikm[unit.pk].latest if unit.pk in ikm else None
        note = _("Belum ada survei dengan jawaban")
        if latest is not None:
            note = _("%(unit)s · mutu %(grade)s · %(start)s – %(end)s · %(n)s responden") % {
                "unit": unit.name,
                "grade": latest.grade or "—",
                "start": date_format(latest.period_start, "j M Y"),
                "end": date_format(latest.period_end, "j M Y"),
                "n": latest.respondents,
            }
        figures.append(
            Figure(
                label=_("IKM layanan Anda"),
                value="—"
                if latest is None or latest.ikm_100 is None
                else number_format(latest.ikm_100, 2),
                note=note,
                url=reverse("feedback:surveys"),
                icon="clipboard-check",
                key=f"ikm-{unit.pk}",
            )
        )
    counts = Complaint.objects.filter(
        service__in=services_manageable_by(user), received_at__year=today.year
    ).aggregate(n=Count("pk"), open=Count("pk", filter=~Q(status__in=rules.FINAL)))
    figures.append(
        Figure(
            label=_("Pengaduan tentang layanan Anda %(year)s") % {"year": today.year},
            value=str(counts["n"]),
            note=_("%(n)s belum selesai") % {"n": counts["open"]},
            url=reverse("feedback:services"),
            icon="megaphone",
            tone="warning" if counts["open"] else "",
            key="service_complaints",
        )
    )
    return figures
