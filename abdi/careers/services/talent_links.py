"""Careers' links to the talent app (careers is above talent: it reads talent's selectors and
calls talent's services; talent never imports careers). See docs/decisions/0024-talent-links.md.

- `selection_invite_pool`: BKPSDM invites the talent pool (boxes 7–9) of the selection's levels
  to apply; each invitation is a row (once per selection and employee) and a notification.
- `record_selection_appointment`: an appointment from a selection to a critical position is
  recorded against the position's succession plan (talent's service).
- `require_post_vacated`: an appointment to a critical post still held (in the records) by the
  outgoing incumbent is refused, naming them: their move or retirement is recorded first.
- `change_project_facts`: completed change projects as facts of an applicant's track record."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.accounts.models import User
from abdi.careers.models.selection import Application, Appointment, Selection, SelectionState
from abdi.careers.models.talent_links import PoolInvitation
from abdi.careers.permissions.selection import can_manage_selections
from abdi.core.audit import records_actor
from abdi.core.notifications import Text, notify
from abdi.employees.models import Employee
from abdi.org.models import Position
from abdi.talent.models import SuccessionAppointment, TalentPlacement
from abdi.talent.selectors.projects import completed_projects_of
from abdi.talent.selectors.succession import talent_pool_for_positions
from abdi.talent.services.succession import (
    critical_post_vacancy_check,
    succession_appointment_record,
)

# One click invites at most this many (the rest on the next click): the notifications of one
# request stay bounded.
INVITE_BATCH = 500


def pool_invitees(selection: Selection) -> QuerySet[TalentPlacement]:
    """Pool members of the selection's levels (and the level below) who have neither applied
    nor been invited yet, best box first."""
    applied = Application.objects.filter(selection=selection, employee__isnull=False).values(
        "employee_id"
    )
    invited = PoolInvitation.objects.filter(selection=selection).values("employee_id")
    return (
        talent_pool_for_positions(selection.positions.all())
        .exclude(employee_id__in=applied)
        .exclude(employee_id__in=invited)
        .select_related("employee__user", "position", "org_unit")
        .order_by("-box", "name", "employee_id")
    )


@transaction.atomic
@records_actor
def selection_invite_pool(*, actor: User, selection: Selection) -> list[PoolInvitation]:
    """Invite the pool to an open selection: one invitation row and one notification per
    member not yet invited or applied (at most INVITE_BATCH per call)."""
    if not can_manage_selections(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang dapat mengelola seleksi jabatan."))
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    if selection.state != SelectionState.OPEN or selection.closes_on < timezone.localdate():
        raise ValidationError(_("Talent pool hanya dapat diundang selama pendaftaran dibuka."))
    members = list(pool_invitees(selection)[:INVITE_BATCH])
    if not members:
        raise ValidationError(_("Tidak ada anggota talent pool yang belum diundang."))
    invitations = PoolInvitation.objects.bulk_create(
        PoolInvitation(
            selection=selection,
            employee_id=m.employee_id,
            talent_year=m.year,
            box=m.box or 0,  # the pool has a box by definition (7–9)
            invited_by=actor,
        )
        for m in members
    )
    url = reverse("careers:apply", args=[selection.pk])
    for m in members:
        notify(
            user=m.employee.user,
            verb="selection_pool_invite",
            message=Text(
                gettext_noop(
                    "Anda diundang melamar seleksi %(title)s (pendaftaran sampai %(date)s)."
                ),
                {"title": selection.title, "date": selection.closes_on.strftime("%d-%m-%Y")},
            ),
            url=url,
        )
    return invitations


def record_selection_appointment(
    *, actor: User, appointment: Appointment
) -> SuccessionAppointment | None:
    """Record a selection's appointment against the succession plan of the post (when it is a
    critical position); runs inside the appointment's transaction."""
    employee = appointment.application.employee
    if employee is None:
        return None
    return succession_appointment_record(
        actor=actor,
        position=appointment.position,
        employee=employee,
        decree_number=appointment.decree_number,
        effective_from=appointment.effective_from,
        source=_("Hasil seleksi: %(t)s") % {"t": appointment.selection.title},
    )


def require_post_vacated(*, position: Position, employee: Employee) -> None:
    """Before a selection's appointee moves into a critical post: the outgoing incumbent's move
    or retirement must be recorded first (talent's check names them); raises ValidationError."""
    critical_post_vacancy_check(position=position, employee=employee)


def change_project_facts(employee_id: int, *, on: dt.date) -> list[str]:
    """Facts for the track record: each change project the applicant completed before `on`."""
    return [
        _("Aksi perubahan selesai %(date)s (%(training)s): %(title)s")
        % {
            "date": p.completed_on.strftime("%d-%m-%Y") if p.completed_on else "—",
            "training": p.get_training_display(),
            "title": p.title,
        }
        for p in completed_projects_of(employee_id, before=on)
    ]
