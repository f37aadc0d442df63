"""Models of the insights app, one module per sub-feature (re-exported here)."""

from abdi.insights.models.dashboard import DashboardSnapshot
from abdi.insights.models.engagement import (
    EngagementAnswer,
    EngagementParticipation,
    EngagementQuestion,
    EngagementResponse,
    EngagementSurvey,
)
from abdi.insights.models.ip_asn import IpAsnBand, IpAsnPoint, IpAsnScore
from abdi.insights.models.merit import (
    MeritAnswer,
    MeritAspect,
    MeritAssessment,
    MeritIndicator,
    MeritLevel,
    MeritStep,
)
from abdi.insights.models.programmes import (
    Finding,
    FollowUp,
    IndicatorTarget,
    IndicatorValue,
    Programme,
    ProgrammeBudget,
    ProgrammeIndicator,
    Recommendation,
)
from abdi.insights.models.reports import ReportExport
from abdi.insights.models.runs import SnapshotRun
from abdi.insights.models.service_score import ServiceScoreRecord, ServiceScoreWeight

__all__ = [
    "DashboardSnapshot",
    "EngagementAnswer",
    "EngagementParticipation",
    "EngagementQuestion",
    "EngagementResponse",
    "EngagementSurvey",
    "Finding",
    "FollowUp",
    "IndicatorTarget",
    "IndicatorValue",
    "IpAsnBand",
    "IpAsnPoint",
    "IpAsnScore",
    "MeritAnswer",
    "MeritAspect",
    "MeritAssessment",
    "MeritIndicator",
    "MeritLevel",
    "MeritStep",
    "Programme",
    "ProgrammeBudget",
    "ProgrammeIndicator",
    "Recommendation",
    "ReportExport",
    "ServiceScoreRecord",
    "ServiceScoreWeight",
    "SnapshotRun",
]
