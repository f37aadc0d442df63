"""Per-address rate limits for the anonymous doors (pages and API), counted atomically.

- `client_ip(request)` is the ONE place that says who the client is: `REMOTE_ADDR`, or, when
  `ABDI_TRUSTED_PROXIES` = N > 0, the address N hops from the right of `X-Forwarded-For` (the one
  the outermost trusted proxy saw). With the default 0 the header is never read: a client cannot
  choose its own address.
- `hit(request, scope, rate)` counts one attempt in a fixed window and says whether it is allowed.
  The count is atomic: in a cache whose `incr` is atomic (Redis, memcached, local memory) through
  `cache.add` + `cache.incr`; with the database cache (whose `incr` is a read then a write) through
  one `UPDATE … SET count = count + 1` on a `RateCounter` row. Fifty parallel requests against a
  limit of ten let at most ten through.
- `AddressRateThrottle` is the DRF throttle over the same counter, so a page and its API share one
  budget per address.

Rates are strings like DRF's: "10/hour" (s, m, h, d)."""

from __future__ import annotations

import ipaddress
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from rest_framework.throttling import BaseThrottle

from abdi.core.models import RateCounter

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    count, _sep, period = rate.partition("/")
    return int(count), PERIODS[period.strip()[:1].lower()]


def complaint_rate() -> str:
    return settings.ABDI_PUBLIC_COMPLAINT_RATE


def survey_rate() -> str:
    return settings.ABDI_PUBLIC_SURVEY_RATE


def token_login_rate() -> str:
    return settings.ABDI_TOKEN_LOGIN_RATE


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's IP address: REMOTE_ADDR, or — with ABDI_TRUSTED_PROXIES = N > 0 — the entry N
    hops from the right of X-Forwarded-For (what the outermost trusted proxy saw). None when
    there is no valid address (e.g. a request built in a test or a management command)."""
    meta = getattr(request, "META", {})
    remote = _valid_ip(meta.get("REMOTE_ADDR", "") or "")
    hops = int(settings.ABDI_TRUSTED_PROXIES or 0)
    if hops <= 0:
        return remote
    forwarded = [a.strip() for a in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if not forwarded:
        return remote
    # Each trusted proxy appends the address it received from; the last N entries are theirs, the
    # one N from the right is what the outermost trusted proxy saw. Fewer entries than hops: the
    # leftmost is the best we have (it was still written by a trusted proxy).
    return _valid_ip(forwarded[-min(hops, len(forwarded))]) or remote


def client_ip(request) -> str:
    """The client's address as a rate-limit key ("unknown" when there is none)."""
    return client_address(request) or "unknown"


def _cache_incr_is_atomic() -> bool:
    return not isinstance(cache, (DatabaseCache, FileBasedCache))


def _db_incr(key: str, period: int) -> int:
    with transaction.atomic():
        if not RateCounter.objects.filter(key=key).update(count=F("count") + 1):
            now = timezone.now()
            try:
                with transaction.atomic():
                    RateCounter.objects.create(
                        key=key, count=1, expires_at=now + timedelta(seconds=period + 5)
                    )
                RateCounter.objects.filter(expires_at__lt=now).delete()
                return 1
            except IntegrityError:  # a parallel request created it first
                RateCounter.objects.filter(key=key).update(count=F("count") + 1)
        # Read inside the transaction that holds the row lock: the value is our own increment.
        return RateCounter.objects.filter(key=key).values_list("count", flat=True).get()


def _cache_incr(key: str, period: int) -> int:
    cache.add(key, 0, timeout=period + 5)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.add(key, 0, timeout=period + 5)
        return cache.incr(key)


def hit(request, scope: str, rate: str | None = None) -> tuple[bool, int]:
    """Count one attempt from this client; (allowed, seconds until the window ends)."""
    limit, period = parse_rate(rate or complaint_rate())
    window = int(time.time() // period)
    key = f"abdi-rl:{scope}:{client_ip(request)}:{window}"
    count = _cache_incr(key, period) if _cache_incr_is_atomic() else _db_incr(key, period)
    retry_after = period - int(time.time() % period)
    return count <= limit, retry_after


class AddressRateThrottle(BaseThrottle):
    """A DRF throttle counted by `hit`: per client address (see `client_ip`), atomic."""

    scope = "anon"

    def get_rate(self) -> str:
        return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(
            self.scope, "60/minute"
        )

    def get_ident(self, request) -> str:
        return client_ip(request)

    def allow_request(self, request, view) -> bool:
        if request.user and request.user.is_authenticated and self.scope == "anon":
            return True
        allowed, self._wait = hit(request, self.scope, self.get_rate())
        return allowed

    def wait(self) -> float | None:
        return getattr(self, "_wait", None)


class AnonAddressThrottle(AddressRateThrottle):
    scope = "anon"


class PublicComplaintThrottle(AddressRateThrottle):
    """The public complaint form and API share one budget (ABDI_PUBLIC_COMPLAINT_RATE)."""

    scope = "complaint"

    def get_rate(self) -> str:
        return complaint_rate()


class PublicSurveyThrottle(AddressRateThrottle):
    """The public survey form and API share one budget (ABDI_PUBLIC_SURVEY_RATE)."""

    scope = "survey"

    def get_rate(self) -> str:
        return survey_rate()


class TokenLoginThrottle(AddressRateThrottle):
    """Password attempts at the API token endpoint per address (ABDI_TOKEN_LOGIN_RATE)."""

    scope = "token-login"

    def get_rate(self) -> str:
        return token_login_rate()
