"""Writes of the careers app, one module per sub-feature; public names re-exported here."""

from abdi.careers.services.mutations import *  # noqa: F403
from abdi.careers.services.proposals import *  # noqa: F403
from abdi.careers.services.selection import (  # noqa: F401
    ExternalApplicant,
    PanelInput,
    administrative_result,
    application_register,
    application_submit,
    application_withdraw,
    appointment_decide,
    conflict_declare,
    eligibility_override,
    objection_deadline,
    objection_decide,
    objection_file,
    panel_set,
    ranking_propose,
    requirements_set,
    score_submit,
    selection_announce,
    selection_cancel,
    selection_close,
    selection_create,
    selection_next_stage,
    selection_start_scoring,
    selection_update,
    stages_set,
    track_record_adjust,
)
