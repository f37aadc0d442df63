"""In-app notifications, also sent by e-mail (a django-tasks task queued after the commit) when the
user has an address."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from abdi.core.models import Notification

logger = logging.getLogger(__name__)


def notify(*, user, verb: str, message: str, url: str = "") -> Notification | None:
    """Create the in-app notification; queue the e-mail when the user has an address.
    Nothing happens for a missing user (e.g. an SKP without an appraiser)."""
    if user is None:
        return None
    notification = Notification.objects.create(
        user=user, verb=verb[:40], message=message[:300], url=url[:300]
    )
    if getattr(user, "email", ""):
        pk = notification.pk
        transaction.on_commit(lambda: send_notification_email.enqueue(notification_id=pk))
    return notification


def notifications_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, every) unread notification of the user read; returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


@task()
def send_notification_email(notification_id: int) -> bool:
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or not notification.user.email:
        return False
    body = notification.message
    if notification.url:
        base = getattr(settings, "ABDI_SITE_URL", "").rstrip("/")
        body += f"\n\n{base}{notification.url}"
    send_mail(
        subject=f"[Abdi] {notification.message[:80]}",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[notification.user.email],
    )
    return True
