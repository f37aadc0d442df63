"""The SKP demo builder: its start and the order of the steps (the shared state and the write
helpers are in `state`)."""

from __future__ import annotations

import datetime as dt
import random

from abdi.accounts.models import User
from abdi.demo.builders.performance.common import SEED_OFFSET, PerformanceStats
from abdi.demo.builders.performance.evaluation import EvaluationSteps
from abdi.demo.builders.performance.execution import ExecutionSteps
from abdi.demo.builders.performance.planning import PlanningSteps

# ---------------------------------------------------------------- the builder


class Builder(PlanningSteps, ExecutionSteps, EvaluationSteps):
    def __init__(self, *, seed: int, today: dt.date, users: dict[str, User], progress=None) -> None:
        self.rng = random.Random(seed + SEED_OFFSET)
        self.today = today
        self.year = today.year
        self.admin = users["admin"]
        self.users = users
        self.stats = PerformanceStats()
        self.progress = progress

    # -- steps
    def run(self) -> PerformanceStats:
        self.open_year()
        self.people()
        self.org_predikat()
        self.plan_states()
        self.write_skps()
        self.write_content()
        self.write_execution()
        self.write_evaluations()
        self.write_notifications()
        return self.stats


def seed_performance(
    *, seed: int, today: dt.date, users: dict[str, User], progress=None
) -> PerformanceStats:
    """Write the demo SKP cycle; `users` are the demo logins by username (needs "admin")."""
    return Builder(seed=seed, today=today, users=users, progress=progress).run()


def summary(stats: PerformanceStats) -> dict:
    states = ", ".join(f"{k} {v}" for k, v in sorted(stats.skps.items()))
    predikat = ", ".join(f"{k} {v}" for k, v in stats.predikat.most_common())
    return {
        "SKP (current year)": f"{sum(stats.skps.values())} ({states})",
        "evaluations": f"{sum(stats.evaluations.values())} ({predikat})",
        "realisations": stats.rows.get("realisation", 0),
        "activities": stats.rows.get("activity", 0),
    }
