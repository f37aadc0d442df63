"""Background tasks of the insights app (django-tasks; worker: `manage.py db_worker`).

Nightly: `manage.py ip_asn_recompute` (this year) and `manage.py dashboard_refresh` from cron,
or with `--enqueue` through the db_worker (README, "Insights")."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def ip_asn_recompute(year: int, run_id: int | None = None) -> int:
    from abdi.insights.models import SnapshotRun
    from abdi.insights.services.dashboard import dashboard_refresh as refresh
    from abdi.insights.services.ip_asn import ip_asn_compute

    run = SnapshotRun.objects.filter(pk=run_id).first() if run_id else None
    count = ip_asn_compute(year=year, run=run)
    logger.info("IP ASN %s computed for %s employees", year, count)
    refresh(year=year)  # the unit pages read their IP ASN figures from these snapshots
    return count


@task()
def dashboard_refresh(year: int, run_id: int | None = None) -> int:
    from abdi.insights.models import SnapshotRun
    from abdi.insights.services.dashboard import dashboard_refresh as refresh

    run = SnapshotRun.objects.filter(pk=run_id).first() if run_id else None
    count = refresh(year=year, run=run)
    logger.info("dashboard %s: %s snapshots", year, count)
    return count


@task()
def report_export_run(export_id: int) -> None:
    from abdi.insights.models import ReportExport
    from abdi.insights.services.reports import report_export_run as run

    export = ReportExport.objects.select_related("requested_by", "org_unit").get(pk=export_id)
    run(export=export)
