"""Background tasks of proposals (django-tasks; worker: `manage.py db_worker`).

A retirement decree recorded on or after its TMT ends the service at once. One recorded ahead
enqueues `end_service_for_retirement` to run on the TMT; `end_service_on_retirement_tmt` (and
`manage.py end_service_due`, run daily from cron) sweeps every decree whose TMT has come, in
case a deferred task was lost or the backend cannot defer."""

from __future__ import annotations

import logging

from django_tasks import task

from abdi.careers.services.proposals import (
    retirement_take_effect_recorded,
    retirements_due_take_effect,
)

logger = logging.getLogger(__name__)


@task()
def end_service_for_retirement(proposal_id: int) -> bool:
    ended = retirement_take_effect_recorded(proposal_id=proposal_id)
    logger.info("retirement of proposal %s took effect: %s", proposal_id, ended)
    return ended


@task()
def end_service_on_retirement_tmt() -> int:
    ended, failed = retirements_due_take_effect()
    logger.info("retirements taking effect: %d (failed: %s)", ended, failed or "none")
    return ended
