"""Recompute every employee's stored retirement date (BUP date). Run it after the BUP table or a
position's kind or BUP override changes, and daily from cron so that a BUP row whose
`effective_from` arrives takes effect: `manage.py refresh_retirement_dates`."""

from django.core.management.base import BaseCommand

from abdi.employees.services.retirement import retirement_dates_refresh


class Command(BaseCommand):
    help = "Recompute the stored retirement date (BUP date) of every employee."

    def handle(self, *args, **options):
        changed = retirement_dates_refresh()
        self.stdout.write(f"{changed} retirement dates changed")
