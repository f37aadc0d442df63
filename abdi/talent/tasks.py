"""Background tasks of the talent app (django-tasks; the worker is `manage.py db_worker`)."""

from __future__ import annotations

import logging

from django_tasks import task

from abdi.talent.services.placement import placement_run_execute
from abdi.talent.services.projects import milestones_remind_overdue

logger = logging.getLogger(__name__)


@task()
def compute_placements(run_id: int) -> None:
    """Place every active employee in the nine-box for the run's year."""

    run = placement_run_execute(run_id)
    logger.info(
        "talent placements %s: %s placed, %s unmappable", run.year, run.placed, run.unmappable
    )


@task()
def remind_overdue_milestones() -> int:
    """Remind participants and mentors of change-project milestones past their due date."""

    return milestones_remind_overdue()
