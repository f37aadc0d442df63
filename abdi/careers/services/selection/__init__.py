"""Writes of merit selection, cut by step of the selection; public names re-exported here.

Each service checks who may act, validates everything before writing (bad input: a clear
Indonesian message, nothing written), runs in one transaction, records a step row (actor, time)
for every state change and keeps history (simple-history with the actor). Notifications go out
after commit."""

from abdi.careers.services.selection.applications import (  # noqa: F401
    ExternalApplicant,
    administrative_result,
    application_register,
    application_submit,
    application_withdraw,
    eligibility_override,
    objection_deadline,
    objection_decide,
    objection_file,
)
from abdi.careers.services.selection.eligibility import (  # noqa: F401
    eligibility_evaluate_all,
    eligibility_evaluate_all_request,
    eligibility_queue,
)
from abdi.careers.services.selection.schedule import (  # noqa: F401
    registration_ends_at,
    stage_schedule_set,
)
from abdi.careers.services.selection.scoring import (  # noqa: F401
    appointment_decide,
    conflict_declare,
    ranking_propose,
    score_submit,
    track_record_adjust,
)
from abdi.careers.services.selection.setup import (  # noqa: F401
    STAGE_ORDER,
    PanelInput,
    panel_set,
    requirements_set,
    selection_announce,
    selection_cancel,
    selection_close,
    selection_create,
    selection_next_stage,
    selection_start_scoring,
    selection_update,
    stages_set,
)
