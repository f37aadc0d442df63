"""Writes of the insights app: its own snapshots only (re-exported per sub-feature)."""

from abdi.insights.services.dashboard import dashboard_refresh
from abdi.insights.services.ip_asn import ip_asn_compute, ip_asn_request

__all__ = ["dashboard_refresh", "ip_asn_compute", "ip_asn_request"]
