"""Merit selection (seleksi terbuka JPT and internal competitive selection), one module per
sub-feature: the reference data and choices, the selection and its stages (setup), the
applicants, the panel and its scores (scoring), everyone's eligibility in the worker and the
written test taken by an external applicant. Re-exported here.

A Selection is opened by BKPSDM for one or more vacant posts, with requirements (rules of the
eligibility engine and their parameters), stages with weights summing to 100, a panel, and
applications. Every state change is a step row (who, when, note). See
docs/decisions/0014-careers-selection.md."""

from abdi.careers.models.selection.applications import (  # noqa: F401
    Application,
    ApplicationDocument,
    ApplicationStep,
    EligibilityOverride,
    Objection,
)
from abdi.careers.models.selection.eligibility import (  # noqa: F401
    EligibilityResult,
    EligibilityRun,
    EligibilityRunStatus,
)
from abdi.careers.models.selection.reference import (  # noqa: F401
    AgeReading,
    ApplicationAction,
    ApplicationState,
    ObjectionStatus,
    PanelRole,
    RuleKind,
    SelectionAction,
    SelectionKind,
    SelectionParameter,
    SelectionRequirementDefault,
    SelectionStageDefault,
    SelectionState,
    StageKind,
    TrackRecordPoint,
)
from abdi.careers.models.selection.scoring import (  # noqa: F401
    Appointment,
    ConflictDeclaration,
    PanelMember,
    RankingEntry,
    Score,
    ScoreRevision,
    TrackRecord,
)
from abdi.careers.models.selection.setup import (  # noqa: F401
    Selection,
    SelectionRequirement,
    SelectionStage,
    SelectionStep,
)
from abdi.careers.models.selection.written_test import WrittenTestSitting  # noqa: F401
