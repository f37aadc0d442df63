"""Background tasks of the employees app (django-tasks; the worker is `manage.py db_worker`)."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django_tasks import task

from abdi.accounts.models import User
from abdi.core.heartbeat import heartbeat
from abdi.employees.models import ImportJob
from abdi.employees.services.imports import validation, writing

logger = logging.getLogger(__name__)


@task()
def validate_import(job_id: int) -> None:
    """The dry run of a big import file; the job's processed_rows moves every batch."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    with heartbeat(validation.import_heartbeat_key(job_id)):
        validation.import_validate(job)


@task()
def execute_import(job_id: int, actor_id: int) -> None:
    """The all-or-nothing write of a big, already claimed (IMPORTING) import file."""
    job = ImportJob.objects.get(pk=job_id)
    actor = User.objects.get(pk=actor_id)
    try:
        with heartbeat(validation.import_heartbeat_key(job_id)):
            writing.import_execute_claimed(actor=actor, job=job)
    except ValidationError as exc:
        # The job already says why (INVALID with its report); nothing was written.
        logger.info("import %s not written: %s", job_id, exc.messages)
