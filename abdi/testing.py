"""Test personas shared by every app's tests: a small agency with two OPDs, and one user per role.

OPD A (Dinas Kesehatan)               OPD B (Dinas Pendidikan)
  Kepala Dinas A  ← head_a              Kepala Dinas B  ← head_b
    Kabid Pelayanan  ← supervisor         Staf B  ← outsider
      Staf Pelayanan  ← employee
      Staf Pelayanan 2  ← colleague
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group

from abdi.accounts.models import RoleAssignment, User
from abdi.core.exports import is_formula_like
from abdi.core.models import EducationLevel, Rank
from abdi.employees.models import Employee, PositionHistory, RankHistory
from abdi.employees.rules import build_pns_nip
from abdi.employees.services import store_retirement_date
from abdi.org.models import Agency, OrgUnit, Position

PASSWORD = "rahasia-uji-123"
_sequence = itertools.count(1)


@dataclass
class Personas:
    agency: Any
    region: Any
    unit_a: Any
    subunit_a: Any
    unit_b: Any
    head_position_a: Any
    supervisor_position: Any
    staff_position: Any
    head_position_b: Any
    staff_position_b: Any
    head_a: Any
    supervisor: Any
    employee: Any
    colleague: Any
    head_b: Any
    outsider: Any
    admin: Any  # users from here on
    operator: Any
    leader: Any
    auditor: Any
    superuser: Any
    nobody: Any  # a login with no employee record and no role

    def user(self, role: str):
        """The login of a persona by name: 'employee', 'supervisor', 'admin', ..."""
        value = getattr(self, role)
        return value.user if hasattr(value, "nip") else value


def make_user(username: str, **extra):
    return User.objects.create_user(username=username, password=PASSWORD, **extra)


def make_employee(
    *,
    name: str,
    unit,
    position=None,
    rank_code: str = "III/a",
    sex: str = "m",
    birth_date: dt.date = dt.date(1985, 3, 14),
    tmt_cpns: dt.date = dt.date(2010, 1, 1),
    username: str | None = None,
    education_code: str = "S1",
    **extra,
):
    rank = Rank.objects.get(code=rank_code)
    rank_from = dt.date(2020, 4, 1)
    position_from = dt.date(2021, 1, 4)
    employee = Employee(
        nip=build_pns_nip(birth_date, tmt_cpns, sex, next(_sequence) % 999 + 1),
        kind="pns",
        status="pns",
        name=name,
        birth_date=birth_date,
        birth_place="Jambi",
        sex=sex,
        tmt_cpns=tmt_cpns,
        tmt_pns=tmt_cpns + dt.timedelta(days=365),
        rank=rank,
        rank_effective_from=rank_from,
        position=position,
        position_effective_from=position_from if position else None,
        org_unit=unit,
        education_level=EducationLevel.objects.get(code=education_code),
        nik="1571010101850001",
        address="Jl. Sudirman 1",
        phone="081234567890",
        user=make_user(username) if username else None,
        **extra,
    )
    store_retirement_date(employee)  # derived, as every writer of an employee stores it
    employee.save()
    RankHistory.objects.create(employee=employee, rank=rank, effective_from=rank_from)
    if position:
        PositionHistory.objects.create(
            employee=employee,
            position=position,
            org_unit=unit,
            effective_from=position_from,
        )
    return employee


def build_personas() -> Personas:
    agency = Agency.objects.create(code="PROV-UJI", name="Pemerintah Provinsi Uji", region="Uji")
    region = OrgUnit.objects.add_root(
        {"agency": agency, "code": "PEMDA", "name": "Pemerintah Provinsi Uji", "kind": "region"}
    )
    unit_a = OrgUnit.objects.add_child(
        region,
        {
            "agency": agency,
            "code": "DINKES",
            "name": "Dinas Kesehatan",
            "kind": "opd",
            "parent": region,
        },
    )
    subunit_a = OrgUnit.objects.add_child(
        OrgUnit.objects.get(pk=unit_a.pk),
        {
            "agency": agency,
            "code": "DINKES-YAN",
            "name": "Bidang Pelayanan Kesehatan",
            "kind": "division",
            "parent": unit_a,
        },
    )
    region.refresh_from_db()
    unit_b = OrgUnit.objects.add_child(
        region,
        {
            "agency": agency,
            "code": "DISDIK",
            "name": "Dinas Pendidikan",
            "kind": "opd",
            "parent": region,
        },
    )
    head_pos_a = Position.objects.create(
        code="DINKES-KADIS",
        name="Kepala Dinas Kesehatan",
        kind="jpt_pratama",
        class_grade=14,
        org_unit=unit_a,
        is_unit_head=True,
    )
    sup_pos = Position.objects.create(
        code="DINKES-KABID-YAN",
        name="Kepala Bidang Pelayanan",
        kind="administrator",
        class_grade=11,
        org_unit=subunit_a,
        reports_to=head_pos_a,
        is_unit_head=True,
    )
    staff_pos = Position.objects.create(
        code="DINKES-STAF-YAN",
        name="Pengelola Layanan Kesehatan",
        kind="pelaksana",
        class_grade=7,
        org_unit=subunit_a,
        reports_to=sup_pos,
        posts=3,
    )
    head_pos_b = Position.objects.create(
        code="DISDIK-KADIS",
        name="Kepala Dinas Pendidikan",
        kind="jpt_pratama",
        class_grade=14,
        org_unit=unit_b,
        is_unit_head=True,
    )
    staff_pos_b = Position.objects.create(
        code="DISDIK-STAF",
        name="Pengadministrasi Umum",
        kind="pelaksana",
        class_grade=5,
        org_unit=unit_b,
        reports_to=head_pos_b,
        posts=5,
    )

    head_a = make_employee(
        name="Andi Kepala",
        unit=unit_a,
        position=head_pos_a,
        rank_code="IV/b",
        username="kadis_a",
        birth_date=dt.date(1970, 5, 2),
        tmt_cpns=dt.date(1995, 3, 1),
    )
    supervisor = make_employee(
        name="Siti Atasan",
        unit=subunit_a,
        position=sup_pos,
        rank_code="III/d",
        sex="f",
        username="atasan",
        birth_date=dt.date(1978, 8, 17),
        tmt_cpns=dt.date(2003, 1, 1),
    )
    employee = make_employee(
        name="Budi Pegawai", unit=subunit_a, position=staff_pos, username="pegawai"
    )
    colleague = make_employee(
        name="Rina Rekan",
        unit=subunit_a,
        position=staff_pos,
        sex="f",
        username="rekan",
        birth_date=dt.date(1990, 11, 30),
        tmt_cpns=dt.date(2015, 3, 1),
    )
    head_b = make_employee(
        name="Dedi Kepala",
        unit=unit_b,
        position=head_pos_b,
        rank_code="IV/b",
        username="kadis_b",
        birth_date=dt.date(1969, 1, 9),
        tmt_cpns=dt.date(1994, 3, 1),
    )
    outsider = make_employee(
        name="Lia Luar",
        unit=unit_b,
        position=staff_pos_b,
        sex="f",
        username="luar",
        birth_date=dt.date(1992, 2, 29),
        tmt_cpns=dt.date(2017, 6, 1),
    )

    admin = make_user("admin_bkpsdm", is_staff=True, first_name="Admin", last_name="BKPSDM")
    RoleAssignment.objects.create(user=admin, role="bkpsdm_admin")
    operator = make_user("operator_dinkes", first_name="Operator", last_name="Dinkes")
    RoleAssignment.objects.create(user=operator, role="operator", org_unit=unit_a)
    leader = make_user("pimpinan", first_name="Pimpinan")
    RoleAssignment.objects.create(user=leader, role="leader")
    auditor = make_user("auditor", first_name="Auditor")
    RoleAssignment.objects.create(user=auditor, role="auditor")
    superuser = make_user("root", is_staff=True, is_superuser=True)
    nobody = make_user("tanpa_peran")
    for user, role in (
        (admin, "bkpsdm_admin"),
        (operator, "operator"),
        (leader, "leader"),
        (auditor, "auditor"),
    ):
        user.groups.add(Group.objects.get(name=role))
    return Personas(
        agency,
        region,
        unit_a,
        subunit_a,
        unit_b,
        head_pos_a,
        sup_pos,
        staff_pos,
        head_pos_b,
        staff_pos_b,
        head_a,
        supervisor,
        employee,
        colleague,
        head_b,
        outsider,
        admin,
        operator,
        leader,
        auditor,
        superuser,
        nobody,
    )


def formula_like_cells(workbook) -> list:
    """The cells of a downloaded workbook whose text starts like a formula, after asserting that
    each is stored as text with Excel's quote prefix (core.exports), never as a formula."""
    cells = [c for ws in workbook for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    found = [c for c in cells if is_formula_like(c.value)]
    assert all(c.data_type == "s" and c.quotePrefix for c in found)
    return found
