"""The competency cards of the home page (see core/worklist.py): the employee's gaps against
their position's standard, and the heat-map link for leaders and BKPSDM."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.competency.permissions import can_view_heatmaps
from abdi.competency.selectors import employee_gaps
from abdi.core.worklist import Figure
from abdi.employees.permissions import own_employee


def my_competency(user: User, *, today: dt.date) -> list[Figure]:
    me = own_employee(user)
    if me is None or me.position_id is None:
        return []
    gaps = employee_gaps(me)
    required = len(gaps["gaps"])
    below = sum(1 for g in gaps["gaps"] if g["below"])
    return [
        Figure(
            label=_("Kompetensi di bawah standar jabatan"),
            value=str(below),
            note=_("dari %(n)s kompetensi yang dipersyaratkan") % {"n": required},
            url=reverse("competency:employee_gaps", args=[me.nip]),
            icon="bar-chart-steps",
            tone="warning" if below else "success",
        )
    ]


def competency_figures(user: User, *, today: dt.date) -> list[Figure]:
    if not can_view_heatmaps(user):
        return []
    return [
        Figure(
            label=_("Peta kompetensi unit"),
            value="",
            note=_("Kesenjangan kompetensi per unit dan jabatan"),
            url=reverse("competency:heatmap_home"),
            icon="grid-3x3",
        )
    ]
