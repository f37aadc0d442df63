"""Recompute the IP ASN of every active employee for a year (default: this year), then the
dashboard snapshots of that year (the unit IP ASN page reads its figures from them).

Nightly from cron: `manage.py ip_asn_recompute`; `--enqueue` hands it to the db_worker."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from abdi.core.services import today


class Command(BaseCommand):
    help = "Hitung ulang IP ASN seluruh pegawai aktif untuk satu tahun."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="Tahun (bawaan: tahun ini).")
        parser.add_argument("--enqueue", action="store_true", help="Serahkan ke db_worker.")

    def handle(self, *args, year=None, enqueue=False, **options):
        from abdi.insights.choices import RunKind
        from abdi.insights.models import SnapshotRun

        year = year or today().year
        run = SnapshotRun.objects.create(kind=RunKind.IP_ASN, year=year)
        if enqueue:
            from abdi.insights.tasks import ip_asn_recompute

            result = ip_asn_recompute.enqueue(year=year, run_id=run.pk)
            self.stdout.write(f"enqueued {result.id}")
            return
        from abdi.insights.services import dashboard_refresh, ip_asn_compute

        started = timezone.now()
        count = ip_asn_compute(year=year, run=run)
        seconds = (timezone.now() - started).total_seconds()
        # As the worker task does: the unit pages read their IP ASN figures from the snapshots.
        snapshots = dashboard_refresh(year=year)
        self.stdout.write(
            f"year={year} employees={count} seconds={seconds:.1f} snapshots={snapshots}"
        )
