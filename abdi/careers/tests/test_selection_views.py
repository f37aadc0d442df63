"""Pages and endpoints of merit selection: what each role sees, the flows through the forms,
bounded queries on the lists."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from abdi.careers.models import Application, Score, SelectionStage
from abdi.careers.services import selection as services
from abdi.careers.testing_selection import (
    DOCUMENTS,
    build_selection_world,
    good_predikats,
    open_selection,
    pdf,
)

pytestmark = pytest.mark.django_db


def test_public_page_lists_open_selection_without_login(client, personas):
    s = open_selection(personas)
    response = client.get(reverse("careers:public_selections"))
    assert response.status_code == 200
    assert s.title in response.content.decode()
    detail = client.get(reverse("careers:public_selection", args=[s.pk])).content.decode()
    assert (
        "Sedang atau pernah menduduki Administrator, JF Ahli Madya paling singkat 2 tahun" in detail
    )


def test_draft_selection_is_not_public(client, personas):
    s = services.selection_create(
        actor=personas.admin,
        title="Konsep rahasia",
        kind="administrator",
        positions=[personas.supervisor_position],
        opens_on=personas.employee.birth_date.replace(year=2030),
        closes_on=personas.employee.birth_date.replace(year=2030),
    )
    assert client.get(reverse("careers:public_selection", args=[s.pk])).status_code == 404
    assert "Konsep rahasia" not in client.get(reverse("careers:public_selections")).content.decode()


def test_my_selections_shows_eligible_and_why_not(login, personas):
    s = open_selection(personas)
    good_predikats(personas.supervisor)
    page = login(personas.supervisor.user).get(reverse("careers:my_selections")).content.decode()
    assert s.title in page and "Anda memenuhi syarat" in page
    page = login(personas.employee.user).get(reverse("careers:my_selections")).content.decode()
    assert "Belum memenuhi syarat" in page
    assert "Kurang dari syarat paling singkat 2 tahun" in page


def test_apply_from_the_form(login, personas):
    s = open_selection(personas)
    good_predikats(personas.supervisor)
    client = login(personas.supervisor.user)
    url = reverse("careers:apply", args=[s.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"doc_0": pdf()})
    assert bad.status_code == 400
    assert "wajib diunggah" in bad.content.decode()
    response = client.post(url, {"doc_0": pdf("a.pdf"), "doc_1": pdf("b.pdf")})
    app = Application.objects.get()
    assert response.url == reverse("careers:application_detail", args=[app.pk])
    detail = client.get(response.url).content.decode()
    for name in DOCUMENTS:
        assert name in detail


def test_outsider_gets_404_on_an_application(login, personas):
    w = build_selection_world(personas)
    url = reverse("careers:application_detail", args=[w.application.pk])
    assert login(personas.outsider.user).get(url).status_code == 404


def test_panel_member_sees_others_scores_only_after_submitting(client, personas):
    w = build_selection_world(personas, scoring=True)
    stage = SelectionStage.objects.get(selection=w.selection, kind="interview")
    services.score_submit(
        actor=w.panel_users[1], application=w.application, stage=stage, value="77"
    )
    client.force_login(w.panel_users[0])
    url = reverse("careers:score", args=[w.application.pk, stage.pk])
    page = client.get(url).content.decode()
    # Looked for in the text, not the markup: a CSRF token may hold "77" by chance.
    assert "77" not in _text(page) and "setelah Anda mengirim" in page
    response = client.post(url, {"value": "150"})
    assert response.status_code == 400 and "0–100" in response.content.decode()
    assert not Score.objects.filter(member__user=w.panel_users[0]).exists()
    client.post(url, {"value": "80"})
    page = client.get(url).content.decode()
    others = page.split('data-testid="other-scores"', 1)[1].split("</ul>", 1)[0]
    assert "77" in others


def _text(html: str) -> str:
    """The page's visible text: the markup (tags and their attributes) removed."""
    return re.sub(r"<[^>]*>", " ", html)


def test_conflicted_member_cannot_open_the_score_page(client, personas):
    w = build_selection_world(personas, scoring=True)
    stage = SelectionStage.objects.get(selection=w.selection, kind="interview")
    services.conflict_declare(actor=w.panel_users[0], application=w.application, reason="Saudara.")
    client.force_login(w.panel_users[0])
    assert (
        client.get(reverse("careers:score", args=[w.application.pk, stage.pk])).status_code == 403
    )


def test_panel_member_sees_only_own_selection(client, personas):
    w = build_selection_world(personas)
    other = open_selection(personas, position=personas.head_position_b, title="Seleksi lain")
    client.force_login(w.panel_users[0])
    assert client.get(reverse("careers:panel_home")).content.decode().count("Seleksi lain") == 0
    assert client.get(reverse("careers:ranking", args=[w.selection.pk])).status_code == 200
    assert client.get(reverse("careers:ranking", args=[other.pk])).status_code == 403


def test_stages_page_refuses_bad_weights(login, personas):
    s = services.selection_create(
        actor=personas.admin,
        title="Uji bobot",
        kind="pengawas",
        positions=[personas.supervisor_position],
        opens_on=personas.employee.birth_date.replace(year=2030),
        closes_on=personas.employee.birth_date.replace(year=2030),
    )
    client = login(personas.admin)
    response = client.post(
        reverse("careers:selection_stages", args=[s.pk]),
        {"administrative": "0", "written_test": "50", "interview": "40"},
    )
    assert response.status_code == 400
    assert "harus tepat 100%" in response.content.decode()


def test_api_lists_are_bounded(client, personas, django_assert_max_num_queries):
    for i, position in enumerate(
        (personas.head_position_a, personas.head_position_b, personas.supervisor_position)
    ):
        open_selection(personas, position=position, title=f"Seleksi {i}")
    client.force_login(personas.admin)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("api-selection-list"))
    assert response.json()["count"] == 3
    with django_assert_max_num_queries(5):
        response = client.get(reverse("api-selection-public-list"))
    assert response.json()["count"] == 3


def test_api_eligibility_shows_rules_with_data(client, personas):
    s = open_selection(personas)
    client.force_login(personas.admin)
    url = reverse("api-employee-eligibility", args=[personas.employee.nip])
    assert client.get(url).status_code == 400
    body = client.get(url, {"selection": s.pk}).json()
    assert body["eligible"] is False
    by_rule = {r["rule"]: r for r in body["results"]}
    assert by_rule["position_experience"]["status"] == "fail"
    assert by_rule["max_age"]["status"] == "pass"


def test_api_ranking_and_applications(client, personas):
    w = build_selection_world(personas, scoring=True)
    client.force_login(personas.admin)
    apps = client.get(reverse("api-selection-applications", args=[w.selection.pk])).json()
    assert apps["count"] == 1
    ranking = client.get(reverse("api-selection-ranking", args=[w.selection.pk])).json()
    assert ranking[0]["rank"] == 1
    client.force_login(personas.employee.user)
    assert (
        client.get(reverse("api-selection-applications", args=[w.selection.pk])).json()["count"]
        == 0
    )


def test_panel_form_sets_the_panel_and_refuses_a_bad_mix(client, personas):
    from abdi.careers.testing_selection import panel_inputs, vacant_jpt_post

    s = services.selection_create(
        actor=personas.admin,
        title="Uji panitia",
        kind="open_jpt",
        positions=[vacant_jpt_post(personas)],
        opens_on=personas.employee.birth_date.replace(year=2030),
        closes_on=personas.employee.birth_date.replace(year=2030),
    )
    users, _inputs = panel_inputs(personas)
    client.force_login(personas.admin)
    data = {f"role_{i}": "member" for i in range(9)}
    for i, user in enumerate(users):
        data[f"username_{i}"], data[f"name_{i}"] = user.username, f"Anggota {i}"
    data.update(internal_0="on", internal_1="on", internal_2="on")
    url = reverse("careers:selection_panel", args=[s.pk])
    response = client.post(url, data)
    assert response.status_code == 400 and "3 dari 5" in response.content.decode()
    del data["internal_2"]
    assert client.post(url, data).status_code == 302
    assert s.panel.count() == 5


def test_public_api_counts_requests_per_address_with_the_atomic_throttle(
    client, personas, settings
):
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "2000/minute"},
    }
    s = open_selection(personas)
    urls = [
        reverse("api-selection-public-list"),
        reverse("api-selection-public-results", args=[s.pk]),
    ]
    codes = [client.get(url, REMOTE_ADDR="203.0.113.7").status_code for url in urls * 2]
    # One budget per address over both public endpoints: the third request is refused.
    assert codes[:2] == [200, 404] or codes[:2] == [200, 200]
    assert codes[2:] == [429, 429]
    assert client.get(urls[0], REMOTE_ADDR="203.0.113.8").status_code == 200
    cache.clear()


def test_open_selections_for_an_employee_cost_the_same_at_one_and_four(personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from abdi.careers.models import SelectionRequirement
    from abdi.careers.selectors.selection import open_selections_for

    first = open_selection(personas, title="Seleksi 0")
    # the competency levels and standards are read once when any open selection asks for JPM
    SelectionRequirement.objects.get_or_create(
        selection=first, rule="min_jpm", defaults={"params": {"percent": "60"}}
    )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            rows = open_selections_for(personas.employee)
        return len(rows), len(ctx.captured_queries)

    one, queries_for_one = count()
    for i, position in enumerate(
        (personas.head_position_a, personas.head_position_b, personas.supervisor_position)
    ):
        open_selection(personas, position=position, title=f"Seleksi {i + 1}")
    four, queries_for_four = count()
    assert (one, four) == (1, 4)
    assert queries_for_four == queries_for_one


def test_selection_form_picks_posts_with_the_searchable_picker(login, personas):
    """Issue 13: the posts are a searchable picker (check boxes, HTMX search) instead of a
    select of every post; the chosen posts stay ticked on the edit page."""
    from abdi.careers.models import Selection
    from abdi.careers.testing_selection import vacant_jpt_post

    post = vacant_jpt_post(personas)
    client = login(personas.admin)
    page = client.get(reverse("careers:selection_create")).content.decode()
    assert 'name="position_picker_q"' in page and '"multiple": "1"' in page
    assert "<select" not in page.split('id="id_positions-picker"')[1].split("</div>")[0]
    # The search offers the post as a check box.
    found = client.get(
        reverse("org:position_options"),
        {"position_picker_q": "Kepegawaian", "field": "positions", "multiple": "1"},
    ).content.decode()
    assert f'type="checkbox" name="positions" value="{post.pk}"' in found
    today = personas.employee.birth_date.replace(year=2030)
    response = client.post(
        reverse("careers:selection_create"),
        {
            "title": "Seleksi Kepala BKD",
            "kind": "open_jpt",
            "positions": [post.pk, personas.head_position_a.pk],
            "opens_on": today.isoformat(),
            "closes_on": today.isoformat(),
            "objection_days": "3",
        },
    )
    assert response.status_code == 302
    selection = Selection.objects.get(title="Seleksi Kepala BKD")
    assert set(selection.positions.values_list("pk", flat=True)) == {
        post.pk,
        personas.head_position_a.pk,
    }
    edit = client.get(reverse("careers:selection_edit", args=[selection.pk])).content.decode()
    assert edit.count("checked") >= 2 and post.name in edit


def test_stages_page_sets_and_checks_the_windows(login, personas):
    s = services.selection_create(
        actor=personas.admin,
        title="Uji jadwal",
        kind="pengawas",
        positions=[personas.supervisor_position],
        opens_on=personas.employee.birth_date.replace(year=2030, month=3, day=2),
        closes_on=personas.employee.birth_date.replace(year=2030, month=3, day=13),
    )
    client = login(personas.admin)
    url = reverse("careers:selection_stages", args=[s.pk])
    weights = {"administrative": "0", "written_test": "50", "interview": "50"}
    bad = client.post(
        url,
        {
            **weights,
            "written_test_starts": "2030-03-10T08:00",
            "written_test_ends": "2030-03-10T10:00",
        },
    )
    assert bad.status_code == 400
    assert "baru dapat dimulai sesudah pendaftaran ditutup" in bad.content.decode()
    ok = client.post(
        url,
        {
            **weights,
            "written_test_starts": "2030-03-17T08:00",
            "written_test_ends": "2030-03-17T10:00",
        },
    )
    assert ok.status_code == 302
    stage = SelectionStage.objects.get(selection=s, kind="written_test")
    from django.utils import timezone

    assert timezone.localtime(stage.starts_at).strftime("%d-%m %H:%M") == "17-03 08:00"
    assert (
        "17 Mar 2030"
        in client.get(reverse("careers:selection_detail", args=[s.pk])).content.decode()
    )
