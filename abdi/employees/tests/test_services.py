"""Every rule and every error of the personnel and organisation services.

Bad input is a clear Indonesian message and nothing written; warnings need confirm_warnings=True.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from abdi.core.models import EducationLevel, Rank
from abdi.employees import services
from abdi.employees.choices import CorrectionStatus
from abdi.employees.models import (
    ActingAssignment,
    CorrectionRequest,
    Employee,
    PositionHistory,
    RankHistory,
)
from abdi.employees.rules import build_pns_nip, build_pppk_nip
from abdi.employees.services import ConfirmationRequired, EmployeeInput
from abdi.org import services as org_services
from abdi.org.models import OrgUnit, Position

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1990, 6, 15)
TMT = dt.date(2015, 3, 1)


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


def make_input(p, **overrides) -> EmployeeInput:
    data = EmployeeInput(
        nip=build_pns_nip(BIRTH, TMT, "m", 41),
        name="Agus Baru",
        birth_date=BIRTH,
        sex="m",
        status="pns",
        org_unit=p.subunit_a,
        birth_place="Jambi",
        tmt_cpns=TMT,
        tmt_pns=dt.date(2016, 3, 1),
        rank=Rank.objects.get(code="III/a"),
        rank_effective_from=dt.date(2020, 4, 1),
        position=p.staff_position,
        position_effective_from=dt.date(2021, 1, 4),
        education_level=EducationLevel.objects.get(code="S1"),
    )
    return replace(data, **overrides)


def errors_of(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


def create_refused(p, actor=None, **overrides) -> dict[str, list[str]]:
    before = Employee.objects.count()
    with pytest.raises(ValidationError) as exc_info:
        services.employee_create(actor=actor or p.admin, data=make_input(p, **overrides))
    assert Employee.objects.count() == before, "nothing may be written"
    return errors_of(exc_info)


# --- validation -------------------------------------------------------------------------------


def test_valid_input_has_no_errors_and_no_warnings(personas):
    assert services.validate_employee_input(make_input(personas)) == ({}, [])


def test_bad_nip(personas):
    errors = create_refused(personas, nip="12345")
    assert errors["nip"] == ["NIP harus 18 digit, bukan 5."]


def test_sex_must_agree_with_nip(personas):
    errors = create_refused(personas, sex="f")
    assert errors["sex"] == ["Jenis kelamin tidak cocok dengan digit ke-15 NIP."]


def test_birth_date_must_agree_with_nip(personas):
    errors = create_refused(personas, birth_date=dt.date(1990, 6, 16))
    assert errors["birth_date"] == [
        "Tanggal lahir tidak cocok dengan NIP (menurut NIP: 15-06-1990)."
    ]


def test_tmt_cpns_must_agree_with_nip(personas):
    errors = create_refused(personas, tmt_cpns=dt.date(2015, 4, 1))
    assert errors["tmt_cpns"] == ["TMT CPNS tidak cocok dengan NIP (menurut NIP: 03-2015)."]
    # a different day of the same month is fine
    assert (
        services.validate_employee_input(make_input(personas, tmt_cpns=dt.date(2015, 3, 9)))[0]
        == {}
    )


def test_dates_before_birth_are_refused(personas):
    errors = create_refused(personas, rank_effective_from=dt.date(1980, 1, 1))
    assert errors["rank_effective_from"] == ["Tanggal ini tidak boleh sebelum tanggal lahir."]
    errors = create_refused(personas, tmt_pns=dt.date(2014, 1, 1))
    assert errors["tmt_pns"] == ["TMT PNS tidak boleh sebelum TMT CPNS."]


def test_duplicate_nip(personas):
    errors = create_refused(personas, nip=personas.employee.nip, birth_date=dt.date(1985, 3, 14))
    assert f"NIP {personas.employee.nip} sudah terdaftar." in errors["nip"]


def test_pppk_with_a_pns_rank(personas):
    nip = build_pppk_nip(BIRTH, 2022, 1, "m", 7)
    errors = create_refused(
        personas, nip=nip, status="pppk", tmt_cpns=None, tmt_pns=None, appointment_date=None
    )
    assert errors["rank"] == ["Pegawai PPPK memakai golongan PPPK (I–XVII), bukan golongan PNS."]
    employee = services.employee_create(
        actor=personas.admin,
        data=make_input(
            personas,
            nip=nip,
            status="pppk",
            tmt_cpns=None,
            tmt_pns=None,
            appointment_date=dt.date(2022, 4, 1),
            rank=Rank.objects.get(code="PPPK-IX"),
        ),
    )
    assert employee.kind == "pppk"


def test_status_must_agree_with_the_kind_of_number(personas):
    errors = create_refused(personas, status="pppk", rank=None, rank_effective_from=None)
    assert errors["status"] == ["NIP ini adalah nomor PNS, tidak cocok dengan status PPPK."]


def test_position_in_another_unit(personas):
    errors = create_refused(personas, position=personas.staff_position_b)
    assert errors["position"] == ["Jabatan ini berada di unit kerja lain: Dinas Pendidikan."]


def test_closed_unit(personas):
    OrgUnit.objects.filter(pk=personas.subunit_a.pk).update(is_active=False)
    personas.subunit_a.refresh_from_db()
    errors = create_refused(personas, org_unit=personas.subunit_a)
    assert errors["org_unit"] == ["Unit kerja ini sudah ditutup."]


def test_rank_above_education_ceiling_needs_confirmation(personas):
    data = make_input(personas, rank=Rank.objects.get(code="IV/a"))
    with pytest.raises(ConfirmationRequired) as exc_info:
        services.employee_create(actor=personas.admin, data=data)
    assert exc_info.value.warnings == [
        "Golongan IV/a di atas batas golongan untuk pendidikan Sarjana (S1) (III/d)."
    ]
    assert not Employee.objects.filter(nip=data.nip).exists()
    employee = services.employee_create(actor=personas.admin, data=data, confirm_warnings=True)
    assert employee.rank.code == "IV/a"


def test_position_over_its_posts_needs_confirmation(personas):
    Position.objects.filter(pk=personas.staff_position.pk).update(posts=2)  # both posts taken
    personas.staff_position.refresh_from_db()
    data = make_input(personas)
    errors, warnings = services.validate_employee_input(data)
    assert errors == {}
    assert warnings == ["Formasi jabatan Pengelola Layanan Kesehatan sudah penuh (2)."]
    with pytest.raises(ConfirmationRequired):
        services.employee_create(actor=personas.admin, data=data)
    services.employee_create(actor=personas.admin, data=data, confirm_warnings=True)
    # editing someone already in the position does not warn again
    existing = personas.employee
    assert services.validate_employee_input(
        make_input(
            personas,
            nip=existing.nip,
            birth_date=existing.birth_date,
            tmt_cpns=existing.tmt_cpns,
            tmt_pns=existing.tmt_pns,
        ),
        instance=existing,
    ) == ({}, [])


# --- who may create and edit ------------------------------------------------------------------


def test_operator_creates_in_own_opd(personas):
    employee = services.employee_create(actor=personas.operator, data=make_input(personas))
    assert employee.org_unit == personas.subunit_a


def test_operator_cannot_create_in_another_opd(personas):
    errors = create_refused(
        personas,
        actor=personas.operator,
        org_unit=personas.unit_b,
        position=personas.staff_position_b,
    )
    assert errors["org_unit"] == ["Unit kerja ini di luar wewenang Anda."]


@pytest.mark.parametrize("role", ["leader", "auditor", "nobody"])
def test_read_only_roles_cannot_create(personas, role):
    with pytest.raises(PermissionDenied):
        services.employee_create(actor=personas.user(role), data=make_input(personas))
    with pytest.raises(PermissionDenied):
        services.employee_create(actor=personas.employee.user, data=make_input(personas))


def test_operator_cannot_edit_or_move_out_of_scope(personas):
    outsider = personas.outsider
    data = make_input(
        personas,
        nip=outsider.nip,
        birth_date=outsider.birth_date,
        sex="f",
        tmt_cpns=outsider.tmt_cpns,
        tmt_pns=outsider.tmt_pns,
        org_unit=personas.unit_b,
        position=personas.staff_position_b,
    )
    with pytest.raises(PermissionDenied):
        services.employee_update(actor=personas.operator, employee=outsider, data=data)
    employee = personas.employee
    move = make_input(
        personas,
        nip=employee.nip,
        birth_date=employee.birth_date,
        tmt_cpns=employee.tmt_cpns,
        tmt_pns=employee.tmt_pns,
        org_unit=personas.unit_b,
        position=personas.staff_position_b,
    )
    with pytest.raises(ValidationError) as exc_info:
        services.employee_update(actor=personas.operator, employee=employee, data=move)
    assert errors_of(exc_info)["org_unit"] == ["Unit kerja ini di luar wewenang Anda."]
    employee.refresh_from_db()
    assert employee.org_unit == personas.subunit_a


# --- history -------------------------------------------------------------------------------------


def test_create_writes_histories_and_records_the_actor(personas):
    employee = services.employee_create(actor=personas.operator, data=make_input(personas))
    assert list(RankHistory.objects.filter(employee=employee).values_list("rank__code", flat=True))
    assert PositionHistory.objects.get(
        employee=employee, effective_until__isnull=True
    ).position == (personas.staff_position)
    record = employee.history.latest()
    assert record.history_type == "+"
    assert record.history_user == personas.operator
    assert record.history_change_reason == "Pegawai baru"


def test_update_closes_the_previous_position_and_records_rank(personas):
    employee = personas.employee
    new_position = Position.objects.create(
        code="DINKES-ANALIS",
        name="Analis Kebijakan",
        kind="jf_ahli_pertama",
        org_unit=personas.subunit_a,
        reports_to=personas.supervisor_position,
    )
    data = make_input(
        personas,
        nip=employee.nip,
        birth_date=employee.birth_date,
        tmt_cpns=employee.tmt_cpns,
        tmt_pns=employee.tmt_pns,
        name=employee.name,
        rank=Rank.objects.get(code="III/b"),
        rank_effective_from=dt.date(2024, 4, 1),
        position=new_position,
        position_effective_from=dt.date(2025, 2, 3),
    )
    services.employee_update(
        actor=personas.admin, employee=employee, data=data, reason="SK mutasi 800/12"
    )
    rows = list(PositionHistory.objects.filter(employee=employee).order_by("effective_from"))
    assert [(r.position_id, r.effective_until) for r in rows] == [
        (personas.staff_position.pk, dt.date(2025, 2, 2)),
        (new_position.pk, None),
    ]
    assert set(
        RankHistory.objects.filter(employee=employee).values_list("rank__code", flat=True)
    ) == {"III/a", "III/b"}
    record = employee.history.latest()
    assert record.history_type == "~"
    assert record.history_user == personas.admin
    assert record.history_change_reason == "SK mutasi 800/12"
    assert record.prev_record.position_id == personas.staff_position.pk
    # saving again with the same position adds no row
    services.employee_update(actor=personas.admin, employee=employee, data=data)
    assert PositionHistory.objects.filter(employee=employee).count() == 2


# --- acting assignments ------------------------------------------------------------------------


def test_acting_assignment_rules(personas):
    p = personas
    start, end = dt.date(2026, 1, 5), dt.date(2026, 3, 31)
    assignment = services.acting_assignment_create(
        actor=p.admin,
        employee=p.supervisor,
        position=p.head_position_a,
        kind="plt",
        start_date=start,
        end_date=end,
    )
    assert assignment.history.latest().history_user == p.admin
    with pytest.raises(ValidationError) as exc_info:
        services.acting_assignment_create(
            actor=p.admin,
            employee=p.colleague,
            position=p.head_position_a,
            kind="plt",
            start_date=dt.date(2026, 3, 1),
            end_date=dt.date(2026, 4, 30),
        )
    assert errors_of(exc_info)["start_date"] == [
        "Sudah ada Plt/Plh lain pada jabatan ini dalam rentang tanggal tersebut."
    ]
    # A Plh on the same position in that range is another kind: allowed
    services.acting_assignment_create(
        actor=p.admin,
        employee=p.colleague,
        position=p.head_position_a,
        kind="plh",
        start_date=dt.date(2026, 3, 1),
        end_date=dt.date(2026, 3, 5),
    )
    # the day after the Plt ends is free
    services.acting_assignment_create(
        actor=p.admin,
        employee=p.colleague,
        position=p.head_position_a,
        kind="plt",
        start_date=end + dt.timedelta(days=1),
        end_date=end + dt.timedelta(days=30),
    )
    with pytest.raises(ValidationError) as exc_info:
        services.acting_assignment_create(
            actor=p.admin,
            employee=p.colleague,
            position=p.supervisor_position,
            kind="plt",
            start_date=end,
            end_date=start,
        )
    assert errors_of(exc_info)["end_date"] == ["Tanggal selesai tidak boleh sebelum tanggal mulai."]
    with pytest.raises(ValidationError) as exc_info:
        services.acting_assignment_create(
            actor=p.admin,
            employee=p.supervisor,
            position=p.supervisor_position,
            kind="plh",
            start_date=start,
            end_date=end,
        )
    assert errors_of(exc_info)["position"] == [
        "Pegawai tidak dapat menjadi Plt/Plh pada jabatannya sendiri."
    ]
    with pytest.raises(PermissionDenied):
        services.acting_assignment_create(
            actor=p.operator,
            employee=p.outsider,
            position=p.head_position_b,
            kind="plt",
            start_date=start,
            end_date=end,
        )
    assert ActingAssignment.objects.count() == 3


# --- correction requests -----------------------------------------------------------------------


def pdf(name="bukti.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def submit(p, **overrides):
    values = {
        "actor": p.employee.user,
        "employee": p.employee,
        "field_name": "phone",
        "requested_value": "081298765432",
        "reason": "Nomor lama tidak aktif.",
        "document": pdf(),
    }
    values.update(overrides)
    return services.correction_request_submit(**values)


def test_correction_submit_rules(personas):
    p = personas
    request = submit(p)
    assert request.status == CorrectionStatus.PENDING
    assert request.current_value == "081234567890"
    with pytest.raises(ValidationError) as exc_info:
        submit(p)
    assert errors_of(exc_info)["field_name"] == [
        "Masih ada permintaan koreksi untuk data ini yang belum diputuskan."
    ]
    with pytest.raises(ValidationError) as exc_info:
        submit(p, field_name="nip", requested_value="1")
    assert errors_of(exc_info)["field_name"] == [
        "Data ini tidak dapat dikoreksi melalui permintaan."
    ]
    with pytest.raises(ValidationError) as exc_info:
        submit(p, field_name="nik", requested_value="12")
    assert errors_of(exc_info)["requested_value"] == ["NIK harus 16 digit angka."]
    with pytest.raises(PermissionDenied):
        submit(p, actor=p.colleague.user)  # only for one's own record
    with pytest.raises(PermissionDenied):
        submit(p, actor=p.operator, field_name="email", requested_value="a@b.id")
    assert CorrectionRequest.objects.count() == 1


def test_correction_approve_applies_with_history(personas):
    p = personas
    request = submit(p)
    with pytest.raises(PermissionDenied):
        services.correction_request_approve(actor=p.employee.user, request=request)
    with pytest.raises(PermissionDenied):
        services.correction_request_approve(actor=p.supervisor.user, request=request)
    services.correction_request_approve(actor=p.operator, request=request, note="Sesuai")
    request.refresh_from_db()
    assert request.status == CorrectionStatus.APPROVED
    assert request.decided_by == p.operator and request.decided_at
    p.employee.refresh_from_db()
    assert p.employee.phone == "081298765432"
    record = p.employee.history.latest()
    assert record.history_user == p.operator
    assert record.history_change_reason == f"Koreksi data #{request.pk} disetujui"
    with pytest.raises(ValidationError) as exc_info:
        services.correction_request_approve(actor=p.operator, request=request)
    assert exc_info.value.messages == ["Permintaan ini sudah diputuskan."]


def test_correction_reject_needs_a_reason_and_changes_nothing(personas):
    p = personas
    request = submit(p)
    with pytest.raises(ValidationError) as exc_info:
        services.correction_request_reject(actor=p.operator, request=request, note="  ")
    assert errors_of(exc_info)["note"] == ["Alasan penolakan wajib diisi."]
    with pytest.raises(PermissionDenied):
        # the operator of another OPD (here: none) may not decide
        services.correction_request_reject(actor=p.leader, request=request, note="Tidak")
    services.correction_request_reject(actor=p.admin, request=request, note="Dokumen tidak jelas")
    request.refresh_from_db()
    assert (request.status, request.decision_note) == (
        CorrectionStatus.REJECTED,
        "Dokumen tidak jelas",
    )
    p.employee.refresh_from_db()
    assert p.employee.phone == "081234567890"
    with pytest.raises(ValidationError):
        services.correction_request_reject(actor=p.admin, request=request, note="lagi")


# --- organisation ---------------------------------------------------------------------------------


def test_unit_cannot_move_under_itself_or_a_descendant(personas):
    p = personas
    for target in (p.unit_a, p.subunit_a):
        with pytest.raises(ValidationError) as exc_info:
            org_services.org_unit_move(actor=p.admin, unit=p.unit_a, new_parent=target)
        assert errors_of(exc_info)["parent"] == [
            "Unit tidak dapat dipindah ke bawah dirinya sendiri atau unit turunannya."
        ]
    assert OrgUnit.objects.get(pk=p.subunit_a.pk).path.startswith(
        OrgUnit.objects.get(pk=p.unit_a.pk).path
    )


def test_unit_move_records_actor_and_reason(personas):
    p = personas
    moved = org_services.org_unit_move(actor=p.admin, unit=p.subunit_a, new_parent=p.unit_b)
    assert moved.parent == p.unit_b
    assert moved.path.startswith(OrgUnit.objects.get(pk=p.unit_b.pk).path)
    record = moved.history.latest()
    assert record.history_user == p.admin
    assert record.history_change_reason == "Dipindah dari Dinas Kesehatan ke Dinas Pendidikan"
    with pytest.raises(PermissionDenied):
        org_services.org_unit_move(actor=p.operator, unit=p.subunit_a, new_parent=p.unit_a)


def test_unit_with_staff_cannot_close(personas):
    p = personas
    with pytest.raises(ValidationError) as exc_info:
        org_services.org_unit_close(actor=p.admin, unit=p.unit_a, closed_on=dt.date(2026, 1, 1))
    assert exc_info.value.messages == [
        "Unit masih memiliki 4 pegawai aktif (termasuk unit di bawahnya). Pindahkan dahulu."
    ]
    assert OrgUnit.objects.filter(is_active=False).count() == 0


def test_empty_unit_closes_with_its_positions(personas):
    p = personas
    empty = org_services.org_unit_create(
        actor=p.admin,
        agency=p.agency,
        parent=p.unit_a,
        code="DINKES-X",
        name="Seksi X",
        kind="section",
    )
    Position.objects.create(code="X-1", name="Kepala Seksi X", kind="pengawas", org_unit=empty)
    closed = org_services.org_unit_close(actor=p.admin, unit=empty, closed_on=dt.date(2026, 1, 1))
    assert (closed.is_active, closed.closed_on) == (False, dt.date(2026, 1, 1))
    assert not Position.objects.get(code="X-1").is_active
    assert closed.history.latest().history_user == p.admin
    with pytest.raises(ValidationError):
        org_services.org_unit_create(
            actor=p.admin, agency=p.agency, parent=closed, code="X-2", name="Y", kind="section"
        )


def test_position_reporting_cycle_refused(personas):
    p = personas
    head = Position.objects.get(pk=p.head_position_a.pk)
    head.reports_to = p.staff_position
    with pytest.raises(ValidationError) as exc_info:
        org_services.position_save(actor=p.admin, position=head)
    assert errors_of(exc_info)["reports_to"] == ["Atasan ini membuat rantai pelaporan melingkar."]
    assert Position.objects.get(pk=head.pk).reports_to_id is None
