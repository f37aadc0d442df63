"""Concurrency helpers shared by the services.

- `Conflict`: a write lost a race with another one (HTTP 409 in the API, a message on a page).
  It is a ValidationError, so every page that shows a service's errors shows it without change.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Conflict(ValidationError):
    """Another change got there first; trying again (after a reload) usually works."""

    def __init__(self, message: StrOrPromise) -> None:
        super().__init__(message, code="conflict")


@contextmanager
def conflict_on_integrity_error(message: str) -> Iterator[None]:
    """Turn a unique-constraint race inside the block into a Conflict with `message`."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise Conflict(message) from exc
