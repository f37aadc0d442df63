"""Recount the leadership dashboard snapshots for a year (default: this year).

Nightly from cron: `manage.py dashboard_refresh`; `--enqueue` hands it to the db_worker."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from abdi.core.services import today


class Command(BaseCommand):
    help = "Hitung ulang angka dasbor pimpinan untuk satu tahun."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="Tahun (bawaan: tahun ini).")
        parser.add_argument("--enqueue", action="store_true", help="Serahkan ke db_worker.")

    def handle(self, *args, year=None, enqueue=False, **options):
        from abdi.insights.choices import RunKind
        from abdi.insights.models import SnapshotRun

        year = year or today().year
        run = SnapshotRun.objects.create(kind=RunKind.DASHBOARD, year=year)
        if enqueue:
            from abdi.insights.tasks import dashboard_refresh

            result = dashboard_refresh.enqueue(year=year, run_id=run.pk)
            self.stdout.write(f"enqueued {result.id}")
            return
        from abdi.insights.services.dashboard import dashboard_refresh

        started = timezone.now()
        count = dashboard_refresh(year=year, run=run)
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(f"year={year} snapshots={count} seconds={seconds:.1f}")
