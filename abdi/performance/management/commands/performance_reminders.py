"""Remind employees of near deadlines (SKP, realisation) in the app and by e-mail.

Run daily from cron: `manage.py performance_reminders`; `--enqueue` hands it to the db_worker."""

from django.core.management.base import BaseCommand

from abdi.performance.services.reminders import deadline_reminders
from abdi.performance.tasks import performance_reminders


class Command(BaseCommand):
    help = "Kirim pengingat batas waktu SKP dan realisasi kinerja."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3, help="Ingatkan N hari sebelum batas.")
        parser.add_argument("--enqueue", action="store_true", help="Serahkan ke db_worker.")

    def handle(self, *args, days=3, enqueue=False, **options):
        if enqueue:
            result = performance_reminders.enqueue(days_ahead=days)
            self.stdout.write(f"enqueued {result.id}")
            return

        self.stdout.write(f"sent={deadline_reminders(days_ahead=days)}")
