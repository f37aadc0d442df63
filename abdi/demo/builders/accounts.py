"""The demo logins: one per role, with stable usernames."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from abdi.accounts.models import RoleAssignment, User
from abdi.accounts.roles import Role


@dataclass(frozen=True)
class DemoLogin:
    username: str
    label: str  # the role, as a reader of the README or the terminal sees it
    first_name: str
    last_name: str
    role: str | None = None  # RoleAssignment role, if any
    scope_code: str | None = None  # OrgUnit code the role is limited to
    is_staff: bool = False
    is_superuser: bool = False
    employee_position: str | None = None  # the position code whose holder this login is


# The supervisor is the head of the first Dinas Kesehatan bidang; the employee works under them.
SUPERVISOR_POSITION = "DINKES-B1-KA"
EMPLOYEE_POSITION = "DINKES-B1-PLK3"
EMPLOYEE_POSITION_WITH_SECTIONS = "DINKES-B1-S1-PLK3"

DEMO_LOGINS = [
    DemoLogin("admin", "Admin BKPSDM", "Admin", "BKPSDM", Role.BKPSDM_ADMIN, None, True),
    DemoLogin("operator.dinkes", "Operator Dinas Kesehatan", "Operator", "Dinkes",
              Role.OPERATOR, "DINKES"),
    DemoLogin("pimpinan", "Pimpinan (baca saja)", "Pimpinan", "Daerah", Role.LEADER),
    DemoLogin("auditor", "Auditor (baca + riwayat)", "Auditor", "Inspektorat", Role.AUDITOR),
    DemoLogin("atasan", "Atasan (Kepala Bidang)", "", "", employee_position=SUPERVISOR_POSITION),
    DemoLogin("pegawai", "Pegawai", "", "", employee_position=EMPLOYEE_POSITION),
    DemoLogin("superadmin", "Superuser", "Super", "Admin", is_staff=True, is_superuser=True),
]  # fmt: skip


def create_logins(password: str, *, units_by_code: dict) -> dict[str, User]:
    users: dict[str, User] = {}
    groups = {g.name: g for g in Group.objects.filter(name__in=Role.values)}
    hashed = make_password(password)  # hashed once: the slow hash is the same for every login
    for login in DEMO_LOGINS:
        user = User(
            username=login.username,
            first_name=login.first_name,
            last_name=login.last_name,
            email=f"{login.username}@demo.abdi.local",
            is_staff=login.is_staff,
            is_superuser=login.is_superuser,
        )
        user.password = hashed
        user.save()
        if login.role:
            RoleAssignment.objects.create(
                user=user,
                role=login.role,
                org_unit=units_by_code[login.scope_code] if login.scope_code else None,
            )
            if login.role in groups:
                user.groups.add(groups[login.role])
        users[login.username] = user
    return users
