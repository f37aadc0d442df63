"""Org units and positions over the API: readable by every signed-in user, written by BKPSDM
admins only, through abdi/org/services.py."""

import pytest

from abdi.org.models import OrgUnit, Position

pytestmark = pytest.mark.django_db

UNITS = "/api/v1/org-units/"
POSITIONS = "/api/v1/positions/"


def codes(response):
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


@pytest.mark.parametrize("role", ["employee", "outsider", "nobody", "operator", "auditor"])
def test_org_readable_by_every_signed_in_user(personas, api, role):
    client = api(personas.user(role))
    assert codes(client.get(UNITS)) == ["PEMDA", "DINKES", "DINKES-YAN", "DISDIK"]
    detail = client.get(f"{UNITS}{personas.subunit_a.pk}/").json()
    assert detail["parent"] == personas.unit_a.pk
    assert detail["kind"] == "division"
    assert detail["depth"] == 3
    position = client.get(f"{POSITIONS}{personas.staff_position.pk}/").json()
    assert position["reports_to"] == personas.supervisor_position.pk
    assert position["org_unit_name"] == "Bidang Pelayanan Kesehatan"


def test_unit_filters(personas, api):
    client = api(personas.employee.user)
    assert codes(client.get(UNITS, {"parent": personas.region.pk})) == ["DINKES", "DISDIK"]
    assert codes(client.get(UNITS, {"kind": "opd"})) == ["DINKES", "DISDIK"]
    assert codes(client.get(UNITS, {"q": "pelayanan"})) == ["DINKES-YAN"]
    assert codes(client.get(UNITS, {"q": "disdik"})) == ["DISDIK"]
    OrgUnit.objects.filter(pk=personas.unit_b.pk).update(is_active=False)
    assert codes(client.get(UNITS, {"active": "false"})) == ["DISDIK"]
    assert "DISDIK" not in codes(client.get(UNITS, {"active": "true"}))
    bad = client.get(UNITS, {"kind": "bukan-jenis"})
    assert bad.status_code == 400
    assert "kind" in bad.json()["errors"]


def test_position_filters(personas, api):
    client = api(personas.outsider.user)
    in_a = codes(client.get(POSITIONS, {"unit": personas.unit_a.pk}))
    assert in_a == ["DINKES-KADIS", "DINKES-KABID-YAN", "DINKES-STAF-YAN"]
    assert codes(client.get(POSITIONS, {"unit": personas.subunit_a.pk})) == [
        "DINKES-KABID-YAN",
        "DINKES-STAF-YAN",
    ]
    assert codes(client.get(POSITIONS, {"kind": "pelaksana"})) == ["DINKES-STAF-YAN", "DISDIK-STAF"]
    assert codes(client.get(POSITIONS, {"q": "pendidikan"})) == ["DISDIK-KADIS"]


@pytest.mark.parametrize("url", [UNITS, POSITIONS])
def test_org_lists_have_bounded_queries(personas, api, django_assert_max_num_queries, url):
    client = api(personas.employee.user)
    region = OrgUnit.objects.get(pk=personas.region.pk)
    for i in range(30):
        region.refresh_from_db()
        unit = OrgUnit.objects.add_child(
            region,
            {
                "agency": personas.agency,
                "code": f"U{i:02d}",
                "name": f"Unit {i:02d}",
                "kind": "uptd",
                "parent": region,
            },
        )
        Position.objects.create(
            code=f"P{i:02d}", name=f"Jabatan {i}", kind="pelaksana", org_unit=unit
        )
    with django_assert_max_num_queries(4):
        response = client.get(url, {"page_size": 50})
    assert response.json()["count"] >= 30


@pytest.mark.parametrize("role", ["operator", "employee", "leader", "auditor"])
def test_only_admin_writes_the_organisation(personas, api, role):
    client = api(personas.user(role))
    unit = personas.unit_a
    before = OrgUnit.objects.count(), Position.objects.count()
    cases = [
        client.post(UNITS, {"code": "X", "name": "X", "kind": "uptd", "parent": unit.pk}),
        client.patch(f"{UNITS}{unit.pk}/", {"name": "Diubah"}),
        client.put(f"{UNITS}{unit.pk}/", {"code": "DINKES", "name": "Diubah", "kind": "opd"}),
        client.post(f"{UNITS}{personas.subunit_a.pk}/move/", {"parent": personas.unit_b.pk}),
        client.post(f"{UNITS}{personas.subunit_a.pk}/close/", {"closed_on": "2025-01-01"}),
        client.post(
            POSITIONS, {"code": "X", "name": "X", "kind": "pelaksana", "org_unit": unit.pk}
        ),
        client.patch(f"{POSITIONS}{personas.staff_position.pk}/", {"posts": 9}),
    ]
    assert [r.status_code for r in cases] == [403] * len(cases)
    assert (OrgUnit.objects.count(), Position.objects.count()) == before
    assert OrgUnit.objects.get(pk=unit.pk).name == "Dinas Kesehatan"


def test_admin_creates_renames_moves_and_closes_a_unit(personas, api):
    client = api(personas.admin)
    created = client.post(
        UNITS,
        {
            "code": "DINKES-UPTD",
            "name": "UPTD Labkesda",
            "kind": "uptd",
            "parent": personas.unit_a.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["parent"] == personas.unit_a.pk
    assert body["agency"] == personas.agency.pk
    unit = OrgUnit.objects.get(code="DINKES-UPTD")
    assert unit.path.startswith(OrgUnit.objects.get(pk=personas.unit_a.pk).path)

    renamed = client.patch(f"{UNITS}{unit.pk}/", {"name": "UPTD Laboratorium"}, format="json")
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "UPTD Laboratorium"
    assert renamed.json()["code"] == "DINKES-UPTD"

    moved = client.post(f"{UNITS}{unit.pk}/move/", {"parent": personas.unit_b.pk}, format="json")
    assert moved.status_code == 200, moved.content
    unit.refresh_from_db()
    assert unit.parent_id == personas.unit_b.pk
    assert unit.path.startswith(OrgUnit.objects.get(pk=personas.unit_b.pk).path)

    closed = client.post(f"{UNITS}{unit.pk}/close/", {"closed_on": "2025-06-30"}, format="json")
    assert closed.status_code == 200
    assert closed.json()["is_active"] is False
    assert closed.json()["closed_on"] == "2025-06-30"


def test_unit_errors_are_structured(personas, api):
    client = api(personas.admin)
    count = OrgUnit.objects.count()
    duplicate = client.post(
        UNITS,
        {"code": "DINKES", "name": "Lagi", "kind": "opd", "parent": personas.region.pk},
        format="json",
    )
    assert duplicate.status_code == 400
    assert "DINKES" in duplicate.json()["errors"]["code"][0]
    shape = client.post(UNITS, {"name": "", "kind": "planet"}, format="json")
    assert shape.status_code == 400
    assert {"code", "name", "kind"} <= set(shape.json()["errors"])
    assert OrgUnit.objects.count() == count

    # A unit cannot go under its own descendant: nothing moves.
    loop = client.post(
        f"{UNITS}{personas.unit_a.pk}/move/", {"parent": personas.subunit_a.pk}, format="json"
    )
    assert loop.status_code == 400
    assert "turunan" in loop.json()["errors"]["parent"][0]
    assert OrgUnit.objects.get(pk=personas.unit_a.pk).parent_id == personas.region.pk

    staffed = client.post(
        f"{UNITS}{personas.unit_a.pk}/close/", {"closed_on": "2025-01-01"}, format="json"
    )
    assert staffed.status_code == 400
    assert "pegawai aktif" in staffed.json()["errors"]["non_field_errors"][0]
    assert OrgUnit.objects.get(pk=personas.unit_a.pk).is_active


def test_admin_creates_and_updates_a_position(personas, api):
    client = api(personas.admin)
    created = client.post(
        POSITIONS,
        {
            "code": "DINKES-ANALIS",
            "name": "Analis Kebijakan",
            "kind": "jf_ahli_pertama",
            "class_grade": 8,
            "org_unit": personas.subunit_a.pk,
            "reports_to": personas.supervisor_position.pk,
            "posts": 2,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    position = Position.objects.get(code="DINKES-ANALIS")
    assert position.reports_to_id == personas.supervisor_position.pk
    assert position.history.count() == 1

    updated = client.patch(
        f"{POSITIONS}{position.pk}/", {"posts": 4, "class_grade": 9}, format="json"
    )
    assert updated.status_code == 200
    position.refresh_from_db()
    assert (position.posts, position.class_grade) == (4, 9)


def test_position_errors_are_structured(personas, api):
    client = api(personas.admin)
    head = personas.head_position_a
    # Making the head report to a position below it would create a loop.
    loop = client.patch(
        f"{POSITIONS}{head.pk}/", {"reports_to": personas.staff_position.pk}, format="json"
    )
    assert loop.status_code == 400
    assert "melingkar" in loop.json()["errors"]["reports_to"][0]
    head.refresh_from_db()
    assert head.reports_to_id is None

    duplicate = client.post(
        POSITIONS,
        {"code": "DINKES-KADIS", "name": "X", "kind": "pelaksana", "org_unit": personas.unit_a.pk},
        format="json",
    )
    assert duplicate.status_code == 400
    assert "code" in duplicate.json()["errors"]

    grade = client.patch(f"{POSITIONS}{head.pk}/", {"class_grade": 40}, format="json")
    assert grade.status_code == 400
    assert "class_grade" in grade.json()["errors"]


def test_unknown_unit_is_404(personas, api):
    response = api(personas.admin).get(f"{UNITS}999999/")
    assert response.status_code == 404
    assert "detail" in response.json()
