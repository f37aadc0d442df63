"""Background tasks of performance management (django-tasks; worker: `manage.py db_worker`).

`performance_reminders` notifies employees whose SKP or realisation deadline is near. Run it daily:
`manage.py performance_reminders` from cron, or with `--enqueue` through the db_worker."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import transaction
from django_tasks import task

from abdi.performance.services.counts import predikat_counts_refresh, unit_counts_refresh
from abdi.performance.services.reminders import deadline_reminders

logger = logging.getLogger(__name__)


@task()
def performance_reminders(days_ahead: int = 3) -> int:
    sent = deadline_reminders(days_ahead=days_ahead)
    logger.info("performance reminders sent: %s", sent)
    return sent


# Set while a full refresh of the unit monitor's counts waits in the queue: one is enough.
_REFRESH_QUEUED_KEY = "performance:unit-counts:refresh-queued"


@task()
def refresh_unit_counts() -> int:
    """Recompute every unit's monitor counts and predikat counts (services/counts.py,
    unit_counts_refresh and predikat_counts_refresh)."""

    cache.delete(_REFRESH_QUEUED_KEY)
    rows = unit_counts_refresh() + predikat_counts_refresh()
    logger.info("unit monitor counts refreshed: %s rows", rows)
    return rows


def schedule_unit_counts_refresh() -> None:
    """Queue one full refresh after the current transaction commits, unless one is queued."""

    if cache.add(_REFRESH_QUEUED_KEY, 1, timeout=600):
        transaction.on_commit(refresh_unit_counts.enqueue)
