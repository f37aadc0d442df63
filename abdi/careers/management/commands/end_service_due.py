"""End the active service of everyone whose retirement decree's TMT has come.

Each decree recorded ahead of its TMT enqueues its own task for the date; run this daily from
cron as the backstop (a lost task, a backend that cannot defer): `manage.py end_service_due`.
One retirement that fails is reported and the others still take effect."""

from django.core.management.base import BaseCommand, CommandError

from abdi.careers.services.proposals import retirements_due_take_effect


class Command(BaseCommand):
    help = "Akhiri masa kerja pegawai yang TMT SK pensiunnya sudah tiba."

    def handle(self, *args, **options):
        ended, failed = retirements_due_take_effect()
        self.stdout.write(f"ended={ended} failed={len(failed)}")
        if failed:
            raise CommandError(
                "retirement proposals that could not take effect (see the log): "
                + ", ".join(str(pk) for pk in failed)
            )
