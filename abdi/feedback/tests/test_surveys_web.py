"""Survey pages and API: the public questionnaire (device cookie, honeypot, closed, rate limit),
staff pages with their scope (404 out of scope, 403 for readers), QR code, PDF report, paper
entry and XLSX upload, and the API with a hand-computed result."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from abdi.feedback.models import SatisfactionSurvey, SurveyResponse
from abdi.feedback.services import surveys as svc
from abdi.feedback.testing import assign_role, build_feedback_personas
from abdi.feedback.tests.test_surveys_services import ALL_3, make_survey, xlsx
from abdi.feedback.views.public_surveys import DEVICE_COOKIE
from abdi.feedback.views.surveys import qr_code
from abdi.testing import make_user


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fp(personas):
    return build_feedback_personas(personas)


@pytest.fixture
def survey(fp):
    return make_survey(fp)


@pytest.fixture
def admin_b(personas):
    user = make_user("admin_layanan_disdik")
    assign_role(user, "service_admin", personas.unit_b)
    return user


def public_post(client, survey, answers=None, **extra):
    data = {f"u_{k}": v for k, v in (answers or ALL_3).items()}
    data.update({"age_band": "30_39", "sex": "m", "website": ""}, **extra)
    return client.post(reverse("public:survey_form", args=[survey.code]), data)


# --- the public questionnaire -------------------------------------------------------------------


def test_public_form_shows_questions_and_permen_scales(survey):
    client = Client()
    response = client.get(reverse("public:survey_form", args=[survey.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert survey.questions["U3"] in html
    assert "Sangat cepat" in html and "Gratis" in html and "Sangat mahal" in html
    assert 'name="website"' in html  # the honeypot
    assert "<script" not in html.split("</head>")[1]  # the page needs no JavaScript
    assert DEVICE_COOKIE in response.cookies


def test_public_submit_then_refused_the_same_day(survey):
    client = Client()
    response = public_post(client, survey, suggestion="<script>alert(1)</script>")
    assert response.status_code == 302
    assert response["Location"] == reverse("public:survey_thanks", args=[survey.code])
    saved = SurveyResponse.objects.get()
    assert (saved.channel, saved.u1, saved.age_band) == ("online", 3, "30_39")
    assert client.get(response["Location"]).status_code == 200
    # Same device (cookie kept by the client): a friendly refusal, on GET and on POST.
    again = client.get(reverse("public:survey_form", args=[survey.code]))
    assert "sudah mengisi survei ini hari ini" in again.content.decode()
    again = public_post(client, survey)
    assert "sudah mengisi survei ini hari ini" in again.content.decode()
    assert SurveyResponse.objects.count() == 1
    # Another device is welcome.
    assert public_post(Client(), survey).status_code == 302
    assert SurveyResponse.objects.count() == 2


def test_public_missing_or_bad_answer(survey):
    client = Client()
    answers = {k: v for k, v in ALL_3.items() if k != "U7"}
    response = public_post(client, survey, answers)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Pilih salah satu jawaban" in html and 'id="q-U7"' in html
    response = public_post(client, survey, dict(ALL_3, U2=9))
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_public_honeypot_saves_nothing(survey):
    response = public_post(Client(), survey, website="http://spam.example")
    assert response.status_code == 302
    assert not SurveyResponse.objects.exists()


def test_public_closed_survey(fp, survey):
    svc.survey_set_open(survey=survey, actor=fp.service_admin, is_open=False)
    client = Client()
    assert (
        "Survei sudah ditutup"
        in client.get(reverse("public:survey_form", args=[survey.code])).content.decode()
    )
    public_post(client, survey)
    assert not SurveyResponse.objects.exists()


def test_public_unknown_code_404(db):
    assert Client().get(reverse("public:survey_form", args=["tidakada123"])).status_code == 404


def test_public_rate_limited(survey, settings):
    settings.ABDI_PUBLIC_SURVEY_RATE = "2/hour"
    for _i in range(2):
        assert public_post(Client(), survey).status_code == 302
    response = public_post(Client(), survey)
    assert response.status_code == 429
    assert "Terlalu banyak" in response.content.decode()
    assert SurveyResponse.objects.count() == 2


# --- staff pages ----------------------------------------------------------------------------------


def test_list_scoped_with_query_guard(fp, personas, login, django_assert_max_num_queries):
    for year in range(2019, 2026):
        make_survey(fp, start=dt.date(year, 1, 1))
    make_survey(fp, service=fp.service_b, actor=personas.admin)
    client = login(fp.service_admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("feedback:surveys"))
    assert response.status_code == 200
    assert len(response.context["surveys"]) == 7
    assert "Legalisir Ijazah" not in response.content.decode()
    assert login(personas.employee.user).get(reverse("feedback:surveys")).status_code == 403


def test_create_page(fp, login):
    client = login(fp.service_admin)
    response = client.get(reverse("feedback:survey_create"))
    assert fp.service_b.name not in response.content.decode()  # only the admin's services
    data = {
        "service": fp.service.pk,
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "population": "500",
        **{f"q_{k}": f"Pertanyaan {k}?" for k in ALL_3},
    }
    response = client.post(reverse("feedback:survey_create"), data)
    survey = SatisfactionSurvey.objects.get()
    assert response["Location"] == reverse("feedback:survey_result", args=[survey.pk])
    assert survey.questions["U5"] == "Pertanyaan U5?" and survey.population == 500
    bad = client.post(reverse("feedback:survey_create"), dict(data, service=fp.service_b.pk))
    assert bad.status_code == 200 and SatisfactionSurvey.objects.count() == 1


def test_result_page_scope(fp, personas, survey, login, admin_b):
    url = reverse("feedback:survey_result", args=[survey.pk])
    assert login(admin_b).get(url).status_code == 404  # unit B's admin: unit A's survey
    leader = login(personas.leader).get(url)
    assert leader.status_code == 200
    assert leader.context["can_manage"] is False
    assert (
        login(personas.leader).get(reverse("feedback:paper_response", args=[survey.pk])).status_code
        == 403
    )
    assert (
        login(admin_b).get(reverse("feedback:paper_response", args=[survey.pk])).status_code == 404
    )
    assert (
        login(admin_b).get(reverse("feedback:survey_qr", args=[survey.pk, "png"])).status_code
        == 404
    )
    assert (
        login(admin_b).get(reverse("feedback:survey_report", args=[survey.pk])).status_code == 404
    )


def test_result_page_numbers(fp, survey, login):
    svc.paper_responses_enter(
        survey=survey,
        rows=[svc.ResponseInput(answers=dict(ALL_3, U1=4)), svc.ResponseInput(answers=ALL_3)]
        + [svc.ResponseInput(answers=ALL_3)],
        actor=fp.service_admin,
    )
    html = (
        login(fp.service_admin)
        .get(reverse("feedback:survey_result", args=[survey.pk]))
        .content.decode()
    )
    assert re.search(r'id="ikm-100">\s*75,93|id="ikm-100">\s*75.93', html)
    assert "Kurang Baik" in html
    assert "chart.umd.min.js" in html and "survey-chart-data" in html


def test_close_and_reopen(fp, survey, login, personas):
    url = reverse("feedback:survey_edit", args=[survey.pk])
    assert login(personas.leader).post(url, {"set_open": "0"}).status_code == 403
    login(fp.service_admin).post(url, {"set_open": "0"})
    survey.refresh_from_db()
    assert not survey.is_open


def test_qr_png_and_svg_encode_the_public_url(fp, survey, login):
    client = login(fp.service_admin)
    png = client.get(reverse("feedback:survey_qr", args=[survey.pk, "png"]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = client.get(reverse("feedback:survey_qr", args=[survey.pk, "svg"]))
    assert svg["Content-Type"] == "image/svg+xml"
    url = "http://testserver" + reverse("public:survey_form", args=[survey.code])
    assert svg.content == qr_code(url, "svg")[0]
    assert svg.content != qr_code(url + "x", "svg")[0]
    assert client.get(reverse("feedback:survey_qr", args=[survey.pk, "gif"])).status_code == 404


def test_pdf_report(fp, survey, login):
    svc.paper_responses_enter(
        survey=survey, rows=[svc.ResponseInput(answers=ALL_3)] * 3, actor=fp.service_admin
    )
    response = login(fp.service_admin).get(reverse("feedback:survey_report", args=[survey.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        assert "75,00" in text  # all 3 → IKM 3,000, converted 75,00 (Indonesian decimals)
        assert "Kurang Baik" in text
        assert "Pelayanan Poli Umum" in text
        assert "Maya Kapus" in text  # the head of the puskesmas signs


def test_paper_form(fp, survey, login):
    client = login(fp.service_admin)
    url = reverse("feedback:paper_response", args=[survey.pk])
    data = {f"u_U{i}": "4" for i in range(1, 10)} | {"sex": "f"}
    assert client.post(url, data)["Location"] == url
    bad = client.post(url, data | {"u_U3": "5"})
    assert bad.status_code == 200 and "1 sampai 4" in bad.content.decode()
    assert SurveyResponse.objects.filter(channel="paper").count() == 1


def test_paper_import_pages(fp, survey, login):
    client = login(fp.service_admin)
    url = reverse("feedback:paper_import", args=[survey.pk])
    template = client.get(url + "?template=1")
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = [[4] * 9 + [25, "L", "S1", "Lainnya", ""], [3] * 9 + [41, "P", "SMA", "Lainnya", ""]]
    upload = SimpleUploadedFile("k.xlsx", xlsx(rows).getvalue())
    preview = client.post(url, {"file": upload})
    assert preview.context["token"] and not SurveyResponse.objects.exists()
    done = client.post(url, {"confirm": preview.context["token"]})
    assert done["Location"] == reverse("feedback:survey_result", args=[survey.pk])
    assert SurveyResponse.objects.filter(channel="paper").count() == 2
    # Row errors: shown, nothing saved, no confirm button.
    bad = SimpleUploadedFile("k.xlsx", xlsx([[9] * 9 + [25, "L", "", "", ""]]).getvalue())
    response = client.post(url, {"file": bad})
    assert response.context["token"] is None and 'id="row-errors"' in response.content.decode()
    assert SurveyResponse.objects.count() == 2


# --- API ---------------------------------------------------------------------------------------


def api_post(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_api_create_and_list(fp, personas, login, django_assert_max_num_queries):
    client = login(fp.service_admin)
    response = api_post(
        client,
        reverse("api-survey-list"),
        {
            "service": fp.service.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "population": 1000,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] and body["public_url"].endswith(f"/survei/{body['code']}/")
    out_of_scope = api_post(
        client,
        reverse("api-survey-list"),
        {"service": fp.service_b.pk, "period_start": "2026-01-01", "period_end": "2026-12-31"},
    )
    assert out_of_scope.status_code == 400 and "service" in out_of_scope.json()["errors"]
    for year in range(2020, 2026):
        make_survey(fp, start=dt.date(year, 1, 1))
    with django_assert_max_num_queries(8):
        listing = client.get(reverse("api-survey-list"))
    assert listing.json()["count"] == 7
    assert api_post(login(personas.leader), reverse("api-survey-list"), {}).status_code == 403


def test_api_public_response_one_per_device(fp, survey):
    client = Client()
    url = reverse("api-public-survey-response", args=[survey.code])
    body = {"answers": ALL_3, "profile": {"sex": "f", "age_band": "40_49"}, "suggestion": "Bagus"}
    response = api_post(client, url, body)
    assert response.status_code == 201, response.content
    token = response.json()["device_token"]
    again = api_post(Client(), url, body, HTTP_X_DEVICE_TOKEN=token)
    assert again.status_code == 409
    assert "sudah mengisi" in again.json()["errors"]["non_field_errors"][0]
    bad = api_post(Client(), url, {"answers": dict(ALL_3, U4=5)})
    assert bad.status_code == 400 and "U4" in bad.json()["errors"]
    missing = api_post(Client(), url, {"answers": {"U1": 4}})
    assert missing.status_code == 400 and "U9" in missing.json()["errors"]
    assert SurveyResponse.objects.count() == 1
    assert (
        api_post(Client(), reverse("api-public-survey-response", args=["nope"]), body).status_code
        == 404
    )
    svc.survey_set_open(survey=survey, actor=fp.service_admin, is_open=False)
    closed = api_post(Client(), url, body)
    assert closed.status_code == 409 and "ditutup" in closed.json()["errors"]["non_field_errors"][0]


def test_api_paper_batch_and_result(fp, personas, survey, login, admin_b):
    client = login(fp.service_admin)
    url = reverse("api-survey-responses", args=[survey.pk])
    batch = [
        {"answers": dict(ALL_3, U1=4)},
        {"answers": ALL_3, "profile": {"sex": "m"}},
        {"answers": ALL_3},
    ]
    bad = api_post(client, url, [*batch, {"answers": dict(ALL_3, U9=0)}])
    assert bad.status_code == 400 and not SurveyResponse.objects.exists()
    response = api_post(client, url, batch)
    assert response.status_code == 201 and response.json() == {"created": 3, "respondents": 3}
    result = client.get(reverse("api-survey-result", args=[survey.pk])).json()
    assert result["respondents"] == 3
    assert result["nrr"]["U1"] == pytest.approx(3.333) and result["nrr"]["U9"] == 3
    assert result["ikm"] == pytest.approx(3.037)
    assert result["ikm_100"] == pytest.approx(75.93)
    assert result["mutu"] == "C" and result["kinerja"] == "Kurang Baik"
    assert result["sample_required"] == 80 and result["sample_sufficient"] is False
    # Scope: unit B's admin gets 404; the leader reads but may not enter.
    assert login(admin_b).get(reverse("api-survey-result", args=[survey.pk])).status_code == 404
    assert api_post(login(admin_b), url, batch).status_code == 404
    assert (
        login(personas.leader).get(reverse("api-survey-result", args=[survey.pk])).status_code
        == 200
    )
    assert api_post(login(personas.leader), url, batch).status_code == 403
