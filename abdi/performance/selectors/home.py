"""The performance cards of the home page and the "Tugas saya" page (see core/worklist.py).

- `performance_work`: what waits for the user in the SKP cycle, from `selectors.inbox_for` (the
  same source as the "Menunggu tindakan" page, so the numbers agree).
- `my_performance`: the employee's own SKP this year and latest released predikat.
- `unit_figures`: for unit heads, pimpinan and BKPSDM, their scope's completion in the latest
  period with evaluations."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.core.worklist import TASK_PREVIEW, Figure, WorkEntry, WorkItem
from abdi.employees.permissions import own_employee
from abdi.org.models import OrgUnit
from abdi.performance.choices import SKPStatus
from abdi.performance.models.evaluation import Evaluation
from abdi.performance.models.planning import SKP
from abdi.performance.selectors import monitoring as monitoring_selectors
from abdi.performance.selectors import periods as periods_selectors
from abdi.performance.selectors import team as team_selectors
from abdi.performance.selectors.planning import current_skp, inbox_for, released_statuses


def performance_work(user: User, *, today: dt.date, detail: bool = False) -> list[WorkItem]:
    inbox = inbox_for(user, on=today)
    inbox_url = reverse("performance:inbox")

    def skp_entry(skp: SKP, note: str = "") -> WorkEntry:
        return WorkEntry(
            title=skp.employee.full_name,
            url=reverse("performance:skp_detail", args=[skp.pk]),
            detail=note or str(skp.performance_year.year),
            pk=skp.pk,
        )

    rating_entries = [
        WorkEntry(
            title=skp.employee.full_name,
            url=reverse("performance:evaluate", args=[skp.pk, period.code]),
            detail=period.label,
            overdue=period.evaluation_due < today,
        )
        for skp, period in inbox.to_evaluate
    ]
    items = [
        WorkItem(
            key="skp_approve",
            label=_("SKP menunggu persetujuan"),
            count=len(inbox.to_decide),
            url=inbox_url,
            icon="file-earmark-check",
            action=_("Periksa dan setujui"),
            entries=[skp_entry(s) for s in inbox.to_decide[:TASK_PREVIEW]] if detail else [],
            bulk="performance:skp_approve_bulk",
            bulk_field="skp",
        ),
        WorkItem(
            key="ratings_due",
            label=_("Penilaian kinerja jatuh tempo"),
            count=len(inbox.to_evaluate),
            overdue=sum(1 for e in rating_entries if e.overdue),
            url=inbox_url,
            icon="star-half",
            action=_("Nilai"),
            entries=rating_entries[:TASK_PREVIEW] if detail else [],
        ),
        WorkItem(
            key="expectations",
            label=_("Ekspektasi perilaku belum ditulis"),
            count=len(inbox.to_write_expectations),
            url=inbox_url,
            icon="chat-left-text",
            action=_("Tulis ekspektasi"),
            entries=[skp_entry(s) for s in inbox.to_write_expectations[:TASK_PREVIEW]]
            if detail
            else [],
        ),
        WorkItem(
            key="objections",
            label=_("Keberatan atas penilaian"),
            count=len(inbox.objections),
            url=inbox_url,
            icon="exclamation-diamond",
            action=_("Putuskan"),
            entries=[
                WorkEntry(
                    title=o.evaluation.skp.employee.full_name,
                    url=reverse("performance:objection_decide", args=[o.pk]),
                    detail=o.evaluation.period.label,
                )
                for o in inbox.objections[:TASK_PREVIEW]
            ]
            if detail
            else [],
        ),
        WorkItem(
            key="skp_returned",
            label=_("SKP saya dikembalikan"),
            count=len(inbox.returned_to_me),
            url=inbox_url,
            icon="arrow-counterclockwise",
            action=_("Perbaiki"),
            entries=[skp_entry(s) for s in inbox.returned_to_me[:TASK_PREVIEW]] if detail else [],
        ),
    ]
    return items


def my_performance(user: User, *, today: dt.date) -> list[Figure]:
    """The employee's SKP this year (status) and the latest predikat released to them."""
    me = own_employee(user)
    if me is None:
        return []
    shown = current_skp(me, today.year)
    tones: dict[str, str] = {
        SKPStatus.APPROVED: "success",
        SKPStatus.RETURNED: "danger",
        SKPStatus.DRAFT: "warning",
    }
    tone = tones.get(shown.status, "") if shown else ""
    figures = [
        Figure(
            label=_("SKP %(year)s") % {"year": today.year},
            value=shown.get_status_display() if shown else _("Belum dibuat"),
            url=reverse("performance:skp_detail", args=[shown.pk])
            if shown
            else reverse("performance:dashboard"),
            icon="file-earmark-text",
            tone=tone if shown else "warning",
        )
    ]
    last = (
        Evaluation.objects.filter(skp__employee=me, status__in=released_statuses())
        .select_related("period")
        .order_by("-period__end", "-pk")
        .first()
    )
    if last is not None:
        figures.append(
            Figure(
                label=_("Predikat %(period)s") % {"period": last.period.label},
                value=last.get_predikat_display(),
                url=reverse("performance:evaluation_detail", args=[last.pk]),
                icon="award",
            )
        )
    return figures


def unit_figures(user: User, *, today: dt.date) -> list[Figure]:
    """The completion of the user's first watched unit (the agency's root for agency-wide
    users) in the latest period with evaluations; nothing for those who watch no unit."""

    roots = team_selectors.watchable_units(user)
    if roots == []:
        return []
    unit = roots[0] if roots else OrgUnit.objects.filter(depth=1).order_by("path").first()
    year = periods_selectors.default_year(today)
    if unit is None or year is None:
        return []
    period = periods_selectors.latest_period_with_data(year, unit=unit)
    rows = monitoring_selectors.unit_completion(unit=unit, year=year, period=period)
    employees = sum(r.employees for r in rows)
    approved = sum(r.approved for r in rows)
    evaluated = sum(r.evaluated for r in rows)
    url = reverse("performance:unit_monitor") + f"?unit={unit.pk}"
    if period is not None:
        url += f"&year={year.year}&period={period.code}"
    figures = [
        Figure(
            label=_("SKP disetujui — %(unit)s") % {"unit": unit.name},
            value=_fmt_share(approved, employees),
            note=_("%(done)s dari %(all)s pegawai") % {"done": approved, "all": employees},
            url=url,
            icon="file-earmark-check",
            key="skp_approved",
        )
    ]
    if period is not None:
        figures.append(
            Figure(
                label=_("Sudah dinilai, %(period)s") % {"period": period.label},
                value=_fmt_share(evaluated, approved),
                note=_("%(done)s dari %(all)s SKP") % {"done": evaluated, "all": approved},
                url=url,
                icon="star-half",
            )
        )
    return figures


def _fmt_share(part: int, whole: int) -> str:
    share = monitoring_selectors.percent(part, whole)
    return "—" if share is None else f"{share:.0f}%"
