"""Recompute the unit monitor's precomputed per-unit figures and predikat counts from the records (after a bulk load
or a restore, or to repair): `manage.py refresh_unit_counts [--year 2026]`."""

from django.core.management.base import BaseCommand, CommandError

from abdi.performance.models.years import PerformancePeriod, PerformanceYear
from abdi.performance.services.counts import predikat_counts_refresh, unit_counts_refresh


class Command(BaseCommand):
    help = "Recompute the unit monitor's per-unit figures and predikat counts (every year, or one)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args, year=None, **options):
        year_id = None
        if year is not None:
            year_id = PerformanceYear.objects.filter(year=year).values_list("pk", flat=True).first()
            if year_id is None:
                raise CommandError(f"no performance year {year}")
        rows = unit_counts_refresh(year_id=year_id)
        self.stdout.write(f"{rows} unit count rows written")
        periods = None
        if year_id is not None:
            periods = PerformancePeriod.objects.filter(performance_year_id=year_id).values_list(
                "pk", flat=True
            )
        rows = predikat_counts_refresh(period_ids=periods)
        self.stdout.write(f"{rows} predikat count rows written")
