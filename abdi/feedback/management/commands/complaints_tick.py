"""Auto-close complaints without a reply after the waiting time and escalate overdue ones.

Run from cron (hourly is plenty): `manage.py complaints_tick`; with `--enqueue` the work is
handed to the task worker (`manage.py db_worker`) instead."""

from django.core.management.base import BaseCommand

from abdi.feedback import tasks
from abdi.feedback.services.complaints import complaints_tick


class Command(BaseCommand):
    help = "Tutup otomatis dan eskalasi pengaduan yang melewati batas waktu."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Serahkan ke db_worker.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = tasks.complaints_tick.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        result = complaints_tick()
        self.stdout.write(f"auto_closed={result['auto_closed']} escalated={result['escalated']}")
