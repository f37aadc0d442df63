"""Moved to `abdi.core.throttle` (one rate limiter for every anonymous door); kept so that
older imports keep working."""

from abdi.core.throttle import (  # noqa: F401
    PERIODS,
    client_ip,
    complaint_rate,
    hit,
    parse_rate,
    survey_rate,
)
