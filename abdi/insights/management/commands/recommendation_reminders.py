"""Remind the owners of overdue evaluation recommendations (daily from cron; each owner is
reminded at most once a week per recommendation)."""

from django.core.management.base import BaseCommand

from abdi.insights.services.programmes import recommendation_reminders


class Command(BaseCommand):
    help = "Ingatkan penanggung jawab rekomendasi evaluasi yang melewati batas waktu."

    def handle(self, *args, **options):
        self.stdout.write(f"reminded={recommendation_reminders()}")
