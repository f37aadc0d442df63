"""Background tasks of proposals (django-tasks; worker: `manage.py db_worker`).

`end_service_on_retirement_tmt` ends the active service of everyone whose retirement decree's
TMT has come (run it daily, like `apply_due_rotation_plans`). A decree recorded on or after its
TMT ends the service at once; this task handles the decrees recorded ahead of their TMT."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def end_service_on_retirement_tmt() -> int:
    from abdi.careers.models import Proposal, ProposalAction, ProposalKind, ProposalStatus
    from abdi.careers.services.proposals import retirement_take_effect

    due = (
        Proposal.objects.filter(
            kind=ProposalKind.BUP,
            status=ProposalStatus.DECREED,
            decree_effective_from__lte=timezone.localdate(),
            employee__is_active=True,
        )
        .order_by("pk")
        .prefetch_related("steps__actor")
    )
    count = 0
    for proposal in due:
        step = next(
            (s for s in reversed(list(proposal.steps.all())) if s.action == ProposalAction.DECREE),
            None,
        )
        if step is None:  # pragma: no cover - a decreed proposal always has its step
            continue
        count += retirement_take_effect(actor=step.actor, proposal=proposal)
    logger.info("retirements taking effect: %d", count)
    return count
