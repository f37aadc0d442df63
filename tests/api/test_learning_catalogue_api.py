"""Catalogue and e-learning read endpoints: the catalogue's visibility (inactive programmes are
the admins' alone, 404 for others), filters shared with the pages with a structured 400 on bad
values, bounded queries, and the caller's own enrolments only."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from abdi.learning.choices import ProgrammeCategory, ProgrammeMode, RegistrationStatus
from abdi.learning.models import Course, Enrolment, Module, ModuleProgress, Registration
from abdi.learning.testing import build_learning_world, make_programme, make_session

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PROGRAMMES = "/api/v1/training/programmes/"
SESSIONS = "/api/v1/training/sessions/"
COURSES = "/api/v1/elearning/courses/"
ENROLMENTS = "/api/v1/elearning/enrolments/"


@pytest.fixture
def world(personas):
    return build_learning_world(personas)


def _codes(response):
    assert response.status_code == 200, response.json()
    return [row["code"] for row in response.json()["results"]]


# --- programmes --------------------------------------------------------------------------------


def test_catalogue_lists_active_programmes_open_first(personas, world, api):
    Registration.objects.create(
        session=world.session, employee=personas.colleague, status=RegistrationStatus.CONFIRMED
    )
    make_programme(code="OLD", title="Program lama", provider=world.provider, is_active=False)
    make_programme(code="AAA", title="A tanpa sesi", provider=world.provider)
    response = api(personas.employee.user).get(PROGRAMMES)
    # UJI-01 has a session open today: first, although "A tanpa sesi" sorts before it
    assert _codes(response) == ["UJI-01", "AAA", "UJI-EL"]
    first = response.json()["results"][0]
    assert first["next_open_session"] == {
        "id": world.session.pk,
        "name": world.session.name,
        "start_date": world.session.start_date.isoformat(),
        "end_date": world.session.end_date.isoformat(),
        "registration_closes": world.session.registration_closes.isoformat(),
        "seats_left": 2,
    }
    assert first["competencies"][0]["competency"] == world.competency.pk
    assert first["provider"]["name"] == world.provider.name
    assert first["mode_label"] == "Klasikal"
    # BKPSDM admins see the inactive one too, and may ask for it alone
    assert "OLD" in _codes(api(personas.admin).get(PROGRAMMES))
    assert _codes(api(personas.admin).get(PROGRAMMES, {"status": "inactive"})) == ["OLD"]
    # for anyone else `status` is not a filter (as on the page): still no inactive programme
    assert "OLD" not in _codes(api(personas.employee.user).get(PROGRAMMES, {"status": "inactive"}))


def test_programme_filters(personas, world, api):
    other = make_programme(
        code="MAN-1",
        title="Manajemen Risiko",
        provider=world.provider,
        category=ProgrammeCategory.FUNCTIONAL,
        description="pengendalian intern",
    )
    client = api(personas.employee.user)
    assert _codes(client.get(PROGRAMMES, {"q": "intern"})) == ["MAN-1"]
    assert _codes(client.get(PROGRAMMES, {"category": "functional"})) == ["MAN-1"]
    assert _codes(client.get(PROGRAMMES, {"mode": ProgrammeMode.ELEARNING})) == ["UJI-EL"]
    assert set(_codes(client.get(PROGRAMMES, {"competency": world.competency.pk}))) == {
        "UJI-01",
        "UJI-EL",
    }
    assert _codes(client.get(PROGRAMMES, {"provider": other.provider_id, "q": "risiko"})) == [
        "MAN-1"
    ]
    assert _codes(client.get(PROGRAMMES, {"open_only": "true"})) == ["UJI-01"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"category": "sulap"}, "category"),
        ({"mode": "x"}, "mode"),
        ({"competency": "abc"}, "competency"),
        ({"competency": "999999"}, "competency"),
        ({"provider": "999999"}, "provider"),
        ({"open_only": "mungkin"}, "open_only"),
    ],
)
def test_bad_programme_filter_is_a_structured_400(personas, world, api, params, field):
    response = api(personas.employee.user).get(PROGRAMMES, params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field] and errors[field][0]


def test_open_only_is_strict_and_message_is_indonesian(personas, world, api):
    response = api(personas.employee.user).get(PROGRAMMES, {"open_only": "0"})
    assert response.status_code == 200  # 0 = false: no filter
    response = api(personas.employee.user).get(PROGRAMMES, {"open_only": "ya"})
    assert response.json()["errors"]["open_only"] == ["Isi true atau false."]


def test_programme_detail_with_sessions(personas, world, api):
    Registration.objects.create(
        session=world.session, employee=personas.colleague, status=RegistrationStatus.WAITLISTED
    )
    world.session.eligible_units.set([personas.unit_a])
    response = api(personas.employee.user).get(f"{PROGRAMMES}{world.programme.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert [s["id"] for s in body["sessions"]] == [world.session.pk, world.past_session.pk]
    current = body["sessions"][0]
    assert current["state"] == "open" and current["state_label"] == "Pendaftaran dibuka"
    assert (current["seats_taken"], current["seats_left"], current["waitlisted"]) == (0, 3, 1)
    assert current["eligible_units"] == [
        {"id": personas.unit_a.pk, "code": "DINKES", "name": "Dinas Kesehatan"}
    ]
    assert "online_url" not in current  # the link is for participants, not the catalogue
    assert body["sessions"][1]["state"] == "finished"
    assert body["next_open_session"]["id"] == world.session.pk


def test_inactive_programme_is_404_except_for_admins(personas, world, api, anon):
    hidden = make_programme(code="OLD", title="Lama", provider=world.provider, is_active=False)
    make_session(hidden, today=TODAY, name="Angkatan Lama")
    url = f"{PROGRAMMES}{hidden.pk}/"
    for role in ("employee", "supervisor", "operator", "leader", "nobody"):
        assert api(personas.user(role)).get(url).status_code == 404, role
    assert api(personas.admin).get(url).status_code == 200
    assert api(personas.employee.user).get(f"{PROGRAMMES}999999/").status_code == 404
    # ... and its sessions are not listed either
    names = [s["name"] for s in api(personas.employee.user).get(SESSIONS).json()["results"]]
    assert "Angkatan Lama" not in names
    names = [s["name"] for s in api(personas.admin).get(SESSIONS).json()["results"]]
    assert "Angkatan Lama" in names
    assert anon.get(PROGRAMMES).status_code == 401
    assert anon.get(url).status_code == 401


# --- sessions ----------------------------------------------------------------------------------


def test_session_filters(personas, world, api):
    later = make_session(world.programme, today=TODAY + dt.timedelta(days=60), name="Angkatan II")
    client = api(personas.employee.user)

    def ids(**params):
        response = client.get(SESSIONS, params)
        assert response.status_code == 200, response.json()
        return [s["id"] for s in response.json()["results"]]

    assert ids(open="true") == [world.session.pk]
    assert world.session.pk not in ids(open="false")
    # held at some time within the range (inclusive): the current session runs days 14–16
    assert ids(
        date_from=(TODAY + dt.timedelta(days=16)).isoformat(),
        date_to=(TODAY + dt.timedelta(days=20)).isoformat(),
    ) == [world.session.pk]
    assert ids(date_from=(TODAY + dt.timedelta(days=17)).isoformat()) == [later.pk]
    assert ids(programme=world.programme.pk, state="finished") == [world.past_session.pk]
    assert ids(programme=world.elearning_programme.pk) == []
    first = client.get(SESSIONS).json()["results"][0]
    assert first["id"] == later.pk and first["programme"]["code"] == "UJI-01"


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"date_from": "2026-13-01"}, "date_from", ""),
        ({"date_from": "2026-05-02", "date_to": "2026-05-01"}, "date_to", "sebelum tanggal awal"),
        ({"programme": "1.5"}, "programme", ""),
        ({"programme": "satu"}, "programme", ""),
        ({"open": "kadang"}, "open", "true atau false"),
        ({"state": "tidur"}, "state", ""),
    ],
)
def test_bad_session_filter_is_a_structured_400(personas, world, api, params, field, message):
    response = api(personas.employee.user).get(SESSIONS, params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors and message in errors[field][0]


# --- bounded queries ---------------------------------------------------------------------------


def _queries(client, url, params=None) -> int:
    client.get(url, params)  # warm: sessions, content types
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _programmes(world, n, start):
    for i in range(start, start + n):
        p = make_programme(
            code=f"P{i:03d}",
            title=f"Program {i:03d}",
            provider=world.provider,
            competency=world.competency,
        )
        make_session(p, today=TODAY, name=f"Angkatan {i}")


def test_list_queries_do_not_grow_with_rows(personas, world, api, django_assert_max_num_queries):
    client = api(personas.employee.user)
    # 2 rows, then 20 rows: the same number of queries
    small = {url: _queries(client, url) for url in (PROGRAMMES, SESSIONS)}
    _programmes(world, 18, 0)
    for url in (PROGRAMMES, SESSIONS):
        with django_assert_max_num_queries(small[url]):
            response = client.get(url)
        assert len(response.json()["results"]) >= 20
        assert _queries(client, url) == small[url], url
    assert small[PROGRAMMES] <= 10 and small[SESSIONS] <= 10


def test_detail_queries_do_not_grow_with_sessions(personas, world, api):
    client = api(personas.employee.user)
    url = f"{PROGRAMMES}{world.programme.pk}/"
    two = _queries(client, url)
    for i in range(18):
        make_session(world.programme, today=TODAY, name=f"Angkatan {i}").eligible_units.set(
            [personas.unit_a, personas.unit_b]
        )
    assert _queries(client, url) == two


def test_elearning_list_queries_do_not_grow_with_rows(personas, world, api):
    client = api(personas.employee.user)
    before = {url: _queries(client, url) for url in (COURSES, ENROLMENTS)}
    for i in range(19):
        p = make_programme(
            code=f"EL{i}", title=f"E-learning {i}", provider=world.provider, mode="elearning"
        )
        course = Course.objects.create(programme=p, is_published=True)
        module = Module.objects.create(course=course, order=1, title="M", kind="text", body="x")
        enrolment = Enrolment.objects.create(course=course, employee=personas.employee)
        ModuleProgress.objects.create(
            enrolment=enrolment, module=module, completed_at=timezone.now()
        )
    for url in (COURSES, ENROLMENTS):
        response = client.get(url)
        assert len(response.json()["results"]) == 20, url
        assert _queries(client, url) == before[url], url


# --- e-learning --------------------------------------------------------------------------------


def test_courses_lists_published_with_my_progress(personas, world, api):
    draft = make_programme(code="EL-D", title="Draf", provider=world.provider, mode="elearning")
    Course.objects.create(programme=draft, is_published=False)
    ModuleProgress.objects.create(
        enrolment=world.enrolment, module=world.module, completed_at=timezone.now()
    )
    response = api(personas.employee.user).get(COURSES)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["programme"]["code"] for r in rows] == ["UJI-EL"]
    assert rows[0]["module_count"] == 2
    assert rows[0]["my_progress"] == {
        "enrolment": world.enrolment.pk,
        "modules_done": 1,
        "percent": 50,
        "completed_at": None,
    }
    # a colleague is not enrolled
    assert api(personas.colleague.user).get(COURSES).json()["results"][0]["my_progress"] is None
    assert _codes_of_courses(api(personas.employee.user).get(COURSES, {"q": "tidak ada"})) == []


def _codes_of_courses(response):
    return [r["programme"]["code"] for r in response.json()["results"]]


def test_courses_are_for_learners_and_admins(personas, world, api, anon):
    assert api(personas.nobody).get(COURSES).status_code == 403
    assert api(personas.operator).get(COURSES).status_code == 403
    assert api(personas.admin).get(COURSES).status_code == 200
    assert anon.get(COURSES).status_code == 401
    response = api(personas.employee.user).get(COURSES, {"q": "x" * 101})
    assert response.status_code == 400 and "q" in response.json()["errors"]


def test_enrolments_are_the_callers_own(personas, world, api, anon):
    ModuleProgress.objects.create(
        enrolment=world.enrolment, module=world.module, completed_at=timezone.now()
    )
    response = api(personas.employee.user).get(ENROLMENTS)
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["id"] == world.enrolment.pk and row["programme"]["code"] == "UJI-EL"
    assert (row["module_count"], row["modules_done"], row["percent"]) == (2, 1, 50)
    assert row["last_module"] == world.module.pk and row["completed_at"] is None
    for role in ("colleague", "supervisor"):
        assert api(personas.user(role)).get(ENROLMENTS).json()["results"] == [], role
    assert api(personas.nobody).get(ENROLMENTS).json()["count"] == 0
    assert anon.get(ENROLMENTS).status_code == 401


def test_enrolments_completed_filter(personas, world, api):
    client = api(personas.employee.user)
    assert client.get(ENROLMENTS, {"completed": "true"}).json()["count"] == 0
    assert client.get(ENROLMENTS, {"completed": "false"}).json()["count"] == 1
    Enrolment.objects.filter(pk=world.enrolment.pk).update(completed_at=timezone.now())
    assert client.get(ENROLMENTS, {"completed": "true"}).json()["count"] == 1
    response = client.get(ENROLMENTS, {"completed": "barangkali"})
    assert response.status_code == 400
    assert response.json()["errors"]["completed"] == ["Isi true atau false."]


# --- schema ------------------------------------------------------------------------------------


def test_schema_documents_the_endpoints_and_their_filters(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    paths = yaml.safe_load(response.content)["paths"]

    def params(path):
        return {p["name"] for p in paths[path]["get"]["parameters"]}

    assert {"q", "category", "mode", "competency", "provider", "page"} <= params(PROGRAMMES)
    assert "/api/v1/training/programmes/{id}/" in paths
    assert {"open", "date_from", "date_to", "programme", "page"} <= params(SESSIONS)
    assert {"q", "page"} <= params(COURSES)
    assert {"completed", "page"} <= params(ENROLMENTS)
