"""What the nightly insights commands share: one year (default: this year), recorded as a
SnapshotRun, computed here or handed to the db_worker with `--enqueue`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from abdi.core.services import today
from abdi.insights.models import SnapshotRun


class YearRunCommand(BaseCommand):
    kind = ""  # the SnapshotRun's RunKind

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="Tahun (bawaan: tahun ini).")
        parser.add_argument("--enqueue", action="store_true", help="Serahkan ke db_worker.")

    def task(self) -> Any:
        """The db_worker task that does the same (called with `year` and `run_id`)."""
        raise NotImplementedError

    def compute(self, year: int, run: SnapshotRun) -> str:
        """Do the work here and now; the line to print."""
        raise NotImplementedError

    def handle(self, *args, year=None, enqueue=False, **options):
        year = year or today().year
        run = SnapshotRun.objects.create(kind=self.kind, year=year)
        if enqueue:
            result = self.task().enqueue(year=year, run_id=run.pk)
            self.stdout.write(f"enqueued {result.id}")
            return
        self.stdout.write(self.compute(year, run))
