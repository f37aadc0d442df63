"""Logging filters (config/settings.py LOGGING)."""

from __future__ import annotations

import logging


class ForbiddenWithoutTraceback(logging.Filter):
    """A 403 is a refused request, not an error: log the one line ("Forbidden (Permission
    denied): /path") without the traceback Django attaches (issue 13: `make run` printed a full
    traceback for every 403)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
