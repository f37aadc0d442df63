"""The home page and the "Tugas saya" page, composed from each app's home selectors.

It lives in config, the composition root, because it names every app (like navigation.py).
Each section is a list of cards; each card comes from one selector of the app that owns the data
(`<app>/selectors/home.py`), tested there with a query budget. The page shows:

- "Menunggu tindakan Anda" (my work): every WorkItem with a count, one click to act;
- "Perkembangan saya" (my progress): for accounts with an employee record;
- "Cakupan Anda" (figures of the scope): for leaders, unit heads, operators and BKPSDM.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from abdi.careers.selectors.home import careers_work
from abdi.competency.selectors_home import competency_figures, my_competency
from abdi.core.worklist import Figure, WorkItem, nonzero
from abdi.employees.permissions import own_employee
from abdi.employees.selectors import employee_work, my_corrections
from abdi.feedback.selectors.home import complaint_figures, complaint_work, service_figures
from abdi.insights.selectors.home import insights_figures, insights_work, merit_work
from abdi.learning.selectors.home import jp_figures, learning_work, my_learning
from abdi.performance import selectors as monitoring
from abdi.performance.selectors import my_performance, performance_work, unit_figures
from abdi.talent.selectors.home import talent_work


@dataclass
class Home:
    work: list[WorkItem] = field(default_factory=list)
    progress: list[Figure] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    monitors: list[Figure] = field(default_factory=list)

    @property
    def work_total(self) -> int:
        return sum(i.count for i in self.work)

    @property
    def overdue_total(self) -> int:
        return sum(i.overdue for i in self.work)


WORK_SOURCES = (
    performance_work,
    learning_work,
    employee_work,
    complaint_work,
    careers_work,
    talent_work,
    insights_work,
    merit_work,
)


def all_work(user, *, today: dt.date, detail: bool = False) -> list[WorkItem]:
    """Everything waiting for the user, the kinds with nothing waiting left out."""
    items: list[WorkItem] = []
    for source in WORK_SOURCES:
        items += source(user, today=today, detail=detail)
    return nonzero(items)


def monitor_links(user) -> list[Figure]:
    """The monitoring pages the user may open, as link cards."""
    links = []
    if monitoring.can_monitor_team(user):
        links.append(
            Figure(
                _("Pemantauan tim"),
                "",
                reverse("performance:monitor"),
                _("SKP, realisasi dan penilaian tiap anggota tim"),
                "people",
            )
        )
    if monitoring.can_watch_units(user):
        links.append(
            Figure(
                _("Pemantauan kinerja unit"),
                "",
                reverse("performance:unit_monitor"),
                _("Kelengkapan per sub-unit dan distribusi predikat"),
                "diagram-3",
            )
        )
    if monitoring.can_use_calibration(user):
        links += [
            Figure(
                _("Kalibrasi predikat"),
                "",
                reverse("performance:calibration"),
                _("Distribusi predikat unit terhadap batasnya"),
                "sliders",
            ),
            Figure(
                _("Konsistensi penilai"),
                "",
                reverse("performance:raters"),
                _("Penilai yang terlalu longgar atau ketat"),
                "person-lines-fill",
            ),
        ]
    return links


def headcount_figure(count: int) -> Figure:
    """The active employees the account may see, for accounts without an employee record."""
    return Figure(
        _("Pegawai aktif"),
        f"{count:,}".replace(",", "."),
        reverse("employees:list"),
        _("dalam cakupan Anda"),
        "people",
        key="headcount",
    )


def distinct_figures(figures: list[Figure]) -> list[Figure]:
    """One card per figure: a later card counting what an earlier one counts (the same key,
    e.g. "SKP disetujui" from the unit monitor and from the leadership dashboard) is left out."""
    seen: set[str] = set()
    kept = []
    for f in figures:
        if f.key and f.key in seen:
            continue
        seen.add(f.key)
        kept.append(f)
    return kept


def home_for(user, *, today: dt.date, visible_count: int | None = None) -> Home:
    """The home of `user`; `visible_count` (the active employees the account sees, already
    counted for the page) shows as the first figure of the scope when given and not zero."""
    home = Home(work=all_work(user, today=today))
    me = own_employee(user)
    if me is not None:
        home.progress = (
            my_performance(user, today=today)
            + my_learning(user, today=today)
            + my_competency(user, today=today)
            + my_corrections(user)
        )
    home.figures = distinct_figures(
        ([headcount_figure(visible_count)] if visible_count and me is None else [])
        + unit_figures(user, today=today)
        + jp_figures(user, today=today)
        + complaint_figures(user, today=today)
        + service_figures(user, today=today)
        + competency_figures(user, today=today)
        + insights_figures(user, today=today)
    )
    home.monitors = monitor_links(user)
    return home
