"""Reads of the careers app, one module per sub-feature; public names re-exported here."""

from abdi.careers.selectors.due import *  # noqa: F403
from abdi.careers.selectors.mutations import *  # noqa: F403
from abdi.careers.selectors.proposals import *  # noqa: F403
from abdi.careers.selectors.selection import (  # noqa: F401
    Eligibility,
    OpenSelection,
    RankingRow,
    application_detail_queryset,
    application_eligibility,
    applications_of,
    eligibility_of,
    employee_eligibility,
    employee_facts,
    external_facts,
    live_ranking,
    member_scores,
    my_applications,
    open_selections_for,
    panel_limits,
    public_results,
    public_selection_list,
    ranking_for,
    required_document_names,
    requirement_defaults,
    scored_stages,
    selection_detail_queryset,
    selection_list,
    selection_requirements,
    selection_tables,
    stage_defaults,
    stage_scores,
    track_record_of,
    track_record_points,
)
from abdi.careers.selectors.workforce import *  # noqa: F403
