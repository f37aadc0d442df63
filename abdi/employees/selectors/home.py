"""The personnel cards of the home page and the "Tugas saya" page (see core/worklist.py):
correction requests to decide and validated imports waiting for the uploader's confirmation
(operators and BKPSDM), the employee's own open correction requests."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.core.worklist import TASK_PREVIEW, Figure, WorkEntry, WorkItem
from abdi.employees.choices import CorrectionStatus, ImportStatus
from abdi.employees.models import CorrectionRequest, ImportJob
from abdi.employees.permissions import can_manage_employees, corrections_visible_to


def employee_work(user: User, *, today: dt.date, detail: bool = False) -> list[WorkItem]:
    if not can_manage_employees(user):
        return []
    pending = (
        corrections_visible_to(user)
        .filter(status=CorrectionStatus.PENDING)
        .exclude(employee__user_id=user.pk)
    )
    entries = []
    if detail:
        entries = [
            WorkEntry(
                title=c.employee.full_name,
                url=reverse("employees:correction_detail", args=[c.pk]),
                detail=f"{c.created_at:%d-%m-%Y}",
            )
            for c in pending.select_related("employee").order_by("created_at", "pk")[:TASK_PREVIEW]
        ]
    imports = ImportJob.objects.filter(created_by=user, status=ImportStatus.VALIDATED)
    import_entries = []
    if detail:
        import_entries = [
            WorkEntry(
                title=job.original_name,
                url=reverse("employees:import_detail", args=[job.pk]),
                detail=f"{job.total_rows} " + _("baris"),
            )
            for job in imports.order_by("-created_at")[:TASK_PREVIEW]
        ]
    return [
        WorkItem(
            key="corrections",
            label=_("Permohonan koreksi data"),
            count=pending.count(),
            url=reverse("employees:corrections") + "?status=pending",
            icon="pencil-square",
            action=_("Putuskan"),
            entries=entries,
        ),
        WorkItem(
            key="imports",
            label=_("Impor pegawai siap dikonfirmasi"),
            count=imports.count(),
            url=reverse("employees:import"),
            icon="upload",
            action=_("Konfirmasi impor"),
            entries=import_entries,
        ),
    ]


def my_corrections(user: User) -> list[Figure]:
    """The employee's own correction requests still waiting (shown only when there are some)."""
    n = CorrectionRequest.objects.filter(
        employee__user_id=user.pk, status=CorrectionStatus.PENDING
    ).count()
    if not n:
        return []
    return [
        Figure(
            label=_("Koreksi data saya diproses"),
            value=str(n),
            url=reverse("employees:corrections"),
            icon="pencil-square",
        )
    ]
