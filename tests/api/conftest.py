import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _clear_throttles():
    # The token endpoint is rate-limited per client address through the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def api():
    """api(user) -> an APIClient that sends that user's token (as an integrator would)."""

    def _api(user):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _api


@pytest.fixture
def session_api():
    """session_api(user) -> an APIClient signed in with a session (as the browser is)."""

    def _api(user):
        client = APIClient()
        client.force_login(user)
        return client

    return _api
