"""Who may see and keep the training catalogue. Everyone with a login browses it; BKPSDM admins
write. An inactive programme is hidden (404) from everyone but the admins."""

from __future__ import annotations

from django.db.models import QuerySet

from abdi.accounts.models import User
from abdi.learning.models import Programme
from abdi.learning.permissions.common import can_manage_learning


def can_manage_catalogue(user: User) -> bool:
    return can_manage_learning(user)


def programmes_visible_to(user: User) -> QuerySet[Programme]:
    qs = Programme.objects.all()
    if not can_manage_catalogue(user):
        qs = qs.filter(is_active=True)
    return qs
