"""Insights demo data: the IP ASN of every employee and the leadership dashboard snapshots for
last year and this year, so trends show. Computed by the insights services themselves from the
data the other builders wrote (run it last)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any


def seed_insights(*, today: dt.date, users: dict | None = None) -> dict:
    from abdi.insights.services.dashboard import dashboard_refresh
    from abdi.insights.services.ip_asn import ip_asn_compute

    started = time.perf_counter()
    stats: dict[str, Any] = {"years": [today.year - 1, today.year], "scores": 0, "snapshots": 0}
    for year in stats["years"]:
        stats["scores"] += ip_asn_compute(year=year)
        stats["snapshots"] += dashboard_refresh(year=year)
    if users and "admin" in users and "auditor" in users:
        stats["merit"] = _seed_merit(today, users["admin"], users["auditor"])
    stats["seconds"] = round(time.perf_counter() - started, 1)
    return stats


def _seed_merit(today: dt.date, admin, auditor) -> str:
    """Last year's self-assessment verified, this year's in progress (Abdi's proposals)."""
    from decimal import Decimal

    from abdi.insights.services import merit

    last = merit.merit_start(actor=admin, year=today.year - 1)
    for answer in last.answers.filter(score__isnull=True).select_related("indicator"):
        merit.merit_answer(actor=admin, answer=answer, score=Decimal("0.5"))
    merit.merit_submit(actor=admin, assessment=last)
    merit.merit_verify(actor=auditor, assessment=last, approve=True)
    merit.merit_start(actor=admin, year=today.year)
    return f"{today.year - 1} verified, {today.year} in progress"


def summary(stats: dict) -> dict:
    years = "–".join(str(y) for y in stats["years"])
    return {
        f"IP ASN scores {years}": stats["scores"],
        "dashboard snapshots": stats["snapshots"],
        "merit self-assessment": stats.get("merit", "-"),
        "insights seconds": stats["seconds"],
    }
