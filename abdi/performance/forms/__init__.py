"""The performance app's forms, one module per area; they check shape only, the services enforce the rules."""

from abdi.performance.forms.common import (
    StyledForm,
    date_input,
)
from abdi.performance.forms.evaluation import (
    ActivityForm,
    AdjustForm,
    EvaluationForm,
    FeedbackForm,
    ObjectionDecisionForm,
    ObjectionForm,
    RealisationForm,
)
from abdi.performance.forms.planning import (
    ExpectationsForm,
    IndicatorForm,
    NoteForm,
    ReturnForm,
    SKPCreateForm,
    SKPFilterForm,
    WorkResultForm,
)
from abdi.performance.forms.years import (
    OrgPredikatForm,
    YearOpenForm,
)

__all__ = [
    "ActivityForm",
    "AdjustForm",
    "EvaluationForm",
    "ExpectationsForm",
    "FeedbackForm",
    "IndicatorForm",
    "NoteForm",
    "ObjectionDecisionForm",
    "ObjectionForm",
    "OrgPredikatForm",
    "RealisationForm",
    "ReturnForm",
    "SKPCreateForm",
    "SKPFilterForm",
    "StyledForm",
    "WorkResultForm",
    "YearOpenForm",
    "date_input",
]
