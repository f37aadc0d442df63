"""Individual development plans (IDP): opening and proposing (proposal), the items and the edit rules every plan write shares (items), and the agreement between the employee and the supervisor (agreement)."""

from abdi.learning.services.plans.agreement import (
    plan_agree,
    plan_return,
    plan_submit,
)
from abdi.learning.services.plans.items import (
    STATUS_MOVES,
    current_supervisor,
    lock_plan,
    notify_other,
    plan_item_add,
    plan_item_remove,
    plan_item_set_status,
    plan_item_update,
    plan_url,
    require_editable,
    require_editor,
)
from abdi.learning.services.plans.proposal import (
    PROPOSAL_REASON,
    PROPOSED_SOURCES,
    Proposal,
    allowed_years,
    plan_propose,
    plan_start,
)

__all__ = [
    "PROPOSAL_REASON",
    "PROPOSED_SOURCES",
    "Proposal",
    "STATUS_MOVES",
    "allowed_years",
    "current_supervisor",
    "lock_plan",
    "notify_other",
    "plan_agree",
    "plan_item_add",
    "plan_item_remove",
    "plan_item_set_status",
    "plan_item_update",
    "plan_propose",
    "plan_return",
    "plan_start",
    "plan_submit",
    "plan_url",
    "require_editable",
    "require_editor",
]
