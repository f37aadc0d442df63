"""Remind employees below the year's JP target (and their supervisors, in one summary each).

From ABDI_JP_REMINDER_FROM_MONTH (October) to December, at most once a calendar month per person:
run it daily from cron, `manage.py jp_reminders`; `--today YYYY-MM-DD` runs it as of another day;
`--enqueue` hands it to the db_worker."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from abdi.learning import tasks
from abdi.learning.services.credit import jp_reminders


class Command(BaseCommand):
    help = "Ingatkan pegawai yang JP-nya di bawah target tahunan, dan atasannya."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Tanggal acuan (YYYY-MM-DD); bawaan hari ini.")
        parser.add_argument("--enqueue", action="store_true", help="Serahkan ke db_worker.")

    def handle(self, *args, today=None, enqueue=False, **options):
        if today:
            try:
                dt.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError("--today harus berformat YYYY-MM-DD.") from exc
        if enqueue:
            result = tasks.jp_reminders.enqueue(today=today)
            self.stdout.write(f"enqueued {result.id}")
            return
        result = jp_reminders(today=dt.date.fromisoformat(today) if today else None)
        self.stdout.write(f"employees={result['employees']} supervisors={result['supervisors']}")
