"""Recompute the IP ASN of every active employee for a year (default: this year), then the
dashboard snapshots of that year (the unit IP ASN page reads its figures from them).

Nightly from cron: `manage.py ip_asn_recompute`; `--enqueue` hands it to the db_worker. Computed
here, it also rebuilds any computed year whose partition a database crash emptied (unlogged
partitions, `IP_ASN_LOGGED_PARTITIONS = False`, docs/decisions/0063)."""

from django.utils import timezone

from abdi.insights import tasks
from abdi.insights.choices import RunKind
from abdi.insights.management.year_run import YearRunCommand
from abdi.insights.models import SnapshotRun
from abdi.insights.services import dashboard_refresh, ip_asn_compute
from abdi.insights.services.ip_asn_partition import years_lost


class Command(YearRunCommand):
    help = "Hitung ulang IP ASN seluruh pegawai aktif untuk satu tahun."
    kind = RunKind.IP_ASN

    def task(self):
        return tasks.ip_asn_recompute

    def compute(self, year, run):
        started = timezone.now()
        count = ip_asn_compute(year=year, run=run)
        seconds = (timezone.now() - started).total_seconds()
        # As the worker task does: the unit pages read their IP ASN figures from the snapshots.
        snapshots = dashboard_refresh(year=year)
        lines = [f"year={year} employees={count} seconds={seconds:.1f} snapshots={snapshots}"]
        for lost in years_lost():
            again = SnapshotRun.objects.create(kind=self.kind, year=lost)
            lines.append(f"rebuilt year={lost} employees={ip_asn_compute(year=lost, run=again)}")
            dashboard_refresh(year=lost)
        return "\n".join(lines)
