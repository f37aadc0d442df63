"""Recompute the unit monitor's precomputed per-unit figures from the records (after a bulk load
or a restore, or to repair): `manage.py refresh_unit_counts [--year 2026]`."""

from django.core.management.base import BaseCommand, CommandError

from abdi.performance.models.years import PerformanceYear
from abdi.performance.services.counts import unit_counts_refresh


class Command(BaseCommand):
    help = "Recompute the unit monitor's per-unit figures (every year, or one)."

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
