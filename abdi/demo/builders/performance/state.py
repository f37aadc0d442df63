"""What the SKP demo's steps share: the builder's state, filled step by step, and the write
helpers."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from abdi.accounts.models import User
from abdi.demo.builders.bulk import (
    bulk_create,
    bulk_create_with_history,
    insert_rows,
    kept_timestamps,
)
from abdi.demo.builders.performance.common import (
    BATCH,
    HISTORY_REASON,
    IndicatorRef,
    PerformanceStats,
    Person,
    ResultRef,
)
from abdi.performance.models import SKP, BehaviourValue, PerformancePeriod, PerformanceYear


class BuilderState:
    """The base of `Builder` and of its step mixins: every attribute a step reads, and the
    helpers, so each mixin is checked against what the builder really holds."""

    # Set by `Builder.__init__`.
    rng: random.Random
    today: dt.date
    year: int
    admin: User
    users: dict[str, User]
    stats: PerformanceStats
    progress: Callable[..., Any] | None
    # Set by `open_year`.
    py: PerformanceYear
    annual: PerformancePeriod
    quarters: list[PerformancePeriod]
    past: list[PerformancePeriod]
    current: PerformancePeriod | None
    matrix: dict[tuple[str, str], str]
    head_mapping: dict[str, str]
    values: list[BehaviourValue]
    # Set by `people`, `org_predikat` and `plan_states`.
    people_by_id: dict[int, Person]
    appraisers: set[int]
    units: dict[int, str]
    unit_paths: dict[int, str]
    org: dict[tuple[int, int], str]
    state: dict[int, str | None]
    ordered: list[Person]
    # Set by `write_skps` and `write_content`.
    skp_of: dict[int, SKP]
    skp_created: dict[int, dt.date]
    main_results: dict[int, list[int]]
    results: dict[int, list[ResultRef]]
    indicators: dict[int, list[IndicatorRef]]

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

    def demo_people(self) -> dict[str, User]:
        found: dict[str, User] = {}
        for name in ("atasan", "pegawai"):
            user = self.users.get(name)
            if user is None:
                continue
            employee = getattr(user, "employee", None)
            if employee is not None and employee.pk in getattr(self, "people_by_id", {}):
                found[name] = user
        return found
