"""The read log of personal data (issue 14): writes stay in the change history; this records who
was SHOWN an employee's NIK, address, phone or e-mail, other than the employee themself.

- `personal_data_read_record(...)`: called by the page and the API where those fields are shown.
- `personal_data_reads(user, ...)`: the auditor's list (404/403 rules as the audit log: auditors
  and BKPSDM admins)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin
from abdi.employees.models import Employee, PersonalDataRead
from abdi.employees.rules import clean_nip

PERSONAL_FIELDS = ("nik", "address", "phone", "email")


def personal_data_read_record(
    *, reader, employee: Employee, channel: str, path: str, fields=PERSONAL_FIELDS
) -> PersonalDataRead | None:
    """One row per showing; nothing when the reader is the employee (their own data)."""
    if not getattr(reader, "is_authenticated", False):
        return None
    if employee.user_id is not None and employee.user_id == reader.pk:
        return None
    return PersonalDataRead.objects.create(
        reader=reader,
        employee=employee,
        fields=",".join(fields),
        channel=channel,
        path=path[:300],
    )


def can_view_read_log(user) -> bool:
    return is_auditor(user) or is_bkpsdm_admin(user)


def personal_data_reads(user, *, nip: str = "", username: str = "") -> QuerySet[PersonalDataRead]:
    if not can_view_read_log(user):
        raise PermissionDenied
    qs = PersonalDataRead.objects.select_related("reader", "employee")
    if nip:
        qs = qs.filter(employee__nip=clean_nip(nip))
    if username:
        qs = qs.filter(reader__username=username.strip())
    return qs
