"""Leadership dashboard snapshots: every subtree's figures for a year, refreshed in the worker
(`tasks.dashboard_refresh`, `manage.py dashboard_refresh`). The page reads one row."""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.competency.selectors import jpm_bands
from abdi.core.services import require
from abdi.insights.choices import RunKind, RunStatus
from abdi.insights.models import DashboardSnapshot, SnapshotRun
from abdi.insights.permissions import can_recompute
from abdi.insights.selectors.dashboard_inputs import (
    ikm_latest,
    reference_day,
    roll_up,
    snapshot_units,
    unit_counters,
)
from abdi.insights.services.ip_asn import validate_year
from abdi.org.models import OrgUnit


def _figures(counter: Counter) -> dict:
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in counter.items() if v}


def dashboard_refresh(*, year: int, run: SnapshotRun | None = None) -> int:
    """Recount every snapshot subtree's figures for `year` and replace its snapshot rows.
    Returns the number of snapshots written."""
    validate_year(year)
    if run is not None:
        SnapshotRun.objects.filter(pk=run.pk).update(
            status=RunStatus.RUNNING, started_at=timezone.now()
        )
    try:
        counters = unit_counters(year)
        all_units = list(
            OrgUnit.objects.order_by("path").values_list("pk", "path", "depth", "name")
        )
        paths = [(pk, path) for pk, path, _d, _n in all_units]
        ikm = ikm_latest()
        targets = snapshot_units()
        with_snapshot = {u.pk for u in targets}
        bands = [name for name, _min in jpm_bands()]
        now = timezone.now()
        rows = []
        for unit in targets:
            children = [
                {
                    "id": pk,
                    "name": name,
                    "snapshot": pk in with_snapshot,
                    "figures": _figures(roll_up(counters, paths, path)),
                }
                for pk, path, depth, name in all_units
                if depth == unit.depth + 1 and path.startswith(unit.path)
            ]
            children = [c for c in children if c["figures"]]
            names = {pk: name for pk, path, _d, name in all_units if path.startswith(unit.path)}
            unit_ikm = [
                {
                    "id": i.unit_id,
                    "name": names[i.unit_id],
                    "ikm": i.ikm,
                    "grade": i.grade,
                    "period": i.period,
                }
                for i in sorted(ikm.values(), key=lambda i: i.ikm)
                if i.unit_id in names
            ]
            rows.append(
                DashboardSnapshot(
                    unit=unit,
                    year=year,
                    computed_at=now,
                    data={
                        "reference_day": reference_day(year).isoformat(),
                        "figures": _figures(roll_up(counters, paths, unit.path)),
                        "children": children,
                        "ikm": unit_ikm,
                        "jpm_bands": bands,
                    },
                )
            )
        with transaction.atomic():
            DashboardSnapshot.objects.filter(year=year).delete()
            DashboardSnapshot.objects.bulk_create(rows, batch_size=200)
    except Exception as exc:
        if run is not None:
            SnapshotRun.objects.filter(pk=run.pk).update(
                status=RunStatus.FAILED, finished_at=timezone.now(), error=str(exc)[:2000]
            )
        raise
    if run is not None:
        SnapshotRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE, finished_at=timezone.now(), rows=len(rows)
        )
    return len(rows)


@transaction.atomic
def dashboard_request(*, actor: User, year: int) -> SnapshotRun:
    """A BKPSDM admin asks for the dashboard of a year to be recounted now."""
    require(can_recompute(actor), _("Hanya admin BKPSDM yang dapat meminta perhitungan ulang."))
    validate_year(year)
    run = SnapshotRun.objects.create(kind=RunKind.DASHBOARD, year=year, requested_by=actor)
    # local: the tasks module imports this service (cycle)
    from abdi.insights.tasks import dashboard_refresh as task

    transaction.on_commit(lambda: task.enqueue(year=year, run_id=run.pk))
    return run
