"""The employee pages: list, detail, create/edit, history records, change history, audit log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from abdi.core.models import EducationLevel, Rank
from abdi.employees.models import (
    ActingAssignment,
    AnnualPredikat,
    Award,
    CorrectionRequest,
    DisciplineRecord,
    EducationHistory,
    Employee,
    RankHistory,
)
from abdi.employees.rules import build_pns_nip
from abdi.testing import make_employee

pytestmark = pytest.mark.django_db


def detail_url(employee, **query):
    url = reverse("employees:detail", args=[employee.nip])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def new_employee_post(personas, **overrides):
    birth, tmt = dt.date(1990, 6, 15), dt.date(2015, 2, 1)
    data = {
        "nip": build_pns_nip(birth, tmt, "m", 77),
        "status": "pns",
        "front_title": "",
        "name": "Joko Baru",
        "back_title": "S.Kom.",
        "birth_place": "Muara Bungo",
        "birth_date": birth.isoformat(),
        "sex": "m",
        "nik": "1571011506900002",
        "address": "Jl. Baru 2",
        "phone": "08123456789",
        "email": "",
        "tmt_cpns": tmt.isoformat(),
        "tmt_pns": "2016-02-01",
        "appointment_date": "",
        "org_unit": str(personas.subunit_a.pk),
        "position": str(personas.staff_position.pk),
        "position_effective_from": "2020-01-02",
        "rank": str(Rank.objects.get(code="III/a").pk),
        "rank_effective_from": "2019-04-01",
        "education_level": str(EducationLevel.objects.get(code="S1").pk),
        "last_kgb_date": "",
    }
    data.update(overrides)
    return data


# --- List -----------------------------------------------------------------------------------


def test_list_search_by_name_and_nip(personas, login):
    client = login(personas.admin)
    response = client.get(reverse("employees:list"), {"q": "budi"})
    names = [e.name for e in response.context["employees"]]
    assert names == ["Budi Pegawai"]
    response = client.get(reverse("employees:list"), {"q": personas.outsider.nip[:14]})
    assert personas.outsider in response.context["employees"]
    assert personas.employee not in response.context["employees"]


def test_list_filters_unit_subtree_and_status(personas, login):
    client = login(personas.admin)
    response = client.get(reverse("employees:list"), {"unit": personas.unit_a.pk})
    assert {e.name for e in response.context["employees"]} == {
        "Andi Kepala",
        "Siti Atasan",
        "Budi Pegawai",
        "Rina Rekan",
    }
    assert "4</strong> pegawai" in response.content.decode()
    response = client.get(reverse("employees:list"), {"status": "pppk"})
    assert list(response.context["employees"]) == []
    assert "Tidak ada pegawai yang cocok" in response.content.decode()


def test_list_operator_sees_only_own_unit(personas, login):
    response = login(personas.operator).get(reverse("employees:list"))
    shown = set(response.context["employees"])
    assert personas.employee in shown
    assert personas.outsider not in shown and personas.head_b not in shown


def test_list_paginates_and_htmx_returns_the_table_only(personas, login, settings):
    settings.ABDI_LIST_PAGE_SIZE = 4
    client = login(personas.admin)
    first = client.get(reverse("employees:list"))
    second = client.get(reverse("employees:list"), {"page": 2})
    assert first.context["page_obj"].paginator.count == 6
    assert len(first.context["employees"]) == 4 and len(second.context["employees"]) == 2
    assert not set(first.context["employees"]) & set(second.context["employees"])
    partial = client.get(reverse("employees:list"), {"q": "rina"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "<html" not in body and "Rina Rekan" in body and "Budi Pegawai" not in body


def test_list_shows_add_button_only_to_managers(personas, login):
    add = reverse("employees:create")
    assert add in login(personas.operator).get(reverse("employees:list")).content.decode()
    assert add not in login(personas.leader).get(reverse("employees:list")).content.decode()


def test_list_query_count_does_not_grow_with_page_size(
    personas, login, settings, django_assert_max_num_queries
):
    for i in range(30):
        make_employee(
            name=f"Pegawai Tambahan {i:02d}",
            unit=personas.subunit_a,
            position=personas.staff_position,
        )
    client = login(personas.operator)
    counts = []
    for size in (5, 30):
        settings.ABDI_LIST_PAGE_SIZE = size
        with django_assert_max_num_queries(14) as ctx:
            response = client.get(reverse("employees:list"), {"q": "Pegawai"})
        assert len(response.context["employees"]) == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


# --- Detail ---------------------------------------------------------------------------------


def test_detail_is_404_outside_scope(personas, login):
    assert login(personas.outsider.user).get(detail_url(personas.employee)).status_code == 404
    assert login(personas.operator).get(detail_url(personas.outsider)).status_code == 404


def test_detail_shows_derived_facts(personas, login):
    response = login(personas.employee.user).get(detail_url(personas.employee))
    body = response.content.decode()
    facts = response.context["facts"]
    assert facts.supervisor == personas.supervisor
    assert "Siti Atasan" in body
    assert facts.retirement_date == dt.date(2043, 4, 1)  # born March 1985, BUP 58
    assert "1 Apr 2043" in body or "1 Apr 2043" in body.replace("\xa0", " ")


@pytest.mark.parametrize("role", ["operator", "supervisor", "auditor", "leader"])
def test_personal_data_hidden_from_others(personas, login, role):
    body = login(personas.user(role)).get(detail_url(personas.employee)).content.decode()
    assert personas.employee.nik not in body
    assert "Jl. Sudirman 1" not in body
    assert "disembunyikan" in body


@pytest.mark.parametrize("role", ["admin", "employee"])
def test_personal_data_shown_to_admin_and_self(personas, login, role):
    body = login(personas.user(role)).get(detail_url(personas.employee)).content.decode()
    assert personas.employee.nik in body
    assert "Jl. Sudirman 1" in body


def test_detail_tabs_load_as_partials_and_as_pages(personas, login):
    client = login(personas.operator)
    partial = client.get(detail_url(personas.employee, tab="rank"), HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "<html" not in body and "III/a" in body and 'id="employee-tabs"' in body
    page = client.get(detail_url(personas.employee, tab="position")).content.decode()
    assert "<html" in page and "Pengelola Layanan Kesehatan" in page
    assert reverse("employees:record_create", args=[personas.employee.nip, "rank"]) in body


def test_detail_buttons_by_permission(personas, login):
    edit = reverse("employees:edit", args=[personas.employee.nip])
    history = reverse("employees:history", args=[personas.employee.nip])
    operator_page = login(personas.operator).get(detail_url(personas.employee)).content.decode()
    assert edit in operator_page and history in operator_page
    own_page = login(personas.employee.user).get(detail_url(personas.employee)).content.decode()
    assert edit not in own_page and history not in own_page
    auditor_page = login(personas.auditor).get(detail_url(personas.employee)).content.decode()
    assert edit not in auditor_page and history in auditor_page


def test_my_profile_redirects_or_explains(personas, login):
    response = login(personas.employee.user).get(reverse("employees:me"))
    assert response.status_code == 302 and response.url == detail_url(personas.employee)
    response = login(personas.nobody).get(reverse("employees:me"))
    assert response.status_code == 200
    assert "belum terhubung dengan data pegawai" in response.content.decode()


# --- Create and edit ------------------------------------------------------------------------


def test_create_employee(personas, login):
    response = login(personas.operator).post(
        reverse("employees:create"), new_employee_post(personas)
    )
    employee = Employee.objects.get(name="Joko Baru")
    assert response.status_code == 302 and response.url == detail_url(employee)
    assert employee.nik == "1571011506900002"
    assert employee.rank_history.count() == 1 and employee.position_history.count() == 1


def test_create_with_bad_nip_shows_message_and_writes_nothing(personas, login):
    before = Employee.objects.count()
    response = login(personas.admin).post(
        reverse("employees:create"), new_employee_post(personas, nip="19900615")
    )
    assert response.status_code == 200
    assert "NIP harus 18 digit, bukan 8." in response.content.decode()
    assert Employee.objects.count() == before


def test_create_with_sex_contradicting_nip(personas, login):
    response = login(personas.admin).post(
        reverse("employees:create"), new_employee_post(personas, sex="f")
    )
    assert "Jenis kelamin tidak cocok dengan digit ke-15 NIP." in response.content.decode()
    assert response.context["form"].errors["sex"]
    assert not Employee.objects.filter(name="Joko Baru").exists()


def test_create_with_duplicate_nip(personas, login):
    data = new_employee_post(personas, nip=personas.employee.nip, birth_date="1985-03-14")
    data["tmt_cpns"] = "2010-01-01"
    response = login(personas.admin).post(reverse("employees:create"), data)
    assert f"NIP {personas.employee.nip} sudah terdaftar." in response.content.decode()
    assert Employee.objects.filter(nip=personas.employee.nip).count() == 1


def test_warning_needs_confirmation(personas, login):
    client = login(personas.admin)
    data = new_employee_post(
        personas,
        rank=str(Rank.objects.get(code="III/c").pk),
        education_level=str(EducationLevel.objects.get(code="SLTA").pk),
    )
    response = client.post(reverse("employees:create"), data)
    body = response.content.decode()
    assert "di atas batas golongan untuk pendidikan" in body
    assert "Saya sudah memeriksa dan tetap ingin menyimpan" in body
    assert not Employee.objects.filter(name="Joko Baru").exists()
    response = client.post(reverse("employees:create"), {**data, "confirm_warnings": "on"})
    assert response.status_code == 302
    assert Employee.objects.get(name="Joko Baru").rank.code == "III/c"


def test_operator_cannot_create_in_another_unit(personas, login):
    data = new_employee_post(personas, org_unit=str(personas.unit_b.pk), position="")
    response = login(personas.operator).post(reverse("employees:create"), data)
    assert response.status_code == 200 and response.context["form"].errors["org_unit"]
    assert not Employee.objects.filter(name="Joko Baru").exists()


def test_create_forbidden_without_role(personas, login):
    assert login(personas.employee.user).get(reverse("employees:create")).status_code == 403


def test_edit_out_of_scope_is_404_and_read_only_is_403(personas, login):
    url = reverse("employees:edit", args=[personas.outsider.nip])
    assert login(personas.operator).get(url).status_code == 404
    assert login(personas.operator).post(url, {"name": "x"}).status_code == 404
    own = reverse("employees:edit", args=[personas.employee.nip])
    assert login(personas.leader).get(own).status_code == 403
    assert login(personas.employee.user).get(own).status_code == 403


def _edit_post(employee, **overrides):
    data = {
        "nip": employee.nip,
        "status": employee.status,
        "front_title": employee.front_title,
        "name": employee.name,
        "back_title": employee.back_title,
        "birth_place": employee.birth_place,
        "birth_date": employee.birth_date.isoformat(),
        "sex": employee.sex,
        "nik": "",
        "address": "",
        "phone": "",
        "email": "",
        "tmt_cpns": employee.tmt_cpns.isoformat(),
        "tmt_pns": employee.tmt_pns.isoformat(),
        "appointment_date": "",
        "org_unit": str(employee.org_unit_id),
        "position": str(employee.position_id),
        "position_effective_from": employee.position_effective_from.isoformat(),
        "rank": str(employee.rank_id),
        "rank_effective_from": employee.rank_effective_from.isoformat(),
        "education_level": str(employee.education_level_id),
        "last_kgb_date": "",
        "reason": "",
    }
    data.update(overrides)
    return data


def test_operator_edit_keeps_hidden_personal_data_and_never_shows_it(personas, login):
    employee = personas.employee
    client = login(personas.operator)
    page = client.get(reverse("employees:edit", args=[employee.nip])).content.decode()
    assert employee.nik not in page and "Jl. Sudirman 1" not in page
    response = client.post(
        reverse("employees:edit", args=[employee.nip]),
        _edit_post(employee, name="Budi Pegawai Baru", reason="Salah ketik nama"),
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.name == "Budi Pegawai Baru"
    assert employee.nik == "1571010101850001" and employee.address == "Jl. Sudirman 1"
    assert employee.history.first().history_change_reason == "Salah ketik nama"
    client.post(
        reverse("employees:edit", args=[employee.nip]),
        _edit_post(employee, nik="1571010101850009"),
    )
    employee.refresh_from_db()
    assert employee.nik == "1571010101850009"


def test_edit_position_select_reloads_for_unit(personas, login):
    response = login(personas.admin).get(
        reverse("employees:create"),
        {"org_unit": personas.unit_b.pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="position-field",  # the unit picker asks for the position field
    )
    body = response.content.decode()
    assert "<html" not in body and 'id="position-field"' in body
    assert "Pengadministrasi Umum" in body and "Pengelola Layanan Kesehatan" not in body


# --- History records ------------------------------------------------------------------------

RECORDS = {
    "rank": (
        RankHistory,
        lambda p: {
            "rank": Rank.objects.get(code="III/b").pk,
            "effective_from": "2024-04-01",
            "decree_number": "SK-1",
        },
        "effective_from",
    ),
    "education": (
        EducationHistory,
        lambda p: {
            "level": EducationLevel.objects.get(code="S2").pk,
            "institution": "Universitas Jambi",
            "major": "Kesehatan Masyarakat",
            "graduation_year": 2022,
        },
        "graduation_year",
    ),
    "acting": (
        ActingAssignment,
        lambda p: {
            "position": p.head_position_b.pk,
            "kind": "plh",
            "start_date": "2025-01-06",
            "end_date": "2025-01-10",
        },
        "start_date",
    ),
    "discipline": (
        DisciplineRecord,
        lambda p: {
            "severity": "light",
            "sanction": "Teguran lisan",
            "decided_on": "2024-02-01",
            "effective_from": "2024-02-01",
            "effective_until": "2024-08-01",
        },
        "effective_from",
    ),
    "award": (
        Award,
        lambda p: {"name": "Satyalancana Karya Satya X", "awarded_on": "2021-08-17"},
        "awarded_on",
    ),
    "predikat": (AnnualPredikat, lambda p: {"year": 2023, "predikat": "baik"}, "year"),
}


@pytest.mark.parametrize("kind", sorted(RECORDS))
def test_record_create_each_kind(personas, login, kind):
    model, make_data, _date_field = RECORDS[kind]
    url = reverse("employees:record_create", args=[personas.employee.nip, kind])
    client = login(personas.operator)
    assert client.get(url).status_code == 200
    response = client.post(url, make_data(personas))
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == detail_url(personas.employee, tab=kind)
    assert model.objects.filter(employee=personas.employee).exists()


@pytest.mark.parametrize("kind", sorted(RECORDS))
def test_record_create_refuses_date_before_birth(personas, login, kind):
    model, make_data, date_field = RECORDS[kind]
    before = model.objects.filter(employee=personas.employee).count()
    bad = "1970" if date_field in ("graduation_year", "year") else "1980-01-01"
    response = login(personas.operator).post(
        reverse("employees:record_create", args=[personas.employee.nip, kind]),
        {**make_data(personas), date_field: bad},
    )
    assert response.status_code == 200
    assert "sebelum tanggal lahir" in response.content.decode() or "sebelum tahun lahir" in (
        response.content.decode()
    )
    assert model.objects.filter(employee=personas.employee).count() == before


def test_rank_record_becomes_current_only_when_newest(personas, login):
    employee, client = personas.employee, login(personas.operator)
    url = reverse("employees:record_create", args=[employee.nip, "rank"])
    client.post(url, {"rank": Rank.objects.get(code="II/d").pk, "effective_from": "2016-04-01"})
    employee.refresh_from_db()
    assert employee.rank.code == "III/a"
    client.post(url, {"rank": Rank.objects.get(code="III/b").pk, "effective_from": "2024-04-01"})
    employee.refresh_from_db()
    assert employee.rank.code == "III/b" and employee.rank_effective_from == dt.date(2024, 4, 1)


def test_education_record_updates_level_when_highest(personas, login):
    employee, client = personas.employee, login(personas.operator)
    url = reverse("employees:record_create", args=[employee.nip, "education"])
    client.post(
        url,
        {
            "level": EducationLevel.objects.get(code="SLTA").pk,
            "institution": "SMA 1",
            "graduation_year": 2003,
        },
    )
    employee.refresh_from_db()
    assert employee.education_level.code == "S1"
    client.post(
        url,
        {
            "level": EducationLevel.objects.get(code="S2").pk,
            "institution": "UNJA",
            "graduation_year": 2022,
        },
    )
    employee.refresh_from_db()
    assert employee.education_level.code == "S2"


def test_record_end_before_start_refused(personas, login):
    response = login(personas.operator).post(
        reverse("employees:record_create", args=[personas.employee.nip, "discipline"]),
        {**RECORDS["discipline"][1](personas), "effective_until": "2023-01-01"},
    )
    assert "Tanggal akhir tidak boleh sebelum tanggal mulai." in response.content.decode()
    assert not DisciplineRecord.objects.exists()


def test_record_create_unknown_kind_and_scope(personas, login):
    client = login(personas.operator)
    assert (
        client.get(
            reverse("employees:record_create", args=[personas.employee.nip, "salary"])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("employees:record_create", args=[personas.outsider.nip, "award"])
        ).status_code
        == 404
    )
    assert (
        login(personas.auditor)
        .get(reverse("employees:record_create", args=[personas.employee.nip, "award"]))
        .status_code
        == 403
    )


# --- Change history and audit log ------------------------------------------------------------


def test_history_page_shows_who_changed_what(personas, login):
    employee = personas.employee
    login(personas.operator).post(
        reverse("employees:edit", args=[employee.nip]),
        _edit_post(employee, name="Budi Santoso", reason="Sesuai akta"),
    )
    response = login(personas.auditor).get(reverse("employees:history", args=[employee.nip]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Operator Dinkes" in body  # who
    assert "Budi Pegawai" in body and "Budi Santoso" in body  # old → new
    assert "Nama" in body and "Sesuai akta" in body
    changes = [c for e in response.context["entries"] for c in e.changes if c.label == "nama"]
    assert changes and changes[0].old == "Budi Pegawai" and changes[0].new == "Budi Santoso"


def test_history_masks_personal_data_for_auditor(personas, login):
    employee = personas.employee
    login(personas.admin).post(
        reverse("employees:edit", args=[employee.nip]),
        _edit_post(
            employee, nik="1571010101850009", address="Jl. Sudirman 1", phone="081234567890"
        ),
    )
    body = (
        login(personas.auditor)
        .get(reverse("employees:history", args=[employee.nip]))
        .content.decode()
    )
    assert "1571010101850009" not in body and "disembunyikan" in body


def test_history_access(personas, login):
    url = reverse("employees:history", args=[personas.employee.nip])
    assert login(personas.employee.user).get(url).status_code == 403
    assert login(personas.supervisor.user).get(url).status_code == 403
    assert login(personas.outsider.user).get(url).status_code == 404
    assert login(personas.operator).get(url).status_code == 200


def test_audit_log_access(personas, login):
    url = reverse("employees:audit")
    assert login(personas.employee.user).get(url).status_code == 403
    assert login(personas.operator).get(url).status_code == 403
    assert login(personas.admin).get(url).status_code == 200


def test_audit_log_lists_and_filters(personas, login, django_assert_max_num_queries):
    login(personas.operator).post(
        reverse("employees:record_create", args=[personas.employee.nip, "award"]),
        RECORDS["award"][1](personas),
    )
    client = login(personas.auditor)
    response = client.get(reverse("employees:audit"), {"model": "award"})
    body = response.content.decode()
    assert "Satyalancana Karya Satya X" in body and "Operator Dinkes" in body
    assert "Budi Pegawai" in body  # the employee the record belongs to
    response = client.get(reverse("employees:audit"), {"model": "award", "user": "auditor"})
    assert response.context["page_obj"].paginator.count == 0
    with django_assert_max_num_queries(15):
        response = client.get(reverse("employees:audit"))
    assert response.context["page_obj"].paginator.count >= 6  # the personas' employees


# --- Home -----------------------------------------------------------------------------------


def test_home_summary_by_role(personas, login):
    body = login(personas.supervisor.user).get(reverse("home")).content.decode()
    assert "Selamat datang, Siti Atasan" in body and 'id="team-size"' in body
    assert "Pensiun (BUP)" in body
    # Issue 13: pending corrections are a "Menunggu tindakan Anda" row when there are some.
    CorrectionRequest.objects.create(
        employee=personas.employee,
        field_name="phone",
        requested_value="0812",
        reason="Nomor baru",
        submitted_by=personas.employee.user,
    )
    body = login(personas.operator).get(reverse("home")).content.decode()
    assert 'data-work="corrections"' in body and 'id="team-size"' not in body
    body = login(personas.employee.user).get(reverse("home")).content.decode()
    assert 'data-work="corrections"' not in body and 'id="team-size"' not in body


def test_nip_errors_shown_even_when_another_field_is_missing(personas, login):
    data = new_employee_post(personas, nip="1990061520151310077", org_unit="")
    response = login(personas.admin).post(reverse("employees:create"), data)
    form = response.context["form"]
    assert form.errors["org_unit"] and form.errors["nip"] == ["NIP harus 18 digit, bukan 19."]
    data = new_employee_post(personas, nip="199006152015131077")
    response = login(personas.admin).post(reverse("employees:create"), data)
    assert len(response.context["form"].errors["nip"]) == 1  # not repeated by the service
    assert "bukan bulan TMT CPNS yang sah" in response.content.decode()
