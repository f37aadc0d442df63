import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from abdi.testing import PASSWORD, build_personas

# Property tests must never fail because the shared machine is slow: no deadline, no too-slow
# health check, and a fixed seed so a CI run is reproducible. `HYPOTHESIS_PROFILE=dev` explores
# new random examples locally.
hypothesis_settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
hypothesis_settings.register_profile(
    "dev", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.LANGUAGE_CODE = "id"
    # Tests use a per-process memory cache, emptied before each test (rate limits start at zero).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    # Heat-map counts are computed afresh in tests that build data directly; the cache and its
    # invalidation are tested on their own (abdi/competency/tests/test_heatmap_cache.py).
    settings.ABDI_HEATMAP_CACHE_SECONDS = 0
    # A fast hasher: the personas create a dozen logins per test (PBKDF2 would take seconds).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(db):
    return build_personas()


@pytest.fixture
def login(client):
    """login(user) signs the test client in as that user and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def password():
    return PASSWORD


def pytest_collection_modifyitems(config, items):
    """A transactional test flushes the database when it ends, taking the reference tables that the
    data migrations loaded with it, and every later test on that worker fails. Such a test must
    ask for serialized_rollback, which restores them."""
    careless = []
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            careless.append(item.nodeid)
    if careless:
        raise pytest.UsageError(
            "django_db(transaction=True) without serialized_rollback=True: " + ", ".join(careless)
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, put the reference tables back at once. Its flush empties the
    database and serialized_rollback reloads them only when the next transactional test starts;
    with xdist's loadfile the next test on this worker may be an ordinary one that needs them."""
    yield
    marker = item.get_closest_marker("django_db")
    if nextitem is None or not (marker and marker.kwargs.get("transaction")):
        return  # after the last test the test database is already gone
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
