"""Helpers every SKP service shares: the statuses still open, links for
notices, the event log, the reference date in a year, and the row lock on an SKP. The rest (today,
refusals, an employee's login) comes from the core toolkit (abdi.core.services)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from abdi.accounts.models import User
from abdi.core.services import today as agency_today
from abdi.performance.choices import SKPStatus
from abdi.performance.models.evaluation import Evaluation
from abdi.performance.models.planning import SKP, SKPEvent

OPEN_STATUSES = (SKPStatus.DRAFT, SKPStatus.SUBMITTED, SKPStatus.RETURNED)


def clean_text(value: str | None) -> str:
    """Free text as typed, without the surrounding whitespace ('' for None)."""
    return (value or "").strip()


def skp_url(skp: SKP) -> str:
    return reverse("performance:skp_detail", args=[skp.pk])


def evaluation_url(evaluation: Evaluation) -> str:
    return reverse("performance:evaluation_detail", args=[evaluation.pk])


def record_event(skp: SKP, action: str, actor: User, note: str = "") -> SKPEvent:
    """One line of the SKP's event log."""
    return SKPEvent.objects.create(skp=skp, action=action, actor=actor, note=note)


def date_in_year(year: int, on: dt.date | None = None) -> dt.date:
    """The reference date for deriving the appraiser of a year's SKP: today, within that year."""
    on = on or agency_today()
    return min(max(on, dt.date(year, 1, 1)), dt.date(year, 12, 31))


def lock_skp(skp: SKP) -> SKP:
    """Re-read the SKP under a row lock so that two concurrent transitions cannot both pass."""
    fresh = SKP.objects.select_for_update().get(pk=skp.pk)
    skp.status = fresh.status
    return skp
