"""Models of the insights app, one module per sub-feature (re-exported here)."""

from abdi.insights.models.dashboard import DashboardSnapshot
from abdi.insights.models.ip_asn import IpAsnBand, IpAsnPoint, IpAsnScore
from abdi.insights.models.merit import (
    MeritAnswer,
    MeritAspect,
    MeritAssessment,
    MeritIndicator,
    MeritLevel,
    MeritStep,
)
from abdi.insights.models.reports import ReportExport
from abdi.insights.models.runs import SnapshotRun

__all__ = [
    "DashboardSnapshot",
    "IpAsnBand",
    "IpAsnPoint",
    "IpAsnScore",
    "MeritAnswer",
    "MeritAspect",
    "MeritAssessment",
    "MeritIndicator",
    "MeritLevel",
    "MeritStep",
    "ReportExport",
    "SnapshotRun",
]
