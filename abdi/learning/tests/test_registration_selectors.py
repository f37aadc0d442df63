"""Registration selectors that the pages read through."""

from __future__ import annotations

import pytest

from abdi.learning.selectors import registration as selectors
from abdi.learning.services import registration as svc
from abdi.learning.testing import build_learning_world


@pytest.mark.django_db
def test_reaction_survey_of_is_the_participants_answer_once_given(personas):
    world = build_learning_world(personas)
    assert selectors.reaction_survey_of(world.completed) is None
    answer = svc.reaction_survey_submit(
        actor=personas.employee.user,
        registration=world.completed,
        content=5,
        facilitator=4,
        organisation=3,
        usefulness=5,
    )
    assert selectors.reaction_survey_of(world.completed) == answer
    # Another registration's survey is not this one's.
    assert selectors.reaction_survey_of(world.pending) is None
