"""Test data for the insights app, written straight to other apps' tables (their services are
tested there): ledger lines of a programme category, predikats, sanctions."""

from __future__ import annotations

import datetime as dt
import itertools

from abdi.learning.choices import JpSource, RegistrationStatus
from abdi.learning.models import JpEntry, JpYearTotal, Provider, Registration
from abdi.learning.testing import make_programme, make_session

_seq = itertools.count(1)


def training(employee, *, category: str, year: int, jp: int = 10) -> JpEntry:
    """A completed catalogue training of `category` in `year` with its JP line; the yearly
    total is kept in step as learning's services would."""
    n = next(_seq)
    provider, _ = Provider.objects.get_or_create(name="Penyelenggara Uji", kind="internal")
    programme = make_programme(
        code=f"INS-{n}", title=f"Program {n}", provider=provider, category=category, jp=jp
    )
    day = dt.date(year, 6, 1)
    session = make_session(programme, today=day, start_date=day, end_date=day)
    registration = Registration.objects.create(
        session=session, employee=employee, status=RegistrationStatus.COMPLETED
    )
    entry = JpEntry.objects.create(
        employee=employee,
        year=year,
        date=day,
        jp=jp,
        source=JpSource.TRAINING,
        title=programme.title,
        registration=registration,
    )
    total, _ = JpYearTotal.objects.get_or_create(employee=employee, year=year, defaults={"jp": 0})
    total.jp += jp
    total.save()
    return entry
