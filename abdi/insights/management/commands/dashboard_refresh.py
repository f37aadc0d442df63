"""Recount the leadership dashboard snapshots for a year (default: this year).

Nightly from cron: `manage.py dashboard_refresh`; `--enqueue` hands it to the db_worker."""

from django.utils import timezone

from abdi.insights import tasks
from abdi.insights.choices import RunKind
from abdi.insights.management.year_run import YearRunCommand
from abdi.insights.services.dashboard import dashboard_refresh


class Command(YearRunCommand):
    help = "Hitung ulang angka dasbor pimpinan untuk satu tahun."
    kind = RunKind.DASHBOARD

    def task(self):
        return tasks.dashboard_refresh

    def compute(self, year, run):
        started = timezone.now()
        count = dashboard_refresh(year=year, run=run)
        seconds = (timezone.now() - started).total_seconds()
        return f"year={year} snapshots={count} seconds={seconds:.1f}"
