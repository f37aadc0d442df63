"""Approving several submitted SKPs at once (the supervisor's inbox and "Tugas saya").

Each SKP goes through `planning_services.skp_approve`, the one approval, in its own transaction: one the
rules refuse (incomplete, already decided, not the actor's to decide) is reported with its reason
and the others still pass — the same choice as the bulk approval of training requests. SKPs the
actor may not see are left out silently, as a 404 would (docs/decisions/0026-bulk-skp-approval.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from abdi.accounts.models import User
from abdi.performance import permissions as perms
from abdi.performance.choices import SKPStatus
from abdi.performance.models.planning import SKP
from abdi.performance.services import planning as planning_services

BULK_LIMIT = 100  # SKPs per request; the inbox shows fewer


@dataclass(frozen=True)
class ApprovalOutcome:
    skp: SKP
    errors: tuple[str, ...] = ()  # empty when approved

    @property
    def approved(self) -> bool:
        return not self.errors


def _messages(exc: ValidationError | PermissionDenied) -> tuple[str, ...]:
    if isinstance(exc, PermissionDenied):
        return (str(exc),)
    if hasattr(exc, "error_dict"):
        return tuple(str(m) for msgs in exc.message_dict.values() for m in msgs)
    return tuple(str(m) for m in exc.messages)


def skp_approve_many(
    *, actor: User, skp_ids: Iterable[int], note: str = ""
) -> list[ApprovalOutcome]:
    """Approve each of the given submitted SKPs the actor may see, one transaction each, in the
    order they were submitted; at most BULK_LIMIT. Returns one outcome per SKP tried."""
    ids = list(dict.fromkeys(int(i) for i in skp_ids))[:BULK_LIMIT]
    if not ids:
        return []
    skps = (
        perms.skps_visible_to(actor)
        .filter(pk__in=ids, status=SKPStatus.SUBMITTED)
        .select_related("employee", "performance_year")
        .order_by("submitted_at", "pk")
    )
    outcomes = []
    for skp in skps:
        try:
            with transaction.atomic():
                planning_services.skp_approve(actor=actor, skp=skp, note=note)
        except (ValidationError, PermissionDenied) as exc:
            outcomes.append(ApprovalOutcome(skp, _messages(exc)))
        else:
            outcomes.append(ApprovalOutcome(skp))
    return outcomes
