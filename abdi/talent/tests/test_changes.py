"""The page of who moved since the last talent review: boxes against the review's snapshot and
successors' readiness since its date, scoped like the map and the succession pages."""

import datetime as dt

import pytest
from django.urls import reverse

from abdi.accounts.models import RoleAssignment
from abdi.talent.models import TalentPlacement, TalentReview
from abdi.talent.services.review import box_adjust, review_create
from abdi.talent.services.succession import successor_add, successor_readiness_set
from abdi.talent.testing import compute
from abdi.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(talent_world):
    """A review saw the colleague in box 5 and moved them to 8; the supervisor was named ready
    now for the Dinkes head post, then set to 1–2 years; the outsider named for Disdik's."""
    compute(talent_world)
    p = talent_world.p
    review = review_create(
        actor=p.admin, year=talent_world.year, title="Rapat komite",
        held_on=dt.date(talent_world.year, 1, 2), members=[p.head_a],
    )  # fmt: skip
    box_adjust(actor=p.admin, review=review, employee=p.colleague, to_box=8, reason="Kinerja.")
    named = successor_add(
        actor=p.admin, position=p.head_position_a, employee=p.supervisor, readiness="ready_now"
    )
    successor_readiness_set(actor=p.admin, successor=named, readiness="one_two_years")
    successor_add(
        actor=p.admin, position=p.head_position_b, employee=p.outsider, readiness="three_plus"
    )
    return talent_world


def test_bkpsdm_sees_box_moves_against_the_review_and_readiness_changes(
    client, moved, django_assert_max_num_queries
):
    p = moved.p
    client.force_login(p.admin)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("talent:changes"), {"year": moved.year})
    assert response.context["review"].title == "Rapat komite"
    assert [(m.employee_id, m.baseline, m.box) for m in response.context["page_obj"]] == [
        (p.colleague.pk, 5, 8)
    ]
    events = [(e.employee_nip, e.change, e.before, e.after) for e in response.context["readiness"]]
    assert (p.supervisor.nip, "named", "", "Siap sekarang") in events
    assert (p.supervisor.nip, "changed", "Siap sekarang", "Siap 1–2 tahun") in events
    assert (p.outsider.nip, "named", "", "Siap 3 tahun atau lebih") in events
    html = response.content.decode()
    assert p.colleague.name in html and "Siap 1–2 tahun" in html


def test_a_scoped_leader_sees_only_their_units_moves_and_plans(client, moved):
    p = moved.p
    leader = make_user("pimpinan_disdik")
    RoleAssignment.objects.create(user=leader, role="leader", org_unit=p.unit_b)
    client.force_login(leader)
    response = client.get(reverse("talent:changes"), {"year": moved.year})
    assert list(response.context["page_obj"]) == []  # the colleague works in unit A
    assert {e.employee_nip for e in response.context["readiness"]} == {p.outsider.nip}
    # another unit on the filter: 404
    assert client.get(reverse("talent:changes"), {"unit": p.unit_a.pk}).status_code == 404


def test_operators_and_employees_do_not_see_the_page(client, moved):
    p = moved.p
    for user in (p.operator, p.employee.user):
        client.force_login(user)
        assert client.get(reverse("talent:changes")).status_code == 403


def _a_level(world):
    return TalentPlacement.objects.filter(year=world.year).values_list("level", flat=True)[0]


@pytest.fixture
def two_reviews(moved):
    """The agency-wide review of the fixture (2 January), then one of a single position level
    (1 February) and one of Disdik (unit B) only (3 February): neither saw Dinkes' people."""
    p = moved.p
    review_create(
        actor=p.admin, year=moved.year, title="Rapat komite Disdik",
        held_on=dt.date(moved.year, 2, 3), members=[p.head_b], org_unit=p.unit_b,
    )  # fmt: skip
    review_create(
        actor=p.admin, year=moved.year, title="Rapat komite eselon II",
        held_on=dt.date(moved.year, 2, 1), members=[p.head_b], level=_a_level(moved),
    )  # fmt: skip
    return moved


def test_without_a_unit_the_baseline_is_the_agency_wide_review(client, two_reviews):
    p = two_reviews.p
    client.force_login(p.admin)
    response = client.get(reverse("talent:changes"), {"year": two_reviews.year})
    assert response.context["review"].title == "Rapat komite"
    assert [m.employee_id for m in response.context["page_obj"]] == [p.colleague.pk]
    # picking Disdik: its own, later review
    response = client.get(
        reverse("talent:changes"), {"year": two_reviews.year, "unit": p.unit_b.pk}
    )
    assert response.context["review"].title == "Rapat komite Disdik"


def test_a_scoped_leader_is_compared_against_the_review_covering_their_unit(client, two_reviews):
    p = two_reviews.p
    leader = make_user("pimpinan_dinkes")
    RoleAssignment.objects.create(user=leader, role="leader", org_unit=p.unit_a)
    client.force_login(leader)
    response = client.get(reverse("talent:changes"), {"year": two_reviews.year})
    assert response.context["review"].title == "Rapat komite"
    assert [m.employee_id for m in response.context["page_obj"]] == [p.colleague.pk]
    assert "Rapat komite Disdik" not in response.content.decode()
    disdik = make_user("pimpinan_disdik")
    RoleAssignment.objects.create(user=disdik, role="leader", org_unit=p.unit_b)
    client.force_login(disdik)
    response = client.get(reverse("talent:changes"), {"year": two_reviews.year})
    assert response.context["review"].title == "Rapat komite Disdik"


def test_the_baseline_is_a_review_of_the_chosen_year(client, moved):
    p = moved.p
    TalentReview.objects.create(
        year=moved.year + 1, title="Rapat komite tahun depan", held_on=dt.date(moved.year, 3, 1)
    )
    client.force_login(p.admin)
    response = client.get(reverse("talent:changes"), {"year": moved.year})
    assert response.context["review"].title == "Rapat komite"
    assert [m.employee_id for m in response.context["page_obj"]] == [p.colleague.pk]
