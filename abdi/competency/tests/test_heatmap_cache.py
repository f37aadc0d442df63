"""The heat-map's counts are stored per unit by the worker (immediate in tests), which the
competency services ask for as soon as their change commits; what they do not see waits for the
next rebuild (the stored counts: test_heatmap_counts.py)."""

import datetime as dt

import pytest
from django.urls import reverse

from abdi.competency import selectors, services
from abdi.competency.models import Competency
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit
from abdi.testing import make_employee


@pytest.fixture
def cached(settings):
    settings.ABDI_HEATMAP_CACHE_SECONDS = 600


@pytest.fixture
def setup(personas, django_capture_on_commit_callbacks):
    p = personas
    first, second = Competency.objects.filter(kind="managerial").order_by("order")[:2]
    with django_capture_on_commit_callbacks(execute=True):
        services.position_standard_set(
            actor=p.admin, position=p.staff_position, levels={first.pk: 3, second.pk: 3}
        )
    staff = [
        make_employee(name=f"Staf {i}", unit=p.subunit_a, position=p.staff_position)
        for i in range(3)
    ]
    return p, first, staff


def cell(p, competency):
    """(staff, required, below) of the sub-unit the test staff work in."""
    heatmap = selectors.unit_heatmap(OrgUnit.objects.get(pk=p.unit_a.pk))
    row = next(r for r in heatmap["rows"] if r.unit.pk == p.subunit_a.pk)
    found = row.cells[competency.pk]
    return (row.staff, found.total, found.below)


def test_counts_come_from_the_cache_until_a_service_changes_levels(
    cached, setup, django_capture_on_commit_callbacks, django_assert_num_queries
):
    p, first, staff = setup
    services.requirement_counts_rebuild()  # the staff were written directly, as a bulk load does
    before = cell(p, first)
    # A change no competency service sees (a retirement written straight to the table): the
    # cached figures stay, and the second read does not count again.
    Employee.objects.filter(pk=staff[0].pk).update(is_active=False)
    assert cell(p, first) == before
    unit = OrgUnit.objects.get(pk=p.unit_a.pk)
    with django_assert_num_queries(3):  # the sub-units, the stored counts, the competencies
        selectors.unit_heatmap(unit)
    # An assessment through the service invalidates at once: both changes show.
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_record(
            actor=p.admin,
            employee=staff[1],
            date=dt.date(2025, 6, 1),
            method="competency_test",
            assessor="UPT",
            levels={first.pk: 4},
        )
    staff_count, total, below = cell(p, first)
    assert (staff_count, total) == (before[0] - 1, before[1] - 1)
    assert below == before[2] - 2  # one left, one now at the standard


def test_a_standard_change_invalidates_the_cache(
    settings, cached, setup, django_capture_on_commit_callbacks
):
    p, first, staff = setup
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_record(
            actor=p.admin,
            employee=staff[2],
            date=dt.date(2025, 6, 1),
            method="competency_test",
            assessor="UPT",
            levels={first.pk: 2},
        )
    before = cell(p, first)
    with django_capture_on_commit_callbacks(execute=True):
        services.position_standard_set(actor=p.admin, position=p.staff_position, levels={first: 1})
    after = cell(p, first)
    settings.ABDI_HEATMAP_CACHE_SECONDS = 0
    assert after == cell(p, first)  # what a fresh count gives
    assert after[2] == before[2] - 1  # level 1 instead of 3: the one at level 2 meets it


def test_without_a_cache_every_read_counts_again(settings, setup):
    settings.ABDI_HEATMAP_CACHE_SECONDS = 0
    p, first, staff = setup
    before = cell(p, first)
    Employee.objects.filter(pk=staff[0].pk).update(is_active=False)
    assert cell(p, first)[0] == before[0] - 1


def test_the_page_says_when_the_counts_were_computed(cached, setup, client):
    p, _first, _staff = setup
    client.force_login(p.admin)
    response = client.get(reverse("competency:unit_heatmap", args=[p.unit_a.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dihitung" in body and "oleh proses latar" in body


def test_the_page_shades_cells_and_folds_long_suggestion_lists(
    settings, setup, client, monkeypatch
):
    from abdi.competency import views

    p, first, _staff = setup
    settings.ABDI_WORKSHOP_MIN_STAFF = 1
    monkeypatch.setattr(views, "SUGGESTIONS_OPEN", 1)
    monkeypatch.setattr(views, "SUGGESTIONS_LISTED", 2)
    staff_count, total, below = cell(p, first)
    client.force_login(p.admin)
    response = client.get(reverse("competency:unit_heatmap", args=[p.unit_a.pk]))
    body = response.content.decode()
    share = f"{100 * below / total:.1f}".replace(".", ",")
    shade = 3 if below * 2 >= total else 2 if below * 4 >= total else 1
    assert f'<td class="heat-{shade}" title="{below}/{total}">{share}%</td>' in body
    suggestions = selectors.workshop_suggestions(OrgUnit.objects.get(pk=p.unit_a.pk), 1)
    assert len(suggestions) > 2
    assert len(response.context["suggestions_open"]) == 1
    assert len(response.context["suggestions_folded"]) == 1
    assert response.context["suggestions_unlisted"] == len(suggestions) - 2
    assert f"Dan {len(suggestions) - 2} saran lagi" in body


def test_a_unit_outside_the_leaders_scope_is_not_found(personas, client):
    from abdi.accounts.models import RoleAssignment
    from abdi.testing import make_user

    leader = make_user("pimpinan_dinkes")
    RoleAssignment.objects.create(user=leader, role="leader", org_unit=personas.unit_a)
    client.force_login(leader)
    url = "competency:unit_heatmap"
    assert client.get(reverse(url, args=[personas.unit_a.pk])).status_code == 200
    assert client.get(reverse(url, args=[personas.unit_b.pk])).status_code == 404
    client.force_login(personas.employee.user)
    assert client.get(reverse(url, args=[personas.unit_a.pk])).status_code == 403
