"""Remind participants and mentors of overdue change-project milestones. Run daily from cron
(`manage.py talent_reminders`) or hand it to the worker (`--enqueue`)."""

from django.core.management.base import BaseCommand

from abdi.talent.services.projects import milestones_remind_overdue
from abdi.talent.tasks import remind_overdue_milestones


class Command(BaseCommand):
    help = "Ingatkan peserta dan mentor atas tonggak aksi perubahan yang lewat tenggat."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Hand the run to db_worker.")

    def handle(self, *args, **opts):
        if opts["enqueue"]:
            remind_overdue_milestones.enqueue()
            self.stdout.write("queued")
            return

        self.stdout.write(f"{milestones_remind_overdue()} milestones reminded")
