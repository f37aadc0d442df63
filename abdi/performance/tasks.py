"""Background tasks of performance management (django-tasks; worker: `manage.py db_worker`).

`performance_reminders` notifies employees whose SKP or realisation deadline is near. Run it daily:
`manage.py performance_reminders` from cron, or with `--enqueue` through the db_worker."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def performance_reminders(days_ahead: int = 3) -> int:
    from abdi.performance.services import deadline_reminders

    sent = deadline_reminders(days_ahead=days_ahead)
    logger.info("performance reminders sent: %s", sent)
    return sent
