"""Background tasks of the competency app (django-tasks; worker: `manage.py db_worker`).

`rebuild_requirement_counts` recounts the heat-map's per-unit counts (UnitRequirementCount)
after a change; `schedule_requirement_counts_rebuild` queues it once however many changes
arrive while it waits (a burst of assessments costs one recount, not one per assessment)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django_tasks import task

from abdi.competency.services import requirement_counts_rebuild

logger = logging.getLogger(__name__)

# Set while a rebuild waits in the queue; the task clears it as it starts, so a change made
# during a rebuild queues the next one. Expires on its own should a worker die.
REBUILD_QUEUED_KEY = "competency:requirement-counts:rebuild-queued"


@task()
def rebuild_requirement_counts() -> int:
    cache.delete(REBUILD_QUEUED_KEY)
    rows = requirement_counts_rebuild()
    logger.info("heat-map counts rebuilt: %s rows", rows)
    return rows


def schedule_requirement_counts_rebuild() -> None:
    """Queue one rebuild after the current transaction commits, unless one is queued already.
    Nothing when the heat-map counts live (ABDI_HEATMAP_CACHE_SECONDS ≤ 0, as in tests)."""
    if settings.ABDI_HEATMAP_CACHE_SECONDS <= 0:
        return
    if cache.add(REBUILD_QUEUED_KEY, 1, timeout=600):
        transaction.on_commit(rebuild_requirement_counts.enqueue)


def employee_units_changed(unit_ids: frozenset[int]) -> None:
    """core.derived listener: staff joined, left or changed position: recount once the change
    commits (never mark a rebuild as queued for a change that rolls back)."""
    transaction.on_commit(schedule_requirement_counts_rebuild)
