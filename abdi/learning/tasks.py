"""Background task of the credit area (django-tasks; worker: `manage.py db_worker`).

`jp_reminders` tells employees below the year's JP target, and their supervisors, from October
on, once a month. Run it daily from cron: `manage.py jp_reminders`, or
`manage.py jp_reminders --enqueue` to hand it to the db_worker."""

from __future__ import annotations

import datetime as dt
import logging

from django_tasks import task

from abdi.learning.services.credit import jp_reminders as remind

logger = logging.getLogger(__name__)


@task()
def jp_reminders(today: str | None = None) -> dict:
    result = remind(today=dt.date.fromisoformat(today) if today else None)
    logger.info("jp reminders: %s", result)
    return result
