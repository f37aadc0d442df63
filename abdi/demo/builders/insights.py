"""Insights demo data: the IP ASN of every employee and the leadership dashboard snapshots for
last year and this year, so trends show. Computed by the insights services themselves from the
data the other builders wrote (run it last)."""

from __future__ import annotations

import datetime as dt
import time


def seed_insights(*, today: dt.date) -> dict:
    from abdi.insights.services.dashboard import dashboard_refresh
    from abdi.insights.services.ip_asn import ip_asn_compute

    started = time.perf_counter()
    stats = {"years": [today.year - 1, today.year], "scores": 0, "snapshots": 0}
    for year in stats["years"]:
        stats["scores"] += ip_asn_compute(year=year)
        stats["snapshots"] += dashboard_refresh(year=year)
    stats["seconds"] = round(time.perf_counter() - started, 1)
    return stats


def summary(stats: dict) -> dict:
    years = "–".join(str(y) for y in stats["years"])
    return {
        f"IP ASN scores {years}": stats["scores"],
        "dashboard snapshots": stats["snapshots"],
        "insights seconds": stats["seconds"],
    }
