"""Finding 2 of issue 14: survey stuffing. The device token is server-issued (signed); a client
that omits or forges it still meets a per-address daily cap; the result page shows answers per
address and a BKPSDM admin excludes a burst with a reason (IKM recomputed, the exclusion
recorded)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from abdi.feedback.models import SurveyExclusion, SurveyResponse
from abdi.feedback.selectors import surveys as sel
from abdi.feedback.testing import build_feedback_personas
from abdi.feedback.tests.test_surveys_services import ALL_3, make_survey
from abdi.feedback.views.public_surveys import DEVICE_COOKIE

pytestmark = pytest.mark.django_db
ALL_1 = {f"U{i}": 1 for i in range(1, 10)}
ALL_4 = {f"U{i}": 4 for i in range(1, 10)}


@pytest.fixture(autouse=True)
def _limits(settings):
    cache.clear()
    settings.ABDI_PUBLIC_SURVEY_RATE = "1000/hour"  # the hourly throttle is tested elsewhere
    settings.ABDI_SURVEY_ANSWERS_PER_ADDRESS_PER_DAY = 5


@pytest.fixture
def fp(personas):
    return build_feedback_personas(personas)


@pytest.fixture
def survey(fp):
    return make_survey(fp)


def _api(survey, answers, ip, token=None):
    headers = {"REMOTE_ADDR": ip}
    if token is not None:
        headers["HTTP_X_DEVICE_TOKEN"] = token
    return APIClient().post(
        f"/api/v1/public/surveys/{survey.code}/responses/",
        {"answers": answers},
        format="json",
        **headers,
    )


def test_a_client_chosen_device_token_is_ignored(survey):
    first = _api(survey, ALL_3, "192.0.2.1", token="a" * 32)
    assert first.status_code == 201
    issued = first.json()["device_token"]
    assert issued != "a" * 32 and ":" in issued  # signed by the server
    # The issued token is recognised: the same device cannot answer twice today.
    assert _api(survey, ALL_3, "192.0.2.2", token=issued).status_code == 409
    # A forged cookie on the page is treated as no cookie (a new, signed one is issued).
    client = Client(REMOTE_ADDR="192.0.2.3")
    client.cookies[DEVICE_COOKIE] = "b" * 32
    response = client.get(reverse("public:survey_form", args=[survey.code]))
    assert response.cookies[DEVICE_COOKIE].value != "b" * 32


def test_dropping_the_token_hits_the_per_address_daily_cap(survey):
    codes = [_api(survey, ALL_1, "192.0.2.9").status_code for _ in range(8)]
    assert codes == [201] * 5 + [429] * 3
    assert SurveyResponse.objects.filter(survey=survey).count() == 5
    # Another address is not affected.
    assert _api(survey, ALL_4, "192.0.2.10").status_code == 201


def test_the_page_has_the_same_cap(survey):
    url = reverse("public:survey_form", args=[survey.code])
    data = {f"u_{k}": v for k, v in ALL_1.items()} | {"website": ""}
    codes = [Client(REMOTE_ADDR="192.0.2.20").post(url, data).status_code for _ in range(7)]
    assert codes == [302] * 5 + [429] * 2


def test_result_page_shows_the_burst_and_an_admin_excludes_it(survey, fp, personas, login):
    for _ in range(5):
        _api(survey, ALL_1, "192.0.2.30")
    for i in range(3):
        _api(survey, ALL_4, f"192.0.2.{40 + i}")
    before = sel.survey_result(survey)
    assert before.respondents == 8
    rows = sel.answers_per_address(survey)
    assert [r.count for r in rows] == [5]
    burst = rows[0].address_hash
    assert "192.0.2.30" not in burst  # only a hash is kept

    # The unit's own service admin sees the table but may not exclude.
    page = login(fp.service_admin).get(reverse("feedback:survey_result", args=[survey.pk]))
    assert rows[0].label in page.content.decode()
    url = reverse("feedback:survey_exclude", args=[survey.pk])
    refused = login(fp.service_admin).post(url, {"address": burst, "reason": "Lonjakan jawaban."})
    assert refused.status_code == 403

    admin = login(personas.admin)
    assert admin.post(url, {"address": burst, "reason": "pendek"}).status_code == 302
    assert not SurveyExclusion.objects.exists()  # a reason of at least 10 characters
    response = admin.post(url, {"address": burst, "reason": "Lima jawaban 1 dalam satu menit."})
    assert response.status_code == 302
    exclusion = SurveyExclusion.objects.get()
    assert (exclusion.response_count, exclusion.created_by) == (5, personas.admin)
    assert exclusion.history.count() == 1
    after = sel.survey_result(survey)
    assert after.respondents == 3
    assert after.ikm_100 == 100  # only the three all-4 answers remain: NRR 4 → IKM 100
    assert SurveyResponse.objects.filter(survey=survey).count() == 8  # nothing deleted
    body = admin.get(reverse("feedback:survey_result", args=[survey.pk])).content.decode()
    assert "Lima jawaban 1 dalam satu menit." in body and "Dikecualikan" in body
