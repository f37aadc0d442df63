"""Before the results are announced, an applicant's history shows no panel scores or ranks."""

import pytest

from abdi.careers.models import ApplicationAction, ApplicationStep, SelectionState
from abdi.careers.testing_selection import build_selection_world

pytestmark = pytest.mark.django_db


def test_applicant_steps_hide_score_carrying_steps_until_decided(personas):
    from abdi.careers.views.selection.employee import steps_for

    application = build_selection_world(personas, scoring=True).application
    for action, note in [
        (ApplicationAction.TRACK_RECORD, "60 → 63.5: prestasi"),
        (ApplicationAction.PROPOSED, "Peringkat 1, nilai 88.2"),
    ]:
        ApplicationStep.objects.create(application=application, action=action, note=note)
    applicant = application.employee.user
    shown = [s.note for s in steps_for(applicant, application)]
    assert "Peringkat 1, nilai 88.2" not in shown
    assert "60 → 63.5: prestasi" not in shown
    application.selection.state = SelectionState.DECIDED
    application.selection.save(update_fields=["state"])
    shown = [s.note for s in steps_for(applicant, application)]
    assert "Peringkat 1, nilai 88.2" in shown
