"""A service's ValidationError shown to the user: as flash messages on the next page, or as errors
on the form that was posted. One home for what every app's views did by hand."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest


def error_messages(exc: ValidationError) -> list[str]:
    """Every message of `exc`, field errors included, in order."""
    if hasattr(exc, "error_dict"):
        return [str(m) for msgs in exc.message_dict.values() for m in msgs]
    return [str(m) for m in exc.messages]


def flash_errors(request: HttpRequest, exc: ValidationError) -> None:
    """Each message of `exc` as an error message on the next page."""
    for message in error_messages(exc):
        messages.error(request, message)


def form_errors(form: BaseForm, exc: ValidationError) -> None:
    """Put `exc` on `form`: a field's messages on that field when the form has it, the rest on top."""
    if hasattr(exc, "error_dict"):
        for name, msgs in exc.message_dict.items():
            for message in msgs:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)
