"""Who may see and do what of the careers app, one module per sub-feature; public names re-exported here."""

from abdi.careers.permissions.mutations import *  # noqa: F403
from abdi.careers.permissions.proposals import *  # noqa: F403
from abdi.careers.permissions.selection import (  # noqa: F401
    applications_visible_to,
    can_apply,
    can_manage_selections,
    can_object,
    can_score,
    can_see_documents,
    can_see_own_scores,
    can_view_ranking,
    can_withdraw_application,
    has_conflict,
    is_own_application,
    is_panel_member,
    member_for,
    panel_selection_ids,
    public_selections,
    reads_all_selections,
    selections_visible_to,
)
from abdi.careers.permissions.workforce import *  # noqa: F403
