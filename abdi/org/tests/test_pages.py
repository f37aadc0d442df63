import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from abdi.org import services
from abdi.org.models import OrgUnit, Position
from abdi.org.selectors import org_tree_rows
from abdi.testing import make_employee

pytestmark = pytest.mark.django_db


def _unit(personas, code, parent, **extra):
    parent = OrgUnit.objects.get(pk=parent.pk)
    return services.org_unit_create(
        actor=personas.admin,
        agency=personas.agency,
        parent=parent,
        code=code,
        name=extra.get("name", f"Unit {code}"),
        kind=extra.get("kind", "section"),
    )


def test_tree_headcounts_sum_subtrees(personas, login):
    rows = {r["code"]: r for r in org_tree_rows()}
    # Dinas Kesehatan: head_a own; supervisor, employee, colleague in its bidang.
    assert rows["DINKES"]["own"] == 1
    assert rows["DINKES-YAN"]["own"] == 3
    assert rows["DINKES"]["total"] == 4
    assert rows["DISDIK"]["total"] == 2
    assert rows["PEMDA"]["total"] == 6

    response = login(personas.employee.user).get(reverse("org:tree"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bidang Pelayanan Kesehatan" in page
    assert reverse("org:unit_detail", args=[personas.unit_a.pk]) in page
    # An ordinary employee reads the tree but gets no admin buttons.
    assert reverse("org:unit_create") not in page


def test_tree_hides_closed_units_unless_asked(personas, login):
    empty = _unit(personas, "DINKES-X", personas.unit_a, name="Seksi Lama")
    services.org_unit_close(actor=personas.admin, unit=empty, closed_on=dt.date(2024, 1, 1))
    client = login(personas.admin)
    assert "Seksi Lama" not in client.get(reverse("org:tree")).content.decode()
    page = client.get(reverse("org:tree"), {"closed": "1"}).content.decode()
    assert "Seksi Lama" in page
    assert reverse("org:unit_create") in page  # admins get the add button


def test_tree_search_keeps_ancestors_of_matches(personas, login):
    page = login(personas.leader).get(reverse("org:tree"), {"q": "pelayanan"}).content.decode()
    assert "Bidang Pelayanan Kesehatan" in page
    assert "Dinas Kesehatan" in page  # its ancestor, for context
    assert "Dinas Pendidikan" not in page


def test_move_under_own_descendant_is_refused(personas, login):
    unit_a, sub = personas.unit_a, personas.subunit_a
    with pytest.raises(ValidationError) as exc:
        services.org_unit_move(actor=personas.admin, unit=unit_a, new_parent=sub)
    assert "turunannya" in str(exc.value)
    before = OrgUnit.objects.get(pk=unit_a.pk)

    response = login(personas.admin).post(
        reverse("org:unit_move", args=[unit_a.pk]), {"parent": sub.pk}
    )
    assert response.status_code == 200  # the form again, with an error
    assert response.context["form"].errors["parent"]
    after = OrgUnit.objects.get(pk=unit_a.pk)
    assert (after.path, after.parent_id) == (before.path, before.parent_id)
    # The move form does not even offer the unit's own subtree.
    form = login(personas.admin).get(reverse("org:unit_move", args=[unit_a.pk])).context["form"]
    offered = set(form.fields["parent"].queryset.values_list("pk", flat=True))
    assert unit_a.pk not in offered and sub.pk not in offered
    assert personas.unit_b.pk in offered


def test_move_is_recorded_in_unit_history(personas, login):
    response = login(personas.admin).post(
        reverse("org:unit_move", args=[personas.subunit_a.pk]), {"parent": personas.unit_b.pk}
    )
    assert response.status_code == 302
    moved = OrgUnit.objects.get(pk=personas.subunit_a.pk)
    assert moved.parent_id == personas.unit_b.pk
    assert moved.path.startswith(OrgUnit.objects.get(pk=personas.unit_b.pk).path)
    page = login(personas.auditor).get(reverse("org:unit_detail", args=[moved.pk]))
    text = page.content.decode()
    assert "Dipindah dari Dinas Kesehatan ke Dinas Pendidikan" in text
    assert page.context["history"][0]["user"] == personas.admin
    # Headcounts follow the move.
    rows = {r["code"]: r for r in org_tree_rows()}
    assert rows["DISDIK"]["total"] == 5 and rows["DINKES"]["total"] == 1


def test_rename_shows_old_and_new_name_in_history(personas, login):
    client = login(personas.admin)
    response = client.post(
        reverse("org:unit_edit", args=[personas.unit_b.pk]),
        {"code": "disdik", "name": "Dinas Pendidikan dan Kebudayaan", "kind": "opd"},
    )
    assert response.status_code == 302
    unit = OrgUnit.objects.get(pk=personas.unit_b.pk)
    assert unit.code == "DISDIK" and unit.name == "Dinas Pendidikan dan Kebudayaan"
    history = client.get(reverse("org:unit_detail", args=[unit.pk])).context["history"]
    change = history[0]["changes"][0]
    assert (change["old"], change["new"]) == ("Dinas Pendidikan", "Dinas Pendidikan dan Kebudayaan")


def test_duplicate_code_is_refused_on_the_form(personas, login):
    response = login(personas.admin).post(
        reverse("org:unit_create"),
        {
            "agency": personas.agency.pk,
            "parent": personas.unit_a.pk,
            "code": "disdik",
            "name": "Salah",
            "kind": "section",
        },
    )
    assert response.status_code == 200
    assert "Kode unit DISDIK sudah dipakai." in response.context["form"].errors["code"]
    assert not OrgUnit.objects.filter(name="Salah").exists()


def test_create_unit_under_parent(personas, login):
    response = login(personas.admin).post(
        reverse("org:unit_create"),
        {
            "agency": personas.agency.pk,
            "parent": personas.unit_b.pk,
            "code": "sd-01",
            "name": "SD Negeri 1",
            "kind": "school",
        },
    )
    assert response.status_code == 302
    school = OrgUnit.objects.get(code="SD-01")
    assert school.parent_id == personas.unit_b.pk and school.depth == 3


def test_close_with_active_staff_is_refused(personas, login):
    response = login(personas.admin).post(
        reverse("org:unit_close", args=[personas.unit_a.pk]),
        {"closed_on": "2025-01-02", "confirm": "on"},
    )
    assert response.status_code == 200
    assert "pegawai aktif" in " ".join(response.context["form"].non_field_errors())
    assert (
        OrgUnit.objects.filter(path__startswith=personas.unit_a.path, is_active=False).count() == 0
    )


def test_close_empty_subtree_closes_units_and_positions(personas, login):
    seksi = _unit(personas, "DISDIK-SEK", personas.unit_b)
    child = _unit(personas, "DISDIK-SEK-1", seksi, kind="school")
    pos = Position.objects.create(code="P-SEK", name="Kasi", kind="pengawas", org_unit=child)
    response = login(personas.admin).post(
        reverse("org:unit_close", args=[seksi.pk]), {"closed_on": "2025-01-02", "confirm": "on"}
    )
    assert response.status_code == 302
    child.refresh_from_db()
    pos.refresh_from_db()
    assert not child.is_active and child.closed_on == dt.date(2025, 1, 2)
    assert not pos.is_active


@pytest.mark.parametrize("role", ["operator", "leader", "auditor", "employee", "nobody"])
def test_non_admin_gets_403_on_unit_and_position_forms(personas, login, role):
    client = login(personas.user(role))
    pk = personas.unit_a.pk
    for url in (
        reverse("org:unit_create"),
        reverse("org:unit_edit", args=[pk]),
        reverse("org:unit_move", args=[pk]),
        reverse("org:unit_close", args=[pk]),
        reverse("org:position_create"),
        reverse("org:position_edit", args=[personas.staff_position.pk]),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "x", "parent": ""}).status_code == 403, url
    assert OrgUnit.objects.get(pk=pk).name == "Dinas Kesehatan"


def test_unit_detail_lists_positions_with_vacancies(personas, login):
    response = login(personas.employee.user).get(
        reverse("org:unit_detail", args=[personas.subunit_a.pk])
    )
    positions = {p.code: p for p in response.context["positions"]}
    assert positions["DINKES-STAF-YAN"].holder_count == 2  # 3 posts: one vacancy
    assert response.context["own_headcount"] == 3
    assert [a.code for a in response.context["ancestors"]] == ["PEMDA", "DINKES"]
    assert "kosong" in response.content.decode()


def test_position_cycle_is_refused(personas, login):
    head = personas.head_position_a
    response = login(personas.admin).post(
        reverse("org:position_edit", args=[head.pk]),
        {
            "code": head.code,
            "name": head.name,
            "kind": head.kind,
            "class_grade": 14,
            "org_unit": head.org_unit_id,
            "reports_to": personas.staff_position.pk,  # staff → kabid → head → staff
            "posts": 1,
            "is_unit_head": "on",
        },
    )
    assert response.status_code == 200
    assert "melingkar" in " ".join(response.context["form"].errors["reports_to"])
    head.refresh_from_db()
    assert head.reports_to_id is None


def test_position_cannot_report_to_itself(personas, login):
    form = (
        login(personas.admin)
        .get(reverse("org:position_edit", args=[personas.staff_position.pk]))
        .context["form"]
    )
    assert personas.staff_position.pk not in form.fields["reports_to"].queryset.values_list(
        "pk", flat=True
    )


def test_position_create(personas, login):
    response = login(personas.admin).post(
        reverse("org:position_create"),
        {
            "code": "dinkes-jf",
            "name": "Dokter Ahli Muda",
            "kind": "jf_ahli_muda",
            "class_grade": 11,
            "org_unit": personas.subunit_a.pk,
            "reports_to": personas.supervisor_position.pk,
            "posts": 4,
            "retirement_age_override": 60,
        },
    )
    assert response.status_code == 302
    pos = Position.objects.get(code="DINKES-JF")
    assert pos.reports_to == personas.supervisor_position and pos.posts == 4
    assert pos.history.first().history_user == personas.admin


def test_position_list_filters_by_unit_subtree_and_kind(personas, login):
    client = login(personas.employee.user)
    page = client.get(reverse("org:positions"), {"unit": personas.unit_a.pk}).context["page"]
    assert {p.code for p in page} == {"DINKES-KADIS", "DINKES-KABID-YAN", "DINKES-STAF-YAN"}
    page = client.get(
        reverse("org:positions"), {"unit": personas.unit_a.pk, "kind": "pelaksana"}
    ).context["page"]
    assert [p.code for p in page] == ["DINKES-STAF-YAN"]
    page = client.get(reverse("org:positions"), {"q": "pendidikan"}).context["page"]
    assert [p.code for p in page] == ["DISDIK-KADIS"]


def test_position_list_query_count_does_not_grow(
    personas, login, django_assert_max_num_queries, settings
):
    settings.ABDI_LIST_PAGE_SIZE = 50
    for i in range(40):
        pos = Position.objects.create(
            code=f"X-{i}",
            name=f"Staf {i}",
            kind="pelaksana",
            org_unit=personas.unit_b,
            reports_to=personas.head_position_b,
        )
        if i % 5 == 0:
            make_employee(name=f"Pegawai {i}", unit=personas.unit_b, position=pos)
    client = login(personas.leader)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("org:positions"))
    assert len(response.context["page"].object_list) == 45
