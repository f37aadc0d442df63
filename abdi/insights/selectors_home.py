"""The insights work of the home page and the "Tugas saya" page (see core/worklist.py),
read-only: the merit self-assessment waiting for the inspectorate's verification (auditors),
and this year's self-assessment still being filled in (BKPSDM admins)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from abdi.core.worklist import WorkEntry, WorkItem
from abdi.insights.choices import MeritStatus
from abdi.insights.models import MeritAssessment
from abdi.insights.permissions import can_manage_merit, can_verify_merit


def insights_work(user, *, today: dt.date, detail: bool = False) -> list[WorkItem]:
    verify, manage = can_verify_merit(user), can_manage_merit(user)
    if not (verify or manage):
        return []
    wanted = [MeritStatus.SUBMITTED] if verify else [MeritStatus.DRAFT]
    assessments = list(MeritAssessment.objects.filter(status__in=wanted).order_by("year"))
    if manage and not verify:
        assessments = [a for a in assessments if a.year >= today.year - 1]

    def entries() -> list[WorkEntry]:
        return [
            WorkEntry(
                title=_("Penilaian mandiri sistem merit %(year)s") % {"year": a.year},
                url=reverse("insights:merit_detail", args=[a.year]),
                detail=a.get_status_display(),
            )
            for a in assessments
        ]

    if verify:
        label, action = _("Penilaian sistem merit menunggu verifikasi"), _("Verifikasi")
    else:
        label, action = _("Penilaian mandiri sistem merit belum diajukan"), _("Lengkapi")
    return [
        WorkItem(
            key="merit",
            label=label,
            count=len(assessments),
            url=reverse("insights:merit"),
            icon="clipboard-check",
            action=action,
            entries=entries() if detail else [],
        )
    ]
