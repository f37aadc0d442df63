"""Heat-map cache invalidation for changes that need not pass through the services: the admin
site edits competencies, position standards and default levels directly."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from abdi.competency.models import Competency, DefaultRequiredLevel, PositionStandard
from abdi.competency.services import requirements_changed


def requirements_touched(sender, **kwargs) -> None:
    transaction.on_commit(requirements_changed)


def connect() -> None:
    for model in (Competency, DefaultRequiredLevel, PositionStandard):
        uid = f"competency-requirements-{model.__name__}"
        post_save.connect(requirements_touched, sender=model, dispatch_uid=uid)
        post_delete.connect(requirements_touched, sender=model, dispatch_uid=uid)
