"""The learning cards of the home page and the "Tugas saya" page (see core/worklist.py):
training requests to approve and completions to confirm (supervisors), seats and external
certificates to decide (BKPSDM), the learner's own JP, e-learning and registrations, and the
JP figure of a leader's or BKPSDM's scope."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.accounts.permissions import is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.core.worklist import TASK_PREVIEW, Figure, WorkEntry, WorkItem
from abdi.employees.permissions import own_employee
from abdi.learning.choices import ExternalCertificateStatus, RegistrationStatus
from abdi.learning.models import Enrolment, Registration
from abdi.learning.permissions.common import can_manage_learning
from abdi.learning.permissions.credit import can_confirm_completions, can_view_jp_dashboard
from abdi.learning.permissions.registration import is_supervisor
from abdi.learning.selectors import credit as credit
from abdi.learning.selectors.registration import approvals_inbox

OPEN_REGISTRATION = (
    RegistrationStatus.PENDING_SUPERVISOR,
    RegistrationStatus.PENDING_BKPSDM,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


def learning_work(user: User, *, today: dt.date, detail: bool = False) -> list[WorkItem]:
    items: list[WorkItem] = []
    if is_supervisor(user):
        approvals = approvals_inbox(user)
        entries = []
        if detail:
            entries = [
                WorkEntry(
                    title=r.employee.full_name,
                    url=reverse("learning:registration_detail", args=[r.pk]),
                    detail=f"{r.session} · {r.session.start_date:%d-%m-%Y}",
                    pk=r.pk,
                )
                for r in approvals[:TASK_PREVIEW]
            ]
        items.append(
            WorkItem(
                key="training_approvals",
                label=_("Pengajuan pelatihan menunggu persetujuan"),
                count=approvals.count(),
                url=reverse("learning:approvals"),
                icon="check2-square",
                action=_("Setujui"),
                entries=entries,
                bulk="learning:approvals_bulk",
                bulk_field="registration",
            )
        )
    if can_confirm_completions(user):
        registrations = credit.awaiting_registrations(user)
        enrolments = credit.awaiting_enrolments(user)
        entries = []
        if detail:
            entries = [
                WorkEntry(
                    title=r.employee.full_name,
                    url=reverse("learning:completion_confirmations"),
                    detail=r.session.programme.title,
                )
                for r in registrations[:TASK_PREVIEW]
            ] + [
                WorkEntry(
                    title=e.employee.full_name,
                    url=reverse("learning:completion_confirmations"),
                    detail=e.course.programme.title,
                )
                for e in enrolments[:TASK_PREVIEW]
            ]
        items.append(
            WorkItem(
                key="completions",
                label=_("Penyelesaian pelatihan untuk dikonfirmasi"),
                count=registrations.count() + enrolments.count(),
                url=reverse("learning:completion_confirmations"),
                icon="patch-check",
                action=_("Konfirmasi"),
                entries=entries[:TASK_PREVIEW],
            )
        )
    if can_manage_learning(user):
        seats = Registration.objects.filter(status=RegistrationStatus.PENDING_BKPSDM)
        items.append(
            WorkItem(
                key="seat_confirmations",
                label=_("Pendaftaran menunggu konfirmasi kursi"),
                count=seats.count(),
                url=reverse("learning:confirmations"),
                icon="person-check",
                action=_("Konfirmasi kursi"),
            )
        )
        externals = credit.external_queue(ExternalCertificateStatus.SUBMITTED)
        items.append(
            WorkItem(
                key="external_certificates",
                label=_("Sertifikat eksternal untuk diverifikasi"),
                count=externals.count(),
                url=reverse("learning:external_list"),
                icon="file-earmark-check",
                action=_("Verifikasi"),
            )
        )
    return items


def my_learning(user: User, *, today: dt.date) -> list[Figure]:
    """JP this year against the target, e-learning in progress, registrations under way."""
    me = own_employee(user)
    if me is None:
        return []
    summary = credit.jp_summary(me, today.year)
    in_progress = Enrolment.objects.filter(employee=me, completed_at__isnull=True).count()
    open_registrations = Registration.objects.filter(
        employee=me, status__in=OPEN_REGISTRATION
    ).count()
    return [
        Figure(
            label=_("JP %(year)s") % {"year": today.year},
            value=_("%(total)s dari %(target)s JP")
            % {"total": summary.total, "target": summary.target},
            note=_("kurang %(n)s JP") % {"n": summary.missing}
            if summary.below
            else _("target tercapai"),
            url=reverse("learning:my_jp"),
            icon="hourglass-split",
            tone="warning" if summary.below else "success",
        ),
        Figure(
            label=_("E-learning berjalan"),
            value=str(in_progress),
            url=reverse("learning:courses"),
            icon="laptop",
        ),
        Figure(
            label=_("Pendaftaran pelatihan aktif"),
            value=str(open_registrations),
            url=reverse("learning:my_registrations"),
            icon="card-checklist",
        ),
    ]


def jp_figures(user: User, *, today: dt.date) -> list[Figure]:
    """How many in the user's scope reached the JP target this year (the JP dashboard's total,
    from its cache). For leaders, operators and BKPSDM; a supervisor sees their team there."""
    if not can_view_jp_dashboard(user):
        return []
    if not (is_bkpsdm_admin(user) or role_scope(user).has(Role.LEADER, Role.OPERATOR)):
        return []
    unit = credit.default_dashboard_unit(user)
    _rows, total, _at = credit.cached_unit_summary(user, today.year, unit)
    share = round(total.reached * 100 / total.staff) if total.staff else None
    return [
        Figure(
            label=_("Pegawai mencapai target JP %(year)s") % {"year": today.year},
            value="—" if share is None else f"{share}%",
            note=_("%(done)s dari %(all)s pegawai") % {"done": total.reached, "all": total.staff},
            url=reverse("learning:jp_dashboard"),
            icon="speedometer",
            tone="" if share is None else ("success" if share >= 80 else "warning"),
        )
    ]
