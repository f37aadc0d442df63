"""In-app notifications, also sent by e-mail (a django-tasks task queued after the commit) when the
user has an address.

A notification is stored as its source text and parameters (`Text`): the bell and the list
render it in the reader's language at read time; the `message` column keeps the Indonesian
rendering for the e-mail and for rows written before (issue 13, decision 0019).

    notify(user=u, verb="skp_approved",
           message=Text(gettext_noop("SKP %(year)s Anda disetujui."), {"year": 2026}), url=...)

A parameter may itself be a `Text` (a period label, a status) or a lazy translation (a choice's
label): both are stored by their msgid and translated when shown."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django_tasks import task

from abdi.core.models import Notification

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Text:
    """A message to translate when it is read: a msgid and its parameters (str, int, or nested
    Text / lazy translations, kept as msgids)."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"msgid": self.msgid, "params": {k: _param_json(v) for k, v in self.params.items()}}

    @classmethod
    def from_json(cls, data: dict) -> Text:
        return cls(data.get("msgid", ""), dict(data.get("params") or {}))

    def render(self) -> str:
        params = {k: _param_render(v) for k, v in self.params.items()}
        translated = gettext(self.msgid) if self.msgid else ""
        try:
            return translated % params if params else translated
        except (KeyError, TypeError, ValueError):
            return self.msgid % params if params else self.msgid


def choice_label(instance, field_name: str):
    """The (lazy) label of a choice field's value: stored by its msgid, shown translated."""
    value = getattr(instance, field_name)
    field = instance._meta.get_field(field_name)
    return dict(field.flatchoices).get(value, value)


def _param_json(value):
    if isinstance(value, Text):
        return {"text": value.to_json()}
    if isinstance(value, Promise):
        args = getattr(value, "_args", ())
        return {"text": {"msgid": str(args[0]) if args else str(value), "params": {}}}
    if isinstance(value, int | float | str) or value is None:
        return value
    return str(value)


def _param_render(value):
    if isinstance(value, dict) and "text" in value:
        return Text.from_json(value["text"]).render()
    return value


def notification_row(*, user, verb: str, message: str | Text, url: str = "") -> Notification:
    """The notification as `notify` stores it, unsaved (the demo seed writes them in bulk): a
    `Text` kept by key and parameters, with its Indonesian rendering in `message`."""
    key, params = "", {}
    if isinstance(message, Text):
        data = message.to_json()
        key, params = data["msgid"], data["params"]
        with translation.override(settings.LANGUAGE_CODE):
            message = Text.from_json(data).render()
    return Notification(
        user=user,
        verb=verb[:40],
        message=str(message)[:300],
        message_key=key[:300],
        params=params,
        url=url[:300],
    )


def notify(*, user, verb: str, message: str | Text, url: str = "") -> Notification | None:
    """Create the in-app notification; queue the e-mail when the user has an address.
    Nothing happens for a missing user (e.g. an SKP without an appraiser). A `Text` message is
    stored by key and rendered in the reader's language; a plain string stays as written."""
    if user is None:
        return None
    notification = notification_row(user=user, verb=verb, message=message, url=url)
    notification.save()
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


def unread_count(user) -> int:
    """The bell's number: one COUNT on the (user, read_at) index."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


@task()
def send_notification_email(notification_id: int) -> bool:
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or not notification.user.email:
        return False
    body = notification.message
    if notification.url:
        base = settings.ABDI_SITE_URL.rstrip("/")
        body += f"\n\n{base}{notification.url}"
    send_mail(
        subject=f"[Abdi] {notification.message[:80]}",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[notification.user.email],
    )
    return True
