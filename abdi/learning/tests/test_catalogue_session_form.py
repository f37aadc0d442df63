"""The session form: place or online link by the 'online' flag, and the eligible units picked
through a bounded search (never the whole unit tree), validated on the server."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from abdi.learning.forms.catalogue import MAX_ELIGIBLE_UNITS, SessionForm
from abdi.learning.models import TrainingSession
from abdi.learning.services import catalogue as svc
from abdi.learning.testing import build_learning_world
from abdi.org.models import OrgUnit

TODAY = timezone.localdate()
pytestmark = pytest.mark.django_db


def _post(**kw):
    data = {
        "name": "Angkatan X",
        "registration_opens": TODAY.isoformat(),
        "registration_closes": (TODAY + dt.timedelta(days=5)).isoformat(),
        "start_date": (TODAY + dt.timedelta(days=10)).isoformat(),
        "end_date": (TODAY + dt.timedelta(days=12)).isoformat(),
        "location": "Aula Kantor Gubernur",
        "online_url": "",
        "quota": "25",
        "contact": "Seksi Diklat",
        "approval": "supervisor_bkpsdm",
    }
    data.update(kw)
    return data


def _many_units(parent, n):
    parent = OrgUnit.objects.get(pk=parent.pk)
    for i in range(n):
        OrgUnit.objects.add_child(
            OrgUnit.objects.get(pk=parent.pk),
            {
                "agency": parent.agency,
                "code": f"UPT-{i:03d}",
                "name": f"UPT Puskesmas {i:03d}",
                "kind": "division",
                "parent": parent,
            },
        )


# --- place or link ---------------------------------------------------------------------------


def test_online_session_needs_a_link_with_an_indonesian_message(personas, login):
    world = build_learning_world(personas)
    url = reverse("learning:session_create", args=[world.programme.pk])
    response = login(personas.admin).post(url, _post(is_online="on", location=""))
    assert response.status_code == 400
    assert "Sesi daring memerlukan tautan daring." in response.content.decode()
    assert not TrainingSession.objects.filter(name="Angkatan X").exists()


def test_face_to_face_session_needs_a_place(personas, login):
    world = build_learning_world(personas)
    url = reverse("learning:session_create", args=[world.programme.pk])
    response = login(personas.admin).post(url, _post(location="  "))
    assert response.status_code == 400
    assert "Isi tempat pelaksanaan, atau tandai sesi sebagai daring." in response.content.decode()
    assert not TrainingSession.objects.filter(name="Angkatan X").exists()


def test_online_session_keeps_an_optional_place_and_its_link(personas, login):
    world = build_learning_world(personas)
    url = reverse("learning:session_create", args=[world.programme.pk])
    response = login(personas.admin).post(
        url, _post(is_online="on", location="Ruang Rapat 2", online_url="zoom.example/j/1")
    )
    assert response.status_code == 302
    s = TrainingSession.objects.get(name="Angkatan X")
    assert s.is_online and s.location == "Ruang Rapat 2"
    assert s.online_url == "https://zoom.example/j/1"


def test_face_to_face_session_drops_a_hidden_link(personas, login):
    """The toggle hides the link field of a face-to-face session; a link left in it is not
    stored unseen."""
    world = build_learning_world(personas)
    url = reverse("learning:session_create", args=[world.programme.pk])
    response = login(personas.admin).post(url, _post(online_url="https://lama.example/x"))
    assert response.status_code == 302
    assert TrainingSession.objects.get(name="Angkatan X").online_url == ""


def test_service_drops_the_link_when_a_session_goes_face_to_face(personas):
    world = build_learning_world(personas)
    s = world.session
    svc.session_update(
        actor=personas.admin, session=s, is_online=True, online_url="https://a.example/"
    )
    s.refresh_from_db()
    assert s.online_url == "https://a.example/"
    svc.session_update(actor=personas.admin, session=s, is_online=False)
    s.refresh_from_db()
    assert not s.is_online and s.online_url == "" and s.location == "Aula BKPSDM"


def test_form_carries_the_toggle_hooks_and_the_script(personas, login):
    world = build_learning_world(personas)
    response = login(personas.admin).get(
        reverse("learning:session_create", args=[world.programme.pk])
    )
    body = response.content.decode()
    assert "data-online-toggle" in body and "data-link-field" in body
    assert "data-place-required" in body
    assert "/static/js/session_form.js" in body
    assert "Wajib untuk sesi daring." in body  # without JavaScript the help text says it


# --- eligible units --------------------------------------------------------------------------


def test_form_renders_only_the_chosen_units(personas, login, django_assert_max_num_queries):
    world = build_learning_world(personas)
    _many_units(personas.unit_a, 40)
    chosen = OrgUnit.objects.get(code="UPT-007")
    world.session.eligible_units.set([chosen])
    client = login(personas.admin)
    url = reverse("learning:session_edit", args=[world.session.pk])
    client.get(url)
    with django_assert_max_num_queries(25):
        response = client.get(url)
    body = response.content.decode()
    assert body.count('name="eligible_units" value=') == 1
    assert "UPT Puskesmas 007 (UPT-007)" in body and "UPT Puskesmas 008" not in body
    assert f'value="{chosen.pk}"' in body and "checked" in body.split("UPT-007")[0][-400:]
    assert reverse("api-org-unit-list") in body  # the search endpoint the script asks


def test_unit_search_without_javascript_shows_matches_and_saves_nothing(personas, login):
    world = build_learning_world(personas)
    _many_units(personas.unit_a, 60)
    url = reverse("learning:session_create", args=[world.programme.pk])
    response = login(personas.admin).post(
        url,
        _post(name="", unit_q="puskesmas", unit_search="1", eligible_units=[personas.unit_b.pk]),
    )
    assert response.status_code == 200
    body = response.content.decode()
    # the chosen unit stays ticked, the matches are offered (bounded), nothing judged or saved
    assert body.count('name="eligible_units" value=') == 1 + 50
    assert "Dinas Pendidikan (DISDIK)" in body and "UPT Puskesmas 000" in body
    assert "UPT Puskesmas 059" not in body
    assert "Isi nama angkatan sesi." not in body and "is-invalid" not in body
    assert not TrainingSession.objects.filter(name="").exists()
    form = response.context["form"]
    assert form.searching and form.unit_query == "puskesmas"


def test_enter_in_the_search_box_without_javascript_searches_instead_of_saving(personas, login):
    world = build_learning_world(personas)
    url = reverse("learning:session_create", args=[world.programme.pk])
    client = login(personas.admin)
    before = TrainingSession.objects.count()
    # Enter submits the first button (save) with the typed query: a search, nothing saved
    response = client.post(url, _post(unit_q="pendidikan"))
    assert response.status_code == 200
    assert response.context["form"].searching
    assert TrainingSession.objects.count() == before
    body = response.content.decode()
    assert 'name="unit_q_searched" value="pendidikan"' in body
    # after that search, ticking a match and saving (same query in the box) saves
    response = client.post(
        url,
        _post(
            unit_q="pendidikan", unit_q_searched="pendidikan", eligible_units=[personas.unit_b.pk]
        ),
    )
    assert response.status_code == 302
    session = TrainingSession.objects.latest("pk")
    assert list(session.eligible_units.values_list("pk", flat=True)) == [personas.unit_b.pk]


def test_unit_search_skips_closed_units(personas):
    from abdi.learning.selectors.catalogue import unit_search

    OrgUnit.objects.filter(pk=personas.unit_b.pk).update(is_active=False)
    names = [u.name for u in unit_search("dinas")]
    assert "Dinas Kesehatan" in names and "Dinas Pendidikan" not in names
    assert unit_search("  ") == []


def test_unknown_or_closed_unit_is_refused_with_a_clear_message(personas, login):
    world = build_learning_world(personas)
    OrgUnit.objects.filter(pk=personas.unit_b.pk).update(is_active=False)
    url = reverse("learning:session_create", args=[world.programme.pk])
    client = login(personas.admin)
    for bad in (personas.unit_b.pk, 999999):
        response = client.post(url, _post(eligible_units=[bad]))
        assert response.status_code == 400
        assert "Unit kerja tidak dikenal atau sudah ditutup" in response.content.decode()
    response = client.post(url, _post(eligible_units=["abc"]))
    assert response.status_code == 400 and "bukan nomor unit kerja" in response.content.decode()
    assert not TrainingSession.objects.filter(name="Angkatan X").exists()


def test_too_many_units_are_refused(personas):
    world = build_learning_world(personas)
    _many_units(personas.unit_a, MAX_ELIGIBLE_UNITS + 1)
    ids = list(OrgUnit.objects.filter(code__startswith="UPT-").values_list("pk", flat=True))
    form = SessionForm(
        _post(eligible_units=ids), instance=TrainingSession(programme=world.programme)
    )
    assert not form.is_valid()
    assert "Paling banyak" in form.errors["eligible_units"][0]
    form = SessionForm(
        _post(eligible_units=ids[:MAX_ELIGIBLE_UNITS]),
        instance=TrainingSession(programme=world.programme),
    )
    assert form.is_valid(), form.errors


def test_a_unit_closed_after_it_was_chosen_still_saves_on_edit(personas, login):
    world = build_learning_world(personas)
    world.session.eligible_units.set([personas.unit_b])
    OrgUnit.objects.filter(pk=personas.unit_b.pk).update(is_active=False)
    s = world.session
    data = _post(
        name=s.name,
        registration_opens=s.registration_opens.isoformat(),
        registration_closes=s.registration_closes.isoformat(),
        start_date=s.start_date.isoformat(),
        end_date=s.end_date.isoformat(),
        quota="4",
        eligible_units=[personas.unit_b.pk, personas.unit_a.pk],
    )
    response = login(personas.admin).post(reverse("learning:session_edit", args=[s.pk]), data)
    assert response.status_code == 302
    assert set(s.eligible_units.all()) == {personas.unit_a, personas.unit_b}


def test_script_is_local_and_asks_only_for_active_units():
    from pathlib import Path

    from django.contrib.staticfiles import finders

    path = finders.find("js/session_form.js")
    assert path
    source = Path(path).read_text(encoding="utf-8")
    assert "://" not in source  # no remote host (intranets are often closed)
    assert "active=true" in source  # asks only for active units
