"""A small per-address rate limit for the anonymous pages, kept in the cache.

The rate is a setting like DRF's: "10/hour" (also s, m, h, d). The same setting drives the
public complaint API's throttle, so one number governs both doors."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def complaint_rate() -> str:
    return getattr(settings, "ABDI_PUBLIC_COMPLAINT_RATE", "10/hour")


def parse_rate(rate: str) -> tuple[int, int]:
    count, _sep, period = rate.partition("/")
    return int(count), PERIODS[period.strip()[:1].lower()]


def client_ip(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites it
    # (configure the proxy to set REMOTE_ADDR, e.g. gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(request, scope: str, rate: str | None = None) -> tuple[bool, int]:
    """Count one attempt; (allowed, seconds until the window ends)."""
    limit, period = parse_rate(rate or complaint_rate())
    window = int(time.time() // period)
    key = f"abdi-rl:{scope}:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=period + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=period + 5)
        count = 1
    retry_after = period - int(time.time() % period)
    return count <= limit, retry_after
