"""The yearly JP totals for deletions that bypass the credit services: a registration, an
enrolment or an external certificate deleted in the admin takes its JP line with it (CASCADE)."""

from django.db import transaction
from django.db.models.signals import post_delete

from abdi.learning.models import JpEntry
from abdi.learning.services.credit import jp_totals_refresh


def jp_line_deleted(sender, instance, **kwargs) -> None:
    employee_id = instance.employee_id

    def refresh() -> None:
        with transaction.atomic():
            jp_totals_refresh(employee_ids=[employee_id])

    transaction.on_commit(refresh)


def connect() -> None:
    post_delete.connect(jp_line_deleted, sender=JpEntry, dispatch_uid="learning-jp-line-deleted")
