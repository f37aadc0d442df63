"""The performance app's models, one module per area; every model is importable from here."""

from abdi.performance.models.counts import (
    UnitCompletionCount,
    UnitPredikatCount,
)
from abdi.performance.models.evaluation import (
    Evaluation,
    EvaluationAdjustment,
    Objection,
)
from abdi.performance.models.execution import (
    Activity,
    Feedback,
    Realisation,
)
from abdi.performance.models.planning import (
    SKP,
    BehaviourExpectation,
    Indicator,
    SKPEvent,
    WorkResult,
)
from abdi.performance.models.reference import (
    BehaviourValue,
    CreditPointPercentage,
    CreditPointRule,
    DistributionLimit,
    OrgPredikatRating,
    PredikatMatrixCell,
)
from abdi.performance.models.years import (
    ROMAN,
    OrgUnitPredikat,
    PerformancePeriod,
    PerformanceYear,
    period_label,
    period_label_text,
)

__all__ = [
    "Activity",
    "BehaviourExpectation",
    "BehaviourValue",
    "CreditPointPercentage",
    "CreditPointRule",
    "DistributionLimit",
    "Evaluation",
    "EvaluationAdjustment",
    "Feedback",
    "Indicator",
    "Objection",
    "OrgPredikatRating",
    "OrgUnitPredikat",
    "PerformancePeriod",
    "PerformanceYear",
    "PredikatMatrixCell",
    "ROMAN",
    "Realisation",
    "SKP",
    "SKPEvent",
    "UnitCompletionCount",
    "UnitPredikatCount",
    "WorkResult",
    "period_label",
    "period_label_text",
]
