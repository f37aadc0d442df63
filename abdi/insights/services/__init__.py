"""Writes of the insights app: its own snapshots only (re-exported per sub-feature)."""

from abdi.insights.services.ip_asn import ip_asn_compute, ip_asn_request

__all__ = ["ip_asn_compute", "ip_asn_request"]
