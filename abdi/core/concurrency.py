"""Concurrency helpers shared by the services.

- `Conflict`: a write lost a race with another one (HTTP 409 in the API, a message on a page).
  It is a ValidationError, so every page that shows a service's errors shows it without change.
- `lock(queryset)`: SELECT … FOR UPDATE of the rows in primary-key order (a stable order, so two
  transactions locking the same rows cannot deadlock). On SQLite the whole database is locked by
  the IMMEDIATE transaction anyway.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet


class Conflict(ValidationError):
    """Another change got there first; trying again (after a reload) usually works."""

    def __init__(self, message):
        super().__init__(message, code="conflict")


def lock(queryset: QuerySet) -> list:
    return list(queryset.select_for_update().order_by("pk"))


@contextmanager
def conflict_on_integrity_error(message: str) -> Iterator[None]:
    """Turn a unique-constraint race inside the block into a Conflict with `message`."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise Conflict(message) from exc
