"""Employees over the API: scope (404), permission (403), the shared FilterSet, bounded queries,
derived facts, personal data, and writes through the services with structured errors."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from abdi.employees import rules
from abdi.employees.filtersets import EmployeeFilterSet
from abdi.employees.models import AnnualPredikat, Employee
from abdi.employees.selectors import employee_list
from abdi.testing import make_employee

pytestmark = pytest.mark.django_db

LIST = "/api/v1/employees/"


def detail_url(employee_or_nip):
    nip = getattr(employee_or_nip, "nip", employee_or_nip)
    return f"{LIST}{nip}/"


def nips(response):
    assert response.status_code == 200, response.content
    return {row["nip"] for row in response.json()["results"]}


def new_employee_payload(personas, **overrides):
    birth, tmt = dt.date(1991, 5, 10), dt.date(2016, 3, 1)
    payload = {
        "nip": rules.build_pns_nip(birth, tmt, "m", 501),
        "name": "Joko Baru",
        "front_title": "",
        "back_title": "S.Kom.",
        "birth_place": "Muara Bulian",
        "birth_date": birth.isoformat(),
        "sex": "m",
        "status": "pns",
        "org_unit": personas.subunit_a.pk,
        "tmt_cpns": tmt.isoformat(),
        "tmt_pns": "2017-03-01",
        "rank": "III/a",
        "rank_effective_from": "2020-04-01",
        "education_level": "S1",
    }
    payload.update(overrides)
    return payload


# --- Scope: 404 outside, 403 for what one may see but not change ------------------------------


def test_list_is_scoped(personas, api):
    everyone = {
        personas.head_a.nip,
        personas.supervisor.nip,
        personas.employee.nip,
        personas.colleague.nip,
        personas.head_b.nip,
        personas.outsider.nip,
    }
    assert nips(api(personas.admin).get(LIST)) == everyone
    assert nips(api(personas.auditor).get(LIST)) == everyone
    unit_a = everyone - {personas.head_b.nip, personas.outsider.nip}
    assert nips(api(personas.operator).get(LIST)) == unit_a
    assert nips(api(personas.supervisor.user).get(LIST)) == {
        personas.supervisor.nip,
        personas.employee.nip,
        personas.colleague.nip,
    }
    assert nips(api(personas.employee.user).get(LIST)) == {personas.employee.nip}
    assert nips(api(personas.nobody).get(LIST)) == set()


@pytest.mark.parametrize("method", ["get", "put", "patch"])
def test_out_of_scope_employee_is_404(personas, api, method):
    client = api(personas.operator)
    response = getattr(client, method)(
        detail_url(personas.outsider), {"name": "Diubah"}, format="json"
    )
    assert response.status_code == 404
    assert personas.outsider.name not in response.content.decode()
    personas.outsider.refresh_from_db()
    assert personas.outsider.name == "Lia Luar"


def test_unknown_nip_is_404_like_out_of_scope(personas, api):
    assert api(personas.admin).get(detail_url("199001012015031999")).status_code == 404


def test_out_of_scope_employee_is_404_on_pages_too(personas, login):
    client = login(personas.operator)
    page = client.get(f"/employees/{personas.employee.nip}/")
    if page.status_code == 501:  # pragma: no cover - the page is built by another change
        pytest.skip("employee page not built yet")
    assert page.status_code == 200
    assert client.get(f"/employees/{personas.outsider.nip}/").status_code == 404
    assert client.get(f"/employees/{personas.outsider.nip}/edit/").status_code == 404


@pytest.mark.parametrize("role", ["supervisor", "leader", "auditor", "employee"])
def test_visible_but_not_editable_is_403(personas, api, role):
    client = api(personas.user(role))
    target = personas.employee
    assert client.get(detail_url(target)).status_code == 200
    for method in ("put", "patch"):
        response = getattr(client, method)(detail_url(target), {"name": "Diubah"}, format="json")
        assert response.status_code == 403, (role, method)
    target.refresh_from_db()
    assert target.name == "Budi Pegawai"


@pytest.mark.parametrize("role", ["employee", "supervisor", "leader", "auditor", "nobody"])
def test_only_admin_and_operator_create(personas, api, role):
    count = Employee.objects.count()
    response = api(personas.user(role)).post(LIST, new_employee_payload(personas), format="json")
    assert response.status_code == 403
    assert Employee.objects.count() == count


# --- Writes --------------------------------------------------------------------------------


def test_operator_creates_in_own_unit(personas, api):
    payload = new_employee_payload(
        personas, position=personas.staff_position.pk, position_effective_from="2022-01-03"
    )
    response = api(personas.operator).post(LIST, payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["nip"] == payload["nip"]
    assert body["org_unit"] == {"id": personas.subunit_a.pk, "name": "Bidang Pelayanan Kesehatan"}
    assert body["supervisor"]["nip"] == personas.supervisor.nip
    employee = Employee.objects.get(nip=payload["nip"])
    assert employee.kind == "pns"
    assert employee.rank.code == "III/a"
    assert employee.rank_history.count() == 1
    assert employee.position_history.get().position == personas.staff_position
    assert employee.history.first().history_user == personas.operator


def test_operator_cannot_create_in_another_unit(personas, api):
    payload = new_employee_payload(personas, org_unit=personas.unit_b.pk)
    response = api(personas.operator).post(LIST, payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["org_unit"] == ["Unit kerja ini di luar wewenang Anda."]
    assert not Employee.objects.filter(nip=payload["nip"]).exists()


def test_operator_cannot_move_an_employee_out_of_scope(personas, api):
    response = api(personas.operator).patch(
        detail_url(personas.employee), {"org_unit": personas.unit_b.pk}, format="json"
    )
    assert response.status_code == 400
    assert "org_unit" in response.json()["errors"]
    personas.employee.refresh_from_db()
    assert personas.employee.org_unit_id == personas.subunit_a.pk


@pytest.mark.parametrize(
    ("nip", "fragment"),
    [
        ("19910510201603A501", "angka"),
        ("1991051020160315", "18 digit"),
        ("199113402016031501", "tanggal lahir"),
        ("199105102016033501", "Digit ke-15"),
    ],
)
def test_bad_nip_is_400_with_errors_nip(personas, api, nip, fragment):
    count = Employee.objects.count()
    payload = new_employee_payload(personas, nip=nip)
    response = api(personas.admin).post(LIST, payload, format="json")
    assert response.status_code == 400
    messages = response.json()["errors"]["nip"]
    assert any(fragment in m for m in messages), messages
    assert Employee.objects.count() == count


def test_duplicate_nip_is_400(personas, api):
    payload = new_employee_payload(personas)
    api(personas.admin).post(LIST, payload, format="json")
    again = api(personas.admin).post(LIST, {**payload, "name": "Kembar"}, format="json")
    assert again.status_code == 400
    assert "sudah terdaftar" in again.json()["errors"]["nip"][0]
    assert Employee.objects.filter(nip=payload["nip"]).count() == 1


def test_sex_contradicting_nip_is_errors_sex(personas, api):
    payload = new_employee_payload(personas, sex="f")
    response = api(personas.operator).post(LIST, payload, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["sex"] == ["Jenis kelamin tidak cocok dengan digit ke-15 NIP."]
    assert "nip" not in errors
    assert not Employee.objects.filter(nip=payload["nip"]).exists()


def test_shape_errors_are_field_errors(personas, api):
    response = api(personas.admin).post(
        LIST, {"nip": "", "birth_date": "kemarin", "sex": "x", "org_unit": 999999}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"nip", "name", "birth_date", "sex", "status", "org_unit"} <= set(errors)


def test_tmt_before_birth_and_bad_nik(personas, api):
    payload = new_employee_payload(personas, rank_effective_from="1980-01-01", nik="123")
    response = api(personas.admin).post(LIST, payload, format="json")
    assert response.status_code == 400
    assert "rank_effective_from" in response.json()["errors"]
    payload = new_employee_payload(personas, nik="123")
    response = api(personas.admin).post(LIST, payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["nik"] == ["NIK harus 16 digit angka."]
    assert not Employee.objects.filter(nip=payload["nip"]).exists()


def test_confirm_warnings_flow(personas, api):
    client = api(personas.operator)
    # The staff position has 3 posts: two are held; fill the third, then a fourth is a warning.
    make_employee(
        name="Pengisi Formasi",
        unit=personas.subunit_a,
        position=personas.staff_position,
        birth_date=dt.date(1988, 1, 2),
    )
    payload = new_employee_payload(
        personas, position=personas.staff_position.pk, position_effective_from="2022-01-03"
    )
    first = client.post(LIST, payload, format="json")
    assert first.status_code == 400
    body = first.json()
    assert body["confirmation_required"] is True
    assert any("sudah penuh" in w for w in body["warnings"])
    assert not Employee.objects.filter(nip=payload["nip"]).exists()

    confirmed = client.post(LIST, {**payload, "confirm_warnings": True}, format="json")
    assert confirmed.status_code == 201, confirmed.content
    assert Employee.objects.get(nip=payload["nip"]).position == personas.staff_position


def test_confirm_warnings_as_query_parameter(personas, api):
    # SLTA tops out at III/b: a rank above the education ceiling is a warning.
    payload = new_employee_payload(personas, education_level="SLTA", rank="III/c")
    client = api(personas.admin)
    warned = client.post(LIST, payload, format="json")
    assert warned.status_code == 400
    assert warned.json()["confirmation_required"] is True
    assert any("batas golongan" in w for w in warned.json()["warnings"])
    confirmed = client.post(f"{LIST}?confirm_warnings=true", payload, format="json")
    assert confirmed.status_code == 201, confirmed.content


def test_patch_changes_only_what_is_sent_and_keeps_history(personas, api):
    employee = personas.employee
    response = api(personas.operator).patch(
        detail_url(employee),
        {"back_title": "S.E.", "phone": "0812 3456 7899", "reason": "SK perubahan gelar"},
        format="json",
    )
    assert response.status_code == 200, response.content
    employee.refresh_from_db()
    assert employee.back_title == "S.E."
    assert employee.phone == "0812 3456 7899"
    assert employee.nik == "1571010101850001"  # untouched although the operator cannot see it
    assert employee.name == "Budi Pegawai"
    assert employee.history.first().history_change_reason == "SK perubahan gelar"
    assert "phone" not in response.json()  # the operator does not see personal data


def test_put_requires_the_core_fields(personas, api):
    response = api(personas.admin).put(detail_url(personas.employee), {"name": "X"}, format="json")
    assert response.status_code == 400
    assert {"nip", "birth_date", "sex", "status", "org_unit"} <= set(response.json()["errors"])


def test_put_by_admin(personas, api):
    employee = personas.employee
    payload = {
        "nip": employee.nip,
        "name": "Budi Santoso",
        "birth_date": "1985-03-14",
        "sex": "m",
        "status": "pns",
        "org_unit": personas.subunit_a.pk,
        "tmt_cpns": "2010-01-01",
    }
    response = api(personas.admin).put(detail_url(employee), payload, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Budi Santoso"
    assert response.json()["nik"] == "1571010101850001"


def test_put_with_sex_against_nip_writes_nothing(personas, api):
    employee = personas.employee
    response = api(personas.admin).patch(
        detail_url(employee), {"sex": "f", "name": "Ganti"}, format="json"
    )
    assert response.status_code == 400
    assert "sex" in response.json()["errors"]
    employee.refresh_from_db()
    assert (employee.sex, employee.name) == ("m", "Budi Pegawai")


# --- The detail's derived facts and personal data ------------------------------------------


def test_detail_derived_facts(personas, api):
    employee = personas.employee  # born 14-03-1985, CPNS 01-01-2010, III/a since 01-04-2020
    today = timezone.localdate()
    body = api(personas.admin).get(detail_url(employee)).json()

    # By hand: Pelaksana, BUP 58; 58th birthday in March 2043, retires 1 April 2043.
    assert body["retirement_age"] == 58
    assert body["retirement_date"] == "2043-04-01"

    age = today.year - 1985 - ((today.month, today.day) < (3, 14))
    assert body["age"] == age
    months = (today.year - 2010) * 12 + today.month - 1
    assert body["years_of_service"] == {
        "years": months // 12,
        "months": months % 12,
        "decimal": round(months // 12 + (months % 12) / 12, 2),
    }
    kgb = dt.date(2010, 1, 1)
    while kgb <= today:
        kgb = kgb.replace(year=kgb.year + 2)
    assert body["next_kgb_date"] == kgb.isoformat()

    # Four years in III/a from 01-04-2020: due at the April 2024 promotion period.
    assert body["rank_promotion_due"] == "2024-04-01"
    assert body["rank_promotion_blockers"]
    assert all("Predikat kinerja tahun" in r for r in body["rank_promotion_blockers"])
    assert body["supervisor"] == {"nip": personas.supervisor.nip, "name": "Siti Atasan"}
    assert body["rank"] == {"code": "III/a", "title": "Penata Muda"}
    assert body["position"]["id"] == personas.staff_position.pk


def test_promotion_blockers_clear_with_good_predikats(personas, api):
    employee = personas.employee
    last = max(timezone.localdate().year, 2024) - 1
    for year in (last - 1, last):
        AnnualPredikat.objects.create(employee=employee, year=year, predikat="baik")
    body = api(personas.admin).get(detail_url(employee)).json()
    assert body["rank_promotion_due"] == "2024-04-01"
    assert body["rank_promotion_blockers"] == []


def test_head_of_agency_has_no_supervisor(personas, api):
    body = api(personas.admin).get(detail_url(personas.head_a)).json()
    assert body["supervisor"] is None
    assert body["retirement_age"] == 60  # JPT Pratama


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("admin", True),
        ("employee", True),
        ("superuser", True),
        ("supervisor", False),
        ("operator", False),
        ("auditor", False),
        ("leader", False),
    ],
)
def test_personal_data_only_for_self_and_admin(personas, api, role, sees):
    body = api(personas.user(role)).get(detail_url(personas.employee)).json()
    personal = {"nik", "address", "phone", "email"}
    if sees:
        assert personal <= set(body)
        assert body["nik"] == "1571010101850001"
    else:
        assert not personal & set(body)
        assert "1571010101850001" not in str(body)
    assert body["name"] == "Budi Pegawai"


def test_list_rows_carry_no_personal_data(personas, api):
    rows = api(personas.admin).get(LIST).json()["results"]
    assert rows
    assert not {"nik", "address", "phone"} & set(rows[0])
    budi = next(r for r in rows if r["nip"] == personas.employee.nip)
    assert budi["retirement_date"] == "2043-04-01"
    assert budi["org_unit"]["name"] == "Bidang Pelayanan Kesehatan"


# --- The list: the page's filters, bounded queries ------------------------------------------


FILTER_CASES = [
    {},
    {"q": "budi"},
    {"q": "19850314"},
    {"q": "Rina"},
    {"unit": "{unit_a}"},
    {"unit": "{subunit_a}"},
    {"unit": "{unit_b}"},
    {"rank": "IV/b"},
    {"position_kind": "jpt_pratama"},
    {"position_kind": "pelaksana", "unit": "{unit_a}"},
    {"status": "pns"},
    {"status": "pppk"},
    {"retiring_within_months": "60"},
    {"retiring_within_months": "240"},
    {"active": "true"},
    {"active": "false"},
]


def _params(personas, case):
    ids = {
        "unit_a": personas.unit_a.pk,
        "subunit_a": personas.subunit_a.pk,
        "unit_b": personas.unit_b.pk,
    }
    return {k: v.format(**ids) for k, v in case.items()}


@pytest.mark.parametrize("role", ["admin", "operator", "supervisor"])
@pytest.mark.parametrize("case", FILTER_CASES)
def test_list_filters_equal_the_page_filterset(personas, api, role, case):
    user = personas.user(role)
    params = _params(personas, case)
    expected = {
        e.nip for e in EmployeeFilterSet(params or None, queryset=employee_list(user=user)).qs
    }
    assert nips(api(user).get(LIST, params)) == expected


def test_filters_select_what_they_say(personas, api):
    client = api(personas.admin)
    assert nips(client.get(LIST, {"q": "budi"})) == {personas.employee.nip}
    assert nips(client.get(LIST, {"unit": personas.unit_b.pk})) == {
        personas.head_b.nip,
        personas.outsider.nip,
    }
    assert nips(client.get(LIST, {"rank": "IV/b"})) == {personas.head_a.nip, personas.head_b.nip}
    # Born 1969-01-09 with BUP 60: retires 01-02-2029, i.e. within 27 months of November 2026.
    soon = nips(client.get(LIST, {"retiring_within_months": "240"}))
    assert personas.head_b.nip in soon
    bad = client.get(LIST, {"status": "honorer"})
    assert bad.status_code == 400
    assert "status" in bad.json()["errors"]


def test_list_filters_equal_the_page(personas, api, login):
    page_client = login(personas.operator)
    for case in FILTER_CASES:
        params = _params(personas, case)
        page = page_client.get("/employees/", params)
        if page.status_code == 501:  # pragma: no cover - the page is built by another change
            pytest.skip("employee list page not built yet")
        on_page = {e.nip for e in page.context["page_obj"].object_list}
        assert nips(api(personas.operator).get(LIST, params)) == on_page, case


def test_list_is_paginated(personas, api, settings):
    for i in range(55):
        make_employee(
            name=f"Pegawai {i:02d}",
            unit=personas.unit_b,
            birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=i),
        )
    first = api(personas.admin).get(LIST).json()
    assert first["count"] == 61
    assert len(first["results"]) == 50
    assert first["next"].endswith("page=2")
    second = api(personas.admin).get(LIST, {"page": 2}).json()
    assert len(second["results"]) == 11
    assert not {r["nip"] for r in first["results"]} & {r["nip"] for r in second["results"]}


def _add_staff(personas, n, start):
    for i in range(start, start + n):
        make_employee(
            name=f"Staf {i:02d}",
            unit=personas.subunit_a,
            position=personas.staff_position,
            rank_code="II/c",
            birth_date=dt.date(1979, 1, 1) + dt.timedelta(days=i),
        )


@pytest.mark.parametrize("role", ["admin", "operator", "supervisor"])
@pytest.mark.parametrize("params", [{}, {"unit": "{unit_a}", "q": "staf"}, {"rank": "II/c"}])
def test_list_queries_do_not_grow_with_rows(
    personas, api, role, params, django_assert_max_num_queries
):
    client = api(personas.user(role))
    params = _params(personas, params)
    _add_staff(personas, 5, 0)
    with CaptureQueriesContext(connection) as few:
        five = client.get(LIST, params)
    _add_staff(personas, 25, 5)
    with CaptureQueriesContext(connection) as many:
        thirty = client.get(LIST, params)
    assert len(thirty.json()["results"]) >= len(five.json()["results"]) + 25
    assert len(many.captured_queries) == len(few.captured_queries)
    with django_assert_max_num_queries(15):
        client.get(LIST, params)


@pytest.mark.parametrize("target", ["employee", "head_a", "supervisor", "head_b"])
def test_outsider_gets_404_for_others_in_api_and_pages(personas, api, login, target):
    employee = getattr(personas, target)
    user = personas.outsider.user
    assert api(user).get(detail_url(employee)).status_code == 404
    assert api(user).patch(detail_url(employee), {"name": "X"}, format="json").status_code == 404
    page = login(user).get(f"/employees/{employee.nip}/")
    if page.status_code == 501:  # pragma: no cover - the page is built by another change
        pytest.skip("employee page not built yet")
    assert page.status_code == 404
    # ... while the own record is there in both.
    assert api(user).get(detail_url(personas.outsider)).status_code == 200
    assert login(user).get(f"/employees/{personas.outsider.nip}/").status_code == 200
