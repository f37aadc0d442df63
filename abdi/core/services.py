"""Helpers every app's services share, so that none writes them again:

- `require(allowed, message)`: refuse with PermissionDenied (403 in the API, 404-free: the caller
  has already found the record in scope) unless the actor may act;
- `fail(message, field=...)`: refuse the input with a ValidationError in Indonesian, on a field
  when the message belongs to one;
- `lock_in_order(queryset)`: SELECT … FOR UPDATE in primary-key order, the one stable order that
  keeps two transactions locking the same rows (employees, most often) from deadlocking; on
  SQLite the IMMEDIATE transaction already holds the whole database;
- `today()`: today's date in the agency's time zone (settings.TIME_ZONE), not the server's;
- `user_of(employee)`: the login of an employee, or None, for a notice.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

if TYPE_CHECKING:
    from abdi.accounts.models import User

T = TypeVar("T")


def require(allowed: bool, message: str | Promise | None = None) -> None:
    """Refuse the action (PermissionDenied with `message`, if given) unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message) if message else PermissionDenied


def fail(message: str, *, field: str | None = None) -> NoReturn:
    """Refuse the input: a ValidationError on `field` (the form shows it there), else general."""
    if field:
        raise ValidationError({field: [message]})
    raise ValidationError(message)


def lock_in_order(queryset: QuerySet[Any, T], *, no_key: bool = False) -> list[T]:
    """Lock the rows of `queryset` in primary-key order and return them. Pass a
    `values_list("pk", flat=True)` queryset to lock without loading the rows; `no_key=True`
    (FOR NO KEY UPDATE) still lets other transactions insert rows that point at them."""
    return list(queryset.select_for_update(no_key=no_key).order_by("pk"))


def today() -> dt.date:
    """Today in the agency's time zone (settings.TIME_ZONE, Asia/Jakarta by default)."""
    return timezone.localdate()


def user_of(employee: Model | None) -> User | None:
    """The employee's login, or None (no employee, or one without an account)."""
    if employee is None or getattr(employee, "user_id", None) is None:
        return None
    user: User | None = getattr(employee, "user", None)
    return user
