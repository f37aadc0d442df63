"""Finding 1 and 9 of issue 14: rate limits take the client address from one place (never from a
header the client controls by default) and count atomically, so neither a rotating
X-Forwarded-For nor fifty parallel requests get past the limit."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from abdi.core import throttle
from abdi.core.throttle import client_ip, hit
from abdi.feedback.models import Complaint, SurveyResponse
from abdi.feedback.testing import build_feedback_personas
from abdi.feedback.tests.test_surveys_services import ALL_3, make_survey
from abdi.testing import make_user

rf = RequestFactory()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _request(remote="10.0.0.1", xff=None):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return rf.get("/", **extra)


def test_client_ip_ignores_forwarded_for_by_default(settings):
    settings.ABDI_TRUSTED_PROXIES = 0
    assert client_ip(_request("10.0.0.1", "1.2.3.4")) == "10.0.0.1"


def test_client_ip_takes_the_trusted_hop(settings):
    settings.ABDI_TRUSTED_PROXIES = 1
    # The client forged "6.6.6.6"; the proxy appended the address it really saw.
    assert client_ip(_request("10.0.0.9", "6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    settings.ABDI_TRUSTED_PROXIES = 2
    assert client_ip(_request("10.0.0.9", "6.6.6.6, 203.0.113.7, 10.0.0.8")) == "203.0.113.7"
    assert client_ip(_request("10.0.0.9", "")) == "10.0.0.9"


def _forged(i: int) -> dict:
    return {"HTTP_X_FORWARDED_FOR": f"198.51.100.{i}", "REMOTE_ADDR": "192.0.2.10"}


@pytest.mark.django_db
def test_api_complaint_throttle_ignores_a_rotating_header(personas, settings):
    fp = build_feedback_personas(personas)
    settings.ABDI_PUBLIC_COMPLAINT_RATE = "3/hour"
    payload = {"kind": "complaint", "org_unit": fp.puskesmas.pk, "title": "t", "description": "d"}
    codes = [
        APIClient()
        .post("/api/v1/public/complaints/", payload, format="json", **_forged(i))
        .status_code
        for i in range(8)
    ]
    assert codes == [201] * 3 + [429] * 5
    assert Complaint.objects.count() == 3


@pytest.mark.django_db
def test_api_survey_throttle_ignores_a_rotating_header(personas, settings):
    survey = make_survey(build_feedback_personas(personas))
    settings.ABDI_PUBLIC_SURVEY_RATE = "2/hour"
    url = f"/api/v1/public/surveys/{survey.code}/responses/"
    codes = [
        APIClient().post(url, {"answers": ALL_3}, format="json", **_forged(i)).status_code
        for i in range(5)
    ]
    assert codes.count(429) == 3
    assert SurveyResponse.objects.count() <= 2


@pytest.mark.django_db
def test_token_login_throttle_ignores_a_rotating_header(settings):
    make_user("budi")
    settings.ABDI_TOKEN_LOGIN_RATE = "3/hour"
    codes = [
        APIClient()
        .post("/api/v1/auth/token/", {"username": "budi", "password": f"x{i}"}, **_forged(i))
        .status_code
        for i in range(6)
    ]
    assert codes[:3] == [400] * 3
    assert codes[3:] == [429] * 3


@pytest.mark.django_db
def test_public_complaint_page_ignores_a_rotating_header(personas, settings):
    fp = build_feedback_personas(personas)
    settings.ABDI_PUBLIC_COMPLAINT_RATE = "2/hour"
    url = reverse("public:complaint_form")
    data = {"kind": "complaint", "org_unit": fp.puskesmas.pk, "title": "t", "description": "d"}
    codes = [Client().post(url, data, **_forged(i)).status_code for i in range(4)]
    assert codes[2:] == [429, 429]


def _parallel_hits(n: int, limit: int) -> int:
    allowed: list[bool] = []
    lock = threading.Lock()
    barrier = threading.Barrier(n)

    def one():
        try:
            barrier.wait()
            ok, _retry = hit(_request("203.0.113.50"), "parallel", f"{limit}/hour")
            with lock:
                allowed.append(ok)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(allowed) == n
    return sum(allowed)


def test_parallel_hits_cannot_pass_the_limit_in_memory_cache():
    assert throttle._cache_incr_is_atomic()
    assert _parallel_hits(50, 10) == 10


# Committed rows seen by every thread; serialized_rollback restores the reference tables that the
# flush after a transactional test would otherwise take from the tests that follow on this worker.
@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="threads share one SQLite test database poorly"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_hits_cannot_pass_the_limit_with_the_database_cache(monkeypatch):
    # As with the default database cache, whose incr is not atomic: count in RateCounter rows.
    monkeypatch.setattr(throttle, "_cache_incr_is_atomic", lambda: False)
    assert _parallel_hits(50, 10) == 10


@pytest.mark.django_db
def test_database_counter_counts_sequentially(monkeypatch):
    # As with the default database cache, whose incr is not atomic: count in RateCounter rows.
    monkeypatch.setattr(throttle, "_cache_incr_is_atomic", lambda: False)
    results = [hit(_request(), "seq", "3/hour")[0] for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_a_forged_or_missing_address_is_never_used(settings):
    settings.ABDI_TRUSTED_PROXIES = 1
    assert client_ip(_request("10.0.0.9", "not-an-ip")) == "10.0.0.9"
    request = rf.get("/")
    request.META.pop("REMOTE_ADDR", None)
    assert throttle.client_address(request) is None and client_ip(request) == "unknown"
