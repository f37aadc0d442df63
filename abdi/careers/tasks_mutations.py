"""Background tasks of mutations (django-tasks; worker: `manage.py db_worker`).

`apply_rotation_plan` is enqueued to run on a scheduled plan's TMT; `apply_due_rotation_plans`
sweeps every scheduled plan whose TMT has come (run it daily, e.g. from cron with
`manage.py shell -c`, in case a deferred task was lost or the backend cannot defer)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from abdi.accounts.models import User
from abdi.careers.models import RotationPlan, RotationPlanStatus
from abdi.careers.services.mutations import rotation_plan_apply_scheduled

logger = logging.getLogger(__name__)


@task()
def apply_rotation_plan(plan_id: int, actor_id: int) -> bool:
    plan = RotationPlan.objects.get(pk=plan_id)
    applied = rotation_plan_apply_scheduled(actor=User.objects.get(pk=actor_id), plan=plan)
    logger.info("rotation plan %s applied: %s", plan_id, applied is not None)
    return applied is not None


@task()
def apply_due_rotation_plans() -> int:
    count = 0
    due = RotationPlan.objects.filter(
        status=RotationPlanStatus.SCHEDULED, effective_from__lte=timezone.localdate()
    )
    for plan in due:
        step = plan.steps.filter(action="schedule").order_by("-at").first()
        actor_id = step.actor_id if step and step.actor_id else plan.created_by_id
        count += bool(apply_rotation_plan.call(plan_id=plan.pk, actor_id=actor_id))
    return count
