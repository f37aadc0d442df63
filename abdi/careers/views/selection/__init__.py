"""Pages of merit selection: thin adapters over the selectors, services and permissions,
cut by who uses them; the views are re-exported here for the URL list."""

from abdi.careers.views.selection.bkpsdm import (  # noqa: F401
    ACTIONS,
    administrative_result,
    appoint,
    eligibility_override,
    objection_decide,
    ranking,
    register_applicant,
    selection_action,
    selection_create,
    selection_detail,
    selection_edit,
    selection_list,
    selection_panel,
    selection_pdf,
    selection_requirements,
    selection_stages,
)
from abdi.careers.views.selection.employee import (  # noqa: F401
    application_detail,
    application_document,
    application_withdraw,
    apply,
    my_selections,
    objection_file,
)
from abdi.careers.views.selection.panel import (  # noqa: F401
    conflict_declare,
    panel_home,
    score,
    track_record_adjust,
)
from abdi.careers.views.selection.public import (  # noqa: F401
    public_selection,
    public_selections,
)
from abdi.careers.views.selection.written_test import (  # noqa: F401
    written_test,
    written_test_link,
)
