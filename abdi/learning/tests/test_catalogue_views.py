import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from abdi.competency import services as competency_services
from abdi.competency.choices import AssessmentMethod
from abdi.competency.models import Competency
from abdi.learning.choices import (
    ProgrammeCategory,
    ProgrammeMode,
    ProviderKind,
    RegistrationStatus,
)
from abdi.learning.models import Programme, Provider, Registration, TrainingSession
from abdi.learning.testing import build_learning_world, make_programme, make_session

TODAY = timezone.localdate()


def _names(response):
    return [p.title for p in response.context["programmes"]]


# --- the catalogue ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_catalogue_lists_active_programmes_with_next_open_session(personas, login):
    world = build_learning_world(personas)
    Registration.objects.create(
        session=world.session, employee=personas.colleague, status=RegistrationStatus.CONFIRMED
    )
    hidden = make_programme(
        code="OLD-1", title="Program lama", provider=world.provider, is_active=False
    )
    response = login(personas.employee.user).get(reverse("learning:catalogue"))
    assert response.status_code == 200
    assert hidden.title not in _names(response)
    card = next(p for p in response.context["programmes"] if p.pk == world.programme.pk)
    assert card.next_session == world.session
    assert card.next_session_seats_left == 2  # quota 3, one confirmed, one pending (no seat)
    body = response.content.decode()
    assert "2 kursi tersisa" in body and "Pelatihan Pelayanan Prima" in body
    assert "Kelola katalog" not in body.split("<main")[1]  # no admin button for employees


@pytest.mark.django_db
def test_admin_sees_inactive_programmes_and_can_filter_them(personas, login):
    world = build_learning_world(personas)
    make_programme(code="OLD-1", title="Program lama", provider=world.provider, is_active=False)
    client = login(personas.admin)
    assert "Program lama" in _names(client.get(reverse("learning:catalogue")))
    assert _names(client.get(reverse("learning:catalogue"), {"status": "inactive"})) == [
        "Program lama"
    ]


@pytest.mark.django_db
def test_catalogue_search_and_filters(personas, login):
    world = build_learning_world(personas)
    a, b = Competency.objects.order_by("kind", "order")[:2]
    lan = Provider.objects.create(name="LAN RI", kind=ProviderKind.LAN)
    make_programme(
        code="PKP-01",
        title="Kepemimpinan Pengawas",
        provider=lan,
        competency=b,
        category=ProgrammeCategory.PKP,
        mode=ProgrammeMode.BLENDED,
        description="Untuk pejabat pengawas",
    )
    client = login(personas.employee.user)
    url = reverse("learning:catalogue")
    assert _names(client.get(url, {"q": "pkp-01"})) == ["Kepemimpinan Pengawas"]
    assert _names(client.get(url, {"q": "pejabat pengawas"})) == ["Kepemimpinan Pengawas"]
    assert _names(client.get(url, {"category": "pkp"})) == ["Kepemimpinan Pengawas"]
    assert _names(client.get(url, {"mode": "blended"})) == ["Kepemimpinan Pengawas"]
    assert _names(client.get(url, {"provider": lan.pk})) == ["Kepemimpinan Pengawas"]
    assert _names(client.get(url, {"competency": b.pk})) == ["Kepemimpinan Pengawas"]
    assert set(_names(client.get(url, {"competency": a.pk}))) == {
        world.programme.title,
        world.elearning_programme.title,
    }
    # only the world's programme has a session open today
    assert _names(client.get(url, {"open_only": "on"})) == [world.programme.title]


@pytest.mark.django_db
def test_closes_my_gaps_filter_and_badge(personas, login):
    build_learning_world(personas)
    a, b = Competency.objects.order_by("kind", "order")[:2]
    competency_services.position_standard_set(
        actor=personas.admin, position=personas.employee.position, levels={a.pk: 3, b.pk: 2}
    )
    competency_services.assessment_record(
        actor=personas.admin,
        employee=personas.employee,
        date=TODAY - dt.timedelta(days=30),
        method=AssessmentMethod.COMPETENCY_TEST,
        assessor="Tim BKPSDM",
        levels={a.pk: 3, b.pk: 1},
    )
    provider = Provider.objects.create(name="LAN", kind=ProviderKind.LAN)
    make_programme(code="X", title="X naik ke 2", provider=provider, competency=b, level=2)
    make_programme(code="Y", title="Y hanya level 1", provider=provider, competency=b, level=1)
    make_programme(code="Z", title="Z tanpa level", provider=provider, competency=b, level=None)
    make_programme(code="W", title="W tanpa kesenjangan", provider=provider, competency=a, level=4)
    client = login(personas.employee.user)
    response = client.get(reverse("learning:catalogue"), {"my_gaps": "on"})
    assert sorted(_names(response)) == ["X naik ke 2", "Z tanpa level"]
    assert all(p.closes_gap for p in response.context["programmes"])
    assert "menutup kesenjangan Anda" in response.content.decode()
    everything = client.get(reverse("learning:catalogue"))
    flags = {p.title: p.closes_gap for p in everything.context["programmes"]}
    assert flags["Y hanya level 1"] is False and flags["W tanpa kesenjangan"] is False
    # a login without an employee record has no such filter
    response = login(personas.nobody).get(reverse("learning:catalogue"), {"my_gaps": "on"})
    assert "my_gaps" not in response.context["form"].fields


@pytest.mark.django_db
def test_catalogue_queries_are_bounded(personas, login, django_assert_max_num_queries):
    world = build_learning_world(personas)
    comps = list(Competency.objects.all()[:3])
    for i in range(30):
        prog = make_programme(
            code=f"P{i:02d}", title=f"Program {i:02d}", provider=world.provider, competency=None
        )
        for c in comps:
            prog.competency_targets.create(competency=c, target_level=3)
        make_session(prog, today=TODAY)
    client = login(personas.employee.user)
    client.get(reverse("learning:catalogue"))  # warm the session/user caches
    with django_assert_max_num_queries(23):  # +3: the bell, the monitor menu, the panel check
        response = client.get(reverse("learning:catalogue"), {"open_only": "on"})
    assert len(response.context["programmes"]) == 25


@pytest.mark.django_db
def test_htmx_request_gets_only_the_results(personas, login):
    build_learning_world(personas)
    response = login(personas.employee.user).get(
        reverse("learning:catalogue"), {"q": "prima"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body and "Pelatihan Pelayanan Prima" in body


# --- the programme page ---------------------------------------------------------------------


@pytest.mark.django_db
def test_programme_detail_shows_sessions_with_state_seats_and_waiting_list(personas, login):
    world = build_learning_world(personas)
    world.session.quota = 1
    world.session.save()
    Registration.objects.create(
        session=world.session, employee=personas.colleague, status=RegistrationStatus.CONFIRMED
    )
    Registration.objects.create(
        session=world.session,
        employee=personas.supervisor,
        status=RegistrationStatus.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    response = login(personas.employee.user).get(
        reverse("learning:programme_detail", args=[world.programme.pk])
    )
    body = response.content.decode()
    assert "Pendaftaran dibuka" in body and "Selesai" in body
    assert "1 dari 1 kursi terisi · sisa 0" in body
    assert "1 di daftar tunggu" in body
    assert reverse("learning:session_detail", kwargs={"pk": world.session.pk}) in body
    assert reverse("learning:session_edit", args=[world.session.pk]) not in body
    assert reverse("learning:programme_edit", args=[world.programme.pk]) not in body


@pytest.mark.django_db
def test_admin_sees_edit_and_add_session_buttons(personas, login):
    world = build_learning_world(personas)
    body = (
        login(personas.admin)
        .get(reverse("learning:programme_detail", args=[world.programme.pk]))
        .content.decode()
    )
    assert reverse("learning:session_edit", args=[world.session.pk]) in body
    assert reverse("learning:programme_edit", args=[world.programme.pk]) in body
    assert reverse("learning:session_create", args=[world.programme.pk]) in body


@pytest.mark.django_db
def test_inactive_programme_is_404_to_non_admins(personas, login, client):
    world = build_learning_world(personas)
    Programme.objects.filter(pk=world.programme.pk).update(is_active=False)
    url = reverse("learning:programme_detail", args=[world.programme.pk])
    assert login(personas.employee.user).get(url).status_code == 404
    client.force_login(personas.admin)
    assert client.get(url).status_code == 200


# --- forms ----------------------------------------------------------------------------------


def _programme_post(provider, **kw):
    a, b = Competency.objects.order_by("kind", "order")[:2]
    data = {
        "code": "TEK-09",
        "title": "Analisis Kebijakan",
        "description": "",
        "mode": "classroom",
        "category": "technical",
        "provider": provider.pk,
        "jp": "32",
        "gives_certificate": "on",
        "is_active": "on",
        "competencies-TOTAL_FORMS": "3",
        "competencies-INITIAL_FORMS": "0",
        "competencies-MIN_NUM_FORMS": "0",
        "competencies-MAX_NUM_FORMS": "1000",
        "competencies-0-competency": str(a.pk),
        "competencies-0-target_level": "3",
        "competencies-1-competency": str(b.pk),
        "competencies-1-target_level": "",
        "competencies-2-competency": "",
        "competencies-2-target_level": "",
    }
    data.update(kw)
    return data, a, b


@pytest.mark.django_db
def test_programme_create_page_saves_programme_and_targets(personas, login):
    world = build_learning_world(personas)
    client = login(personas.admin)
    assert client.get(reverse("learning:programme_create")).status_code == 200
    data, a, b = _programme_post(world.provider)
    response = client.post(reverse("learning:programme_create"), data)
    programme = Programme.objects.get(code="TEK-09")
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:programme_detail", args=[programme.pk])
    assert dict(programme.competency_targets.values_list("competency_id", "target_level")) == {
        a.pk: 3,
        b.pk: None,
    }


@pytest.mark.django_db
def test_programme_form_rejects_bad_level_and_duplicate_and_writes_nothing(personas, login):
    world = build_learning_world(personas)
    client = login(personas.admin)
    data, a, _b = _programme_post(world.provider, **{"competencies-0-target_level": "7"})
    response = client.post(reverse("learning:programme_create"), data)
    assert response.status_code == 400
    assert "Level harus 1–5 atau kosong." in response.content.decode()
    data, a, _b = _programme_post(world.provider, **{"competencies-1-competency": str(a.pk)})
    response = client.post(reverse("learning:programme_create"), data)
    assert "sudah disebut di baris lain" in response.content.decode()
    data, *_ = _programme_post(world.provider, jp="0")
    assert client.post(reverse("learning:programme_create"), data).status_code == 400
    assert not Programme.objects.filter(code="TEK-09").exists()


@pytest.mark.django_db
def test_programme_edit_page_updates_and_removes_targets(personas, login):
    world = build_learning_world(personas)
    client = login(personas.admin)
    url = reverse("learning:programme_edit", args=[world.programme.pk])
    page = client.get(url)
    assert page.context["formset"].initial == [
        {"competency": world.competency.pk, "target_level": "3"}
    ]
    data, a, b = _programme_post(
        world.provider,
        code=world.programme.code,
        **{
            "competencies-INITIAL_FORMS": "1",
            "competencies-0-DELETE": "on",
            "competencies-1-target_level": "4",
        },
    )
    assert client.post(url, data).status_code == 302
    assert list(
        world.programme.competency_targets.values_list("competency_id", "target_level")
    ) == [(b.pk, 4)]


def _session_post(**kw):
    data = {
        "name": "Angkatan IX",
        "registration_opens": TODAY.isoformat(),
        "registration_closes": (TODAY + dt.timedelta(days=5)).isoformat(),
        "start_date": (TODAY + dt.timedelta(days=10)).isoformat(),
        "end_date": (TODAY + dt.timedelta(days=12)).isoformat(),
        "location": "Aula Kantor Gubernur",
        "online_url": "",
        "quota": "25",
        "contact": "Seksi Diklat",
        "approval": "supervisor_bkpsdm",
        "eligible_employee_kinds": ["pns"],
    }
    data.update(kw)
    return data


@pytest.mark.django_db
def test_session_create_page(personas, login):
    world = build_learning_world(personas)
    client = login(personas.admin)
    url = reverse("learning:session_create", args=[world.programme.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _session_post(eligible_units=[personas.unit_a.pk]))
    assert response.status_code == 302
    s = TrainingSession.objects.get(name="Angkatan IX")
    assert s.eligible_employee_kinds == ["pns"] and list(s.eligible_units.all()) == [
        personas.unit_a
    ]


@pytest.mark.django_db
def test_session_form_shows_rule_messages_and_writes_nothing(personas, login):
    world = build_learning_world(personas)
    client = login(personas.admin)
    url = reverse("learning:session_create", args=[world.programme.pk])
    before = TrainingSession.objects.count()
    response = client.post(
        url,
        _session_post(
            registration_closes=(TODAY + dt.timedelta(days=11)).isoformat(),
            is_online="on",
            location="",
        ),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Pendaftaran harus ditutup paling lambat pada tanggal mulai sesi." in body
    assert "Sesi daring memerlukan tautan daring." in body
    assert TrainingSession.objects.count() == before


@pytest.mark.django_db
def test_session_edit_quota_below_seats_taken(personas, login):
    world = build_learning_world(personas)
    for emp in (personas.colleague, personas.supervisor):
        Registration.objects.create(
            session=world.session, employee=emp, status=RegistrationStatus.CONFIRMED
        )
    client = login(personas.admin)
    url = reverse("learning:session_edit", args=[world.session.pk])
    page = client.get(url)
    assert page.context["taken"] == 2
    s = world.session
    data = _session_post(
        name=s.name,
        registration_opens=s.registration_opens.isoformat(),
        registration_closes=s.registration_closes.isoformat(),
        start_date=s.start_date.isoformat(),
        end_date=s.end_date.isoformat(),
        quota="1",
    )
    response = client.post(url, data)
    assert "di bawah jumlah kursi yang sudah terisi (2 peserta)" in response.content.decode()
    s.refresh_from_db()
    assert s.quota == 3
    assert client.post(url, {**data, "quota": "5"}).status_code == 302
    s.refresh_from_db()
    assert s.quota == 5


# --- admin lists ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_session_admin_list_filters_by_state(personas, login, django_assert_max_num_queries):
    world = build_learning_world(personas)
    for i in range(30):
        make_session(world.programme, today=TODAY, name=f"Angkatan {i}")
    client = login(personas.admin)
    url = reverse("learning:session_admin_list")
    client.get(url)
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert len(response.context["sessions"]) == 25
    finished = client.get(url, {"state": "finished"})
    assert [s.pk for s in finished.context["sessions"]] == [world.past_session.pk]
    assert "Selesai" in finished.content.decode()


@pytest.mark.django_db
def test_programme_admin_list_is_bounded(personas, login, django_assert_max_num_queries):
    world = build_learning_world(personas)
    for i in range(30):
        make_programme(code=f"Q{i}", title=f"Q {i}", provider=world.provider)
    client = login(personas.admin)
    client.get(reverse("learning:programme_admin_list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("learning:programme_admin_list"))
    assert len(response.context["programmes"]) == 25


@pytest.mark.django_db
def test_provider_list_marks_an_expired_agreement(personas, login):
    build_learning_world(personas)
    Provider.objects.create(
        name="Universitas Lama",
        kind=ProviderKind.UNIVERSITY,
        agreement_number="PKS/2020/1",
        agreement_until=TODAY - dt.timedelta(days=1),
    )
    Provider.objects.create(
        name="Universitas Baru",
        kind=ProviderKind.UNIVERSITY,
        agreement_number="PKS/2026/1",
        agreement_until=TODAY + dt.timedelta(days=400),
    )
    body = login(personas.admin).get(reverse("learning:provider_list")).content.decode()
    old_row = body[body.index("Universitas Lama") - 200 : body.index("Universitas Lama") + 800]
    assert "table-danger" in old_row and "kedaluwarsa" in old_row
    new_row = body[body.index("Universitas Baru") : body.index("Universitas Baru") + 800]
    assert "kedaluwarsa" not in new_row and "berlaku" in new_row


@pytest.mark.django_db
def test_provider_form_creates_and_refuses_university_without_agreement(personas, login):
    client = login(personas.admin)
    url = reverse("learning:provider_create")
    response = client.post(url, {"name": "Univ Tanpa PKS", "kind": "university"})
    assert response.status_code == 400
    assert "Perguruan tinggi mitra memerlukan nomor perjanjian kerja sama." in (
        response.content.decode()
    )
    assert not Provider.objects.filter(name="Univ Tanpa PKS").exists()
    response = client.post(
        url,
        {
            "name": "Universitas Udayana",
            "kind": "university",
            "agreement_number": "PKS/1",
            "agreement_until": (TODAY + dt.timedelta(days=100)).isoformat(),
        },
    )
    assert response.status_code == 302
    p = Provider.objects.get(name="Universitas Udayana")
    response = client.post(
        reverse("learning:provider_edit", args=[p.pk]),
        {"name": p.name, "kind": "university", "agreement_number": "PKS/2", "agreement_until": ""},
    )
    assert response.status_code == 400
    p.refresh_from_db()
    assert p.agreement_number == "PKS/1"


@pytest.mark.django_db
def test_navigation_entries(personas, login):
    body = login(personas.employee.user).get(reverse("learning:catalogue")).content.decode()
    nav = body.split("<main")[0]
    assert "Katalog pelatihan" in nav and "Kelola katalog" not in nav
    nav = (
        login(personas.admin).get(reverse("learning:catalogue")).content.decode().split("<main")[0]
    )
    assert "Kelola katalog" in nav and reverse("learning:session_admin_list") in nav


@pytest.mark.django_db
def test_programmes_open_for_registration_come_first(personas, login):
    world = build_learning_world(personas)
    make_programme(code="AAA", title="AAA tanpa sesi", provider=world.provider)
    names = _names(login(personas.employee.user).get(reverse("learning:catalogue")))
    assert names[0] == world.programme.title
    assert names[1:] == sorted(names[1:])


@pytest.mark.django_db
def test_programme_form_saves_prices_and_the_catalogue_shows_them_in_rupiah(personas, login):
    world = build_learning_world(personas)
    client = login(personas.admin)
    page = client.get(reverse("learning:programme_create")).content.decode()
    assert 'name="cost_per_session"' in page and 'name="cost_per_participant"' in page
    data, *_ = _programme_post(world.provider, cost_per_session="-5", cost_per_participant="")
    response = client.post(reverse("learning:programme_create"), data)
    assert response.status_code == 400
    assert "Biaya tidak boleh negatif." in response.content.decode()
    assert not Programme.objects.filter(code="TEK-09").exists()
    data, *_ = _programme_post(world.provider, cost_per_session="12500000", cost_per_participant="")
    assert client.post(reverse("learning:programme_create"), data).status_code == 302
    programme = Programme.objects.get(code="TEK-09")
    assert (programme.cost_per_session, programme.cost_per_participant) == (12_500_000, None)
    detail = reverse("learning:programme_detail", args=[programme.pk])
    body = client.get(detail).content.decode()
    assert "Rp\u00a012.500.000" in body
    listing = client.get(reverse("learning:programme_admin_list")).content.decode()
    assert "Rp\u00a012.500.000" in listing and "belum berharga" in listing  # world's programme
    # An employee browsing the catalogue does not see BKPSDM's prices.
    assert "Rp\u00a012.500.000" not in login(personas.employee.user).get(detail).content.decode()
