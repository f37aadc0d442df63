"""The SKP demo builder: the bulk write helpers and the order of the steps."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from abdi.demo.builders.bulk import (
    bulk_create,
    bulk_create_with_history,
    insert_rows,
    kept_timestamps,
)
from abdi.demo.builders.performance.common import (
    BATCH,
    HISTORY_REASON,
    SEED_OFFSET,
    PerformanceStats,
    Person,
)
from abdi.demo.builders.performance.evaluation import EvaluationSteps
from abdi.demo.builders.performance.execution import ExecutionSteps
from abdi.demo.builders.performance.planning import PlanningSteps

# ---------------------------------------------------------------- the builder


class Builder(PlanningSteps, ExecutionSteps, EvaluationSteps):
    def __init__(self, *, seed: int, today: dt.date, users: dict, progress=None):
        self.rng = random.Random(seed + SEED_OFFSET)
        self.today = today
        self.year = today.year
        self.admin = users["admin"]
        self.users = users
        self.stats = PerformanceStats()
        self.progress = progress

    # -- helpers
    def actor_id(self, person: Person | None) -> int:
        return person.user_id if person and person.user_id else self.admin.pk

    def create(self, model, objs: list, history: bool = True) -> list:
        """Write the rows in bulk; a timestamp set on a row (back-dated) is kept, one left empty
        is now."""
        if not objs:
            return objs
        self.stats.rows[model._meta.model_name] += len(objs)
        stamps = [
            f.attname
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        if stamps:
            now = timezone.now()
            for obj in objs:
                for name in stamps:
                    if getattr(obj, name) is None:
                        setattr(obj, name, now)
        with kept_timestamps(model):
            if history and hasattr(model, "history"):
                return bulk_create_with_history(
                    objs,
                    model,
                    batch_size=BATCH,
                    default_user=self.admin,
                    default_change_reason=HISTORY_REASON,
                )
            return bulk_create(model, objs, batch_size=BATCH)

    def insert(self, model, rows: list[dict]) -> list[int]:
        """Write plain rows (dicts of attribute names; no model instance per row) with their
        history rows; the new keys in the order of `rows`."""
        if not rows:
            return []
        self.stats.rows[model._meta.model_name] += len(rows)
        return insert_rows(model, rows, history_user=self.admin, history_reason=HISTORY_REASON)

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        end = min(end, self.today)
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

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


def seed_performance(*, seed: int, today: dt.date, users: dict, progress=None) -> PerformanceStats:
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
