import datetime as dt

import pytest
from django.urls import reverse

from abdi.competency import services
from abdi.competency.models import Assessment, Competency, PositionStandard


@pytest.fixture
def comps(db):
    return list(Competency.objects.filter(kind="managerial").order_by("order"))[:2]


@pytest.fixture
def assessed(personas, comps):
    a, b = comps
    services.position_standard_set(
        actor=personas.admin, position=personas.staff_position, levels={a.pk: 2, b.pk: 2}
    )
    services.assessment_record(
        actor=personas.admin,
        employee=personas.employee,
        date=dt.date(2025, 3, 1),
        method="cact",
        assessor="UPT",
        levels={a.pk: 2, b.pk: 1},
    )
    return personas


def test_gap_page_shows_jpm_and_band(assessed, login):
    response = login(assessed.employee.user).get(
        reverse("competency:employee_gaps", args=[assessed.employee.nip])
    )
    html = response.content.decode()
    assert "75,00%" in html  # (2 + 1) / (2 + 2), Indonesian decimal comma
    assert "Kurang Optimal" in html


def test_outsider_gets_404_on_gap_page_and_api(assessed, login):
    client = login(assessed.outsider.user)
    nip = assessed.employee.nip
    assert client.get(reverse("competency:employee_gaps", args=[nip])).status_code == 404
    api = client.get(reverse("api-employee-competency-gaps", args=[nip]))
    assert api.status_code == 404


def test_gap_api_numbers_and_target(assessed, login, comps):
    client = login(assessed.supervisor.user)
    url = reverse("api-employee-competency-gaps", args=[assessed.employee.nip])
    data = client.get(url).json()
    assert data["position"] == assessed.staff_position.pk
    assert data["jpm"] == "75.00" and data["band"] == "Kurang Optimal"
    gaps = {g["competency"]: (g["required"], g["actual"], g["gap"]) for g in data["gaps"]}
    assert gaps == {comps[0].pk: (2, 2, 0), comps[1].pk: (2, 1, 1)}
    target = client.get(url, {"target_position": assessed.supervisor_position.pk}).json()
    assert target["position"] == assessed.supervisor_position.pk
    assert len(target["gaps"]) == 9  # default standard: 8 managerial + Perekat Bangsa
    assert client.get(url, {"target_position": "x"}).status_code == 400


def test_standard_page_refuses_bad_level_and_writes_nothing(personas, login, comps):
    client = login(personas.admin)
    url = reverse("competency:position_standard", args=[personas.staff_position.pk])
    response = client.post(url, {f"level_{comps[0].pk}": "7", f"level_{comps[1].pk}": "2"})
    assert response.status_code == 400
    assert "1–5" in response.content.decode()
    assert not PositionStandard.objects.exists()
    response = client.post(url, {f"level_{comps[0].pk}": "4"})
    assert response.status_code == 302
    assert PositionStandard.objects.get().required_level == 4


def test_standard_api_put(personas, login, comps):
    url = reverse("api-position-standard", args=[personas.staff_position.pk])
    client = login(personas.admin)
    bad = client.put(url, {"levels": {str(comps[0].pk): 0}}, content_type="application/json")
    assert bad.status_code == 400 and "levels" in bad.json()["errors"]
    ok = client.put(url, {"levels": {str(comps[0].pk): 3}}, content_type="application/json")
    assert ok.status_code == 200
    assert ok.json()["standards"] == [
        {"competency": comps[0].pk, "competency_name": comps[0].name, "required_level": 3}
    ]
    denied = login(personas.operator).put(
        url, {"levels": {str(comps[0].pk): 1}}, content_type="application/json"
    )
    assert denied.status_code == 403
    assert PositionStandard.objects.get().required_level == 3


def test_assessment_entry_page(personas, login, comps):
    client = login(personas.admin)
    url = reverse("competency:assessment_create", args=[personas.employee.nip])
    data = {
        "date": "2025-02-01",
        "method": "360",
        "assessor": "Tim 360",
        "potential_score": "66",
        f"level_{comps[0].pk}": "3",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert {r.competency_id: r.level for r in assessment.results.all()} == {comps[0].pk: 3}
    # no level at all: refused, nothing more written
    response = client.post(url, {**data, f"level_{comps[0].pk}": ""})
    assert response.status_code == 400
    assert Assessment.objects.count() == 1


def test_heatmap_page(assessed, login, django_assert_max_num_queries):
    client = login(assessed.leader)
    url = reverse("competency:unit_heatmap", args=[assessed.unit_a.pk])
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.status_code == 200
    assert assessed.subunit_a.name in response.content.decode()
    assert login(assessed.employee.user).get(url).status_code == 403


def test_navigation_entries(personas):
    from config.navigation import navigation_for

    def labels(user):
        return {str(c.label) for i in navigation_for(user) for c in (i.children or (i,))}

    assert "Kesenjangan saya" in labels(personas.employee.user)
    assert "Peta kompetensi unit" not in labels(personas.employee.user)
    assert {"Kamus kompetensi", "Peta kompetensi unit"} <= labels(personas.leader)
    assert {"Kamus kompetensi", "Peta kompetensi unit"} <= labels(personas.admin)
    assert not {"Kesenjangan saya", "Kamus kompetensi"} & labels(personas.nobody)


def test_dictionary_picks_a_position_for_admins_only(personas, login):
    pk = personas.staff_position.pk
    admin = login(personas.admin).get(reverse("competency:dictionary"), {"position": pk})
    assert admin.status_code == 302
    assert admin["Location"] == reverse("competency:position_standard", args=[pk])
    page = login(personas.employee.user).get(reverse("competency:dictionary"), {"position": pk})
    assert page.status_code == 200
    assert "Perekat Bangsa" in page.content.decode()


def test_target_position_picker_offers_unit_heads_of_the_opd_and_searches_all(personas, login):
    client = login(personas.employee.user)
    url = reverse("competency:employee_gaps", args=[personas.employee.nip])
    page = client.get(url).content.decode()
    # Unit heads of the employee's OPD are offered; staff posts and other OPDs are not.
    assert f'value="{personas.head_position_a.pk}"' in page
    assert f'value="{personas.supervisor_position.pk}"' in page
    assert f'value="{personas.staff_position.pk}"' not in page
    assert f'value="{personas.head_position_b.pk}"' not in page
    # The picker's search reaches any position, here one of another OPD.
    found = client.get(
        reverse("org:position_options"),
        {"field": "target_position", "position_picker_q": personas.staff_position_b.code},
    ).content.decode()
    assert f'value="{personas.staff_position_b.pk}"' in found
    assert f'value="{personas.head_position_a.pk}"' not in found
    # The target shown stays chosen, first in the picker.
    chosen = client.get(url, {"target_position": personas.staff_position_b.pk}).content.decode()
    assert f'name="target_position" value="{personas.staff_position_b.pk}" checked' in chosen
