"""Background tasks of the insights app (django-tasks; worker: `manage.py db_worker`).

Nightly: `manage.py ip_asn_recompute` (this year) and `manage.py dashboard_refresh` from cron,
or with `--enqueue` through the db_worker (README, "Insights")."""

from __future__ import annotations

import logging

from django_tasks import task

from abdi.insights.models import ReportExport, SnapshotRun
from abdi.insights.services import dashboard as dashboard_service
from abdi.insights.services import reports as reports_service
from abdi.insights.services.ip_asn import ip_asn_compute

logger = logging.getLogger(__name__)


@task()
def ip_asn_recompute(year: int, run_id: int | None = None) -> int:
    run = SnapshotRun.objects.filter(pk=run_id).first() if run_id else None
    count = ip_asn_compute(year=year, run=run)
    logger.info("IP ASN %s computed for %s employees", year, count)
    # The unit pages read their IP ASN figures from these snapshots.
    dashboard_service.dashboard_refresh(year=year)
    return count


@task()
def dashboard_refresh(year: int, run_id: int | None = None) -> int:
    run = SnapshotRun.objects.filter(pk=run_id).first() if run_id else None
    count = dashboard_service.dashboard_refresh(year=year, run=run)
    logger.info("dashboard %s: %s snapshots", year, count)
    return count


@task()
def report_export_run(export_id: int) -> None:
    export = ReportExport.objects.select_related("requested_by", "org_unit").get(pk=export_id)
    reports_service.report_export_run(export=export)
