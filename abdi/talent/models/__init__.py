"""Models of the talent app, cut by sub-feature; import them from here."""

from abdi.talent.models.placement import PlacementRun, TalentPlacement
from abdi.talent.models.projects import ChangeProject, ChangeProjectStep, Milestone
from abdi.talent.models.reference import (
    NineBoxCell,
    PredikatPoint,
    TalentSetting,
    ThresholdBand,
    ThresholdSet,
)
from abdi.talent.models.review import BoxAdjustment, ReviewedPlacement, TalentReview
from abdi.talent.models.succession import (
    CriticalPosition,
    SuccessionAppointment,
    Successor,
    SuccessorAction,
)

__all__ = [
    "BoxAdjustment",
    "ChangeProject",
    "ChangeProjectStep",
    "CriticalPosition",
    "Milestone",
    "NineBoxCell",
    "PlacementRun",
    "PredikatPoint",
    "ReviewedPlacement",
    "SuccessionAppointment",
    "Successor",
    "SuccessorAction",
    "TalentPlacement",
    "TalentReview",
    "TalentSetting",
    "ThresholdBand",
    "ThresholdSet",
]
