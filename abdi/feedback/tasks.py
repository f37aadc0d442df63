"""Background tasks of the public-voice module (django-tasks; worker: `manage.py db_worker`).

`complaints_tick` auto-closes followed-up complaints without a reply from the reporter and
escalates overdue ones. Run it periodically: `manage.py complaints_tick` from cron (e.g. every
hour), or `manage.py complaints_tick --enqueue` to hand it to the db_worker."""

from __future__ import annotations

import logging

from django_tasks import task

from abdi.feedback.services.complaints import complaints_tick as tick

logger = logging.getLogger(__name__)


@task()
def complaints_tick() -> dict:
    result = tick()
    logger.info("complaints tick: %s", result)
    return result
