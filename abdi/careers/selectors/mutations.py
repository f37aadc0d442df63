"""Reads of transfer requests and rotation plans, each from the user's scope."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from abdi.careers.models import RotationPlan, TransferRequest, TransferStatus
from abdi.careers.permissions.mutations import rotation_plans_visible_to, transfers_visible_to
from abdi.org.models import Position

TRANSFER_RELATED = (
    "employee",
    "home_unit",
    "destination_unit",
    "destination_position",
)


def transfer_list(*, user, status: str = "", open_only: bool = False) -> QuerySet[TransferRequest]:
    qs = transfers_visible_to(user).select_related(*TRANSFER_RELATED)
    if status:
        qs = qs.filter(status=status)
    if open_only:
        qs = qs.filter(status__in=TransferStatus.open())
    return qs.order_by("-created_at", "-pk")


def transfer_detail_queryset(*, user) -> QuerySet[TransferRequest]:
    return transfers_visible_to(user).select_related(*TRANSFER_RELATED, "created_by")


def transfer_steps(request: TransferRequest):
    return request.steps.select_related("actor").order_by("at", "pk")


def rotation_plan_list(*, user) -> QuerySet[RotationPlan]:
    return (
        rotation_plans_visible_to(user)
        .select_related("created_by")
        .annotate(move_count=Count("moves"))
        .order_by("-created_at", "-pk")
    )


def rotation_plan_detail_queryset(*, user) -> QuerySet[RotationPlan]:
    return rotation_plans_visible_to(user).select_related("created_by")


def rotation_moves(plan: RotationPlan):
    return plan.moves.select_related(
        "employee",
        "employee__position",
        "employee__org_unit",
        "from_position",
        "target_position",
        "target_position__org_unit",
    ).order_by("pk")


def vacancy_rows(plan: RotationPlan) -> list[tuple[Position, int]]:
    """The positions the plan leaves with free posts, from the last check."""
    vacancies = {int(k): v for k, v in (plan.check_report or {}).get("vacancies", {}).items()}
    positions = Position.objects.select_related("org_unit").in_bulk(
        [pid for pid, free in vacancies.items() if free > 0]
    )
    return sorted(
        ((positions[pid], vacancies[pid]) for pid in positions),
        key=lambda pair: (pair[0].org_unit_id, pair[0].name),
    )
