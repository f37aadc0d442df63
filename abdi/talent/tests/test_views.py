import pytest
from django.urls import reverse

from abdi.talent.models import TalentSetting
from abdi.talent.testing import compute

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(talent_world):
    compute(talent_world)
    return talent_world


def test_admin_sees_the_agency_grid_with_counts(client, computed):
    client.force_login(computed.p.admin)
    response = client.get(reverse("talent:map"), {"year": computed.year})
    assert response.status_code == 200
    assert response.context["data"].counts == {9: 1, 8: 1, 7: 1, 5: 1}
    assert response.context["data"].unmappable == {"no_predikat": 1, "no_potential": 1}


def test_operator_sees_only_the_own_opd(client, computed):
    client.force_login(computed.p.operator)
    response = client.get(reverse("talent:map"), {"year": computed.year})
    assert response.context["data"].counts == {9: 1, 8: 1, 5: 1}  # no outsider (box 7)
    response = client.get(
        reverse("talent:map"), {"year": computed.year, "unit": computed.p.unit_b.pk}
    )
    assert response.status_code == 404


def test_box_people_lists_the_box_with_bounded_queries(
    client, computed, django_assert_max_num_queries
):
    client.force_login(computed.p.admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("talent:box_people"), {"year": computed.year, "box": 9})
    assert [p.employee for p in response.context["page_obj"]] == [computed.p.employee]
    response = client.get(
        reverse("talent:box_people"),
        {"year": computed.year, "box": "none", "reason": "no_potential"},
    )
    assert [p.employee for p in response.context["page_obj"]] == [computed.p.head_b]


def test_the_employee_sees_actions_but_not_the_box_by_default(client, computed):
    client.force_login(computed.p.employee.user)
    response = client.get(reverse("talent:my_talent"))
    assert response.status_code == 200 and response.context["show_box"] is False
    assert b"Kotak 9" not in response.content
    TalentSetting.objects.filter(pk=1).update(show_box_to_employee=True)
    response = client.get(reverse("talent:my_talent"))
    assert response.context["show_box"] is True


def test_a_colleague_or_supervisor_never_sees_someone_elses_talent(client, computed):
    for user in (computed.p.colleague.user, computed.p.supervisor.user):
        client.force_login(user)
        url = reverse("talent:employee_talent", args=[computed.p.employee.nip])
        assert client.get(url).status_code == 404
        api = reverse("api-employee-talent", args=[computed.p.employee.nip])
        assert client.get(api).status_code == 404


def test_threshold_page_refuses_a_gap_naming_it(client, computed):
    client.force_login(computed.p.admin)
    response = client.post(
        reverse("talent:thresholds"),
        {
            "which": "performance",
            "below-upper": "3.5",
            "meets-lower": "3.8",
            "meets-upper": "4.5",
            "above-lower": "4.5",
            "source": "SK Kepala BKPSDM",
            "confidence": "c1",
            "effective_from": "2020-03-05",
        },
    )
    assert response.status_code == 200
    assert "3,50 sampai di bawah 3,80" in response.content.decode()


def test_placement_api_filters_and_is_bounded(client, computed, django_assert_max_num_queries):
    client.force_login(computed.p.admin)
    url = reverse("api-talent-placement-list")
    with django_assert_max_num_queries(6):
        data = client.get(url, {"year": computed.year, "box": 9}).json()
    assert [r["nip"] for r in data["results"]] == [computed.p.employee.nip]
    data = client.get(url, {"year": computed.year, "unit": computed.p.unit_b.pk}).json()
    assert {r["nip"] for r in data["results"]} == {computed.p.outsider.nip, computed.p.head_b.nip}


def test_critical_positions_api_lists_successors(client, computed, django_assert_max_num_queries):
    from abdi.talent.services.succession import successor_add

    p = computed.p
    successor_add(
        actor=p.admin, position=p.head_position_a, employee=p.supervisor, readiness="ready_now"
    )
    client.force_login(p.leader)
    with django_assert_max_num_queries(15):
        data = client.get(reverse("api-critical-position-list")).json()
    row = next(r for r in data["results"] if r["id"] == p.head_position_a.pk)
    assert row["ready_now"] == 1 and row["successors"][0]["nip"] == p.supervisor.nip


def test_cached_map_counts_follow_a_review_decision(
    client, computed, django_capture_on_commit_callbacks
):
    import datetime as dt

    from abdi.talent.services.review import box_adjust, review_create

    p = computed.p
    client.force_login(p.admin)
    url = reverse("talent:map")
    assert client.get(url, {"year": computed.year}).context["data"].counts[5] == 1
    with django_capture_on_commit_callbacks(execute=True):
        review = review_create(
            actor=p.admin, year=computed.year, title="Rapat", held_on=dt.date(computed.year, 1, 9),
            members=[p.head_a],
        )  # fmt: skip
        box_adjust(actor=p.admin, review=review, employee=p.colleague, to_box=8, reason="Alasan.")
    counts = client.get(url, {"year": computed.year}).context["data"].counts
    assert (counts.get(5, 0), counts[8]) == (0, 2)


def test_a_leader_on_the_opd_map_does_not_find_their_own_box(client, computed):
    from abdi.accounts.services import role_assign

    # The supervisor (box 8 in this world) also leads Dinas Kesehatan on the talent map.
    role_assign(
        actor=computed.p.admin,
        user=computed.p.supervisor.user,
        role="leader",
        org_unit=computed.p.unit_a,
    )
    client.force_login(computed.p.supervisor.user)
    response = client.get(reverse("talent:box_people"), {"year": computed.year, "box": 8})
    assert response.status_code == 200
    assert computed.p.supervisor not in [p.employee for p in response.context["page_obj"]]
    client.force_login(computed.p.admin)
    response = client.get(reverse("talent:box_people"), {"year": computed.year, "box": 8})
    assert computed.p.supervisor in [p.employee for p in response.context["page_obj"]]
