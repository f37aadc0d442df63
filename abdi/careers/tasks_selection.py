"""Background tasks of merit selection (django-tasks; worker: `manage.py db_worker`).

`evaluate_selection_eligibility` judges every active employee for one selection and stores the
results (queued when the selection is announced, or by BKPSDM from the selection's page)."""

from __future__ import annotations

import logging

from django_tasks import task

from abdi.careers.services.selection.eligibility import eligibility_evaluate_all

logger = logging.getLogger(__name__)


@task()
def evaluate_selection_eligibility(selection_id: int) -> int:
    run = eligibility_evaluate_all(selection_id=selection_id)
    logger.info(
        "selection %s: %d of %d employees eligible", selection_id, run.eligible, run.evaluated
    )
    return run.eligible
