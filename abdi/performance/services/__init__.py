"""Every write of the SKP cycle, one module per area; other apps, tests and the demo import the
services from here, modules inside the app import the defining module."""

from abdi.performance.services.bulk import (
    BULK_LIMIT,
    ApprovalOutcome,
    skp_approve_many,
)
from abdi.performance.services.common import (
    OPEN_STATUSES,
    clean_text,
    date_in_year,
    evaluation_url,
    lock_skp,
    record_event,
    skp_url,
)
from abdi.performance.services.counts import (
    FIGURES,
    employee_units_changed,
    skp_counts_changed,
    unit_counts_add,
    unit_counts_refresh,
)
from abdi.performance.services.evaluation import (
    evaluation_acknowledge,
    evaluation_adjust,
    evaluation_create,
    evaluation_release,
    objection_deadline,
    objection_decide,
    objection_file,
    require_appraiser,
)
from abdi.performance.services.execution import (
    activity_log,
    feedback_give,
    realisation_submit,
)
from abdi.performance.services.planning import (
    derive_chain,
    expectations_set,
    indicator_add,
    indicator_delete,
    indicator_update,
    require_owner,
    skp_approve,
    skp_create,
    skp_return,
    skp_revise,
    skp_submit,
    submit_problems,
    work_result_add,
    work_result_delete,
    work_result_update,
)
from abdi.performance.services.reminders import (
    deadline_reminders,
)
from abdi.performance.services.years import (
    org_predikat_record,
    performance_year_open,
    period_close,
)

__all__ = [
    "ApprovalOutcome",
    "BULK_LIMIT",
    "FIGURES",
    "OPEN_STATUSES",
    "activity_log",
    "clean_text",
    "date_in_year",
    "deadline_reminders",
    "derive_chain",
    "employee_units_changed",
    "evaluation_acknowledge",
    "evaluation_adjust",
    "evaluation_create",
    "evaluation_release",
    "evaluation_url",
    "expectations_set",
    "feedback_give",
    "indicator_add",
    "indicator_delete",
    "indicator_update",
    "lock_skp",
    "objection_deadline",
    "objection_decide",
    "objection_file",
    "org_predikat_record",
    "performance_year_open",
    "period_close",
    "realisation_submit",
    "record_event",
    "require_appraiser",
    "require_owner",
    "skp_approve",
    "skp_approve_many",
    "skp_counts_changed",
    "skp_create",
    "skp_return",
    "skp_revise",
    "skp_submit",
    "skp_url",
    "submit_problems",
    "unit_counts_add",
    "unit_counts_refresh",
    "work_result_add",
    "work_result_delete",
    "work_result_update",
]
