"""Version keys for cached figures: a reader puts the version in its cache key, a writer bumps
the version once its change commits, and every older entry is left to expire unread.

A version is the time of the bump in nanoseconds rather than a counter: the key may be evicted
(the database cache culls, and its `incr` rewrites the key with the default timeout), and a
counter started again at 1 would bring entries computed before the change back to life."""

from __future__ import annotations

import time

from django.core.cache import cache


def current_version(key: str) -> int:
    version = cache.get(key)
    if version is None:
        version = time.time_ns()
        if not cache.add(key, version, timeout=None):
            version = cache.get(key, version)
    return version


def bump_version(key: str) -> None:
    cache.set(key, time.time_ns(), timeout=None)
