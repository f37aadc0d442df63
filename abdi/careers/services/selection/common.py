"""Helpers shared by the selection services: permission checks, locks, step rows, the
track-record pre-fill."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.careers import rules
from abdi.careers.models.selection import (
    Application,
    ApplicationState,
    ApplicationStep,
    PanelMember,
    Selection,
    SelectionState,
    SelectionStep,
    TrackRecord,
)
from abdi.careers.permissions.selection import (
    can_manage_selections,
    member_for,
)
from abdi.careers.selectors import selection as selectors
from abdi.careers.services.talent_links import change_project_facts
from abdi.core.choices import Predikat
from abdi.core.notifications import notify
from abdi.employees.models import AnnualPredikat, Award, DisciplineRecord

EDITABLE_STATES = (SelectionState.DRAFT,)
PANEL_EDITABLE = (SelectionState.DRAFT, SelectionState.OPEN, SelectionState.SCREENING)
ACTIVE_APPLICATION = (
    ApplicationState.SUBMITTED,
    ApplicationState.ADMIN_PASSED,
    ApplicationState.ADMIN_FAILED,
)


def require_admin(actor: User) -> None:
    if not can_manage_selections(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang dapat mengelola seleksi jabatan."))


def today_local() -> dt.date:
    return timezone.localdate()


def selection_step(selection: Selection, action: str, actor: User, note: str = "") -> SelectionStep:
    return SelectionStep.objects.create(selection=selection, action=action, actor=actor, note=note)


def application_step(
    application: Application, action: str, actor: User | None, note: str = ""
) -> ApplicationStep:
    return ApplicationStep.objects.create(
        application=application, action=action, actor=actor, note=note
    )


def lock_selection(selection: Selection) -> Selection:
    return Selection.objects.select_for_update().get(pk=selection.pk)


def lock_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update().select_related("selection").get(pk=application.pk)
    )


def require_state(selection: Selection, *states: str, message: str) -> None:
    if selection.state not in states:
        raise ValidationError(message)


def notify_applicant(application: Application, message: str) -> None:
    employee = application.employee
    user = employee.user if employee is not None else None
    if user is None:
        return
    url = reverse("careers:application_detail", args=[application.pk])
    transaction.on_commit(lambda: notify(user=user, verb="selection", message=message, url=url))


def require_member(actor: User, selection: Selection) -> PanelMember:
    member = member_for(actor, selection)
    if member is None:
        raise PermissionDenied(_("Anda bukan anggota panitia seleksi ini."))
    return member


def prefill_track_record(application: Application) -> TrackRecord:
    """The track-record score from Abdi (predikat history, awards, discipline), with the facts
    used; an applicant from another agency starts at 0 for the panel to fill with a reason."""
    on = application.selection.closes_on
    points = selectors.track_record_points(on)
    labels = {p.value: str(p.label) for p in Predikat}
    if application.employee_id:
        emp = application.employee_id
        value, facts = rules.track_record_score(
            predikats=dict(
                AnnualPredikat.objects.filter(employee_id=emp).values_list("year", "predikat")
            ),
            awards=list(Award.objects.filter(employee_id=emp).values_list("awarded_on", flat=True)),
            sanctions=list(
                DisciplineRecord.objects.filter(employee_id=emp).values_list(
                    "severity", "decided_on"
                )
            ),
            on=on,
            points=points,
            predikat_labels=labels,
        )
        facts = [*facts, *change_project_facts(emp, on=on)]
    else:
        value, facts = Decimal(0), [_("Pelamar dari instansi lain: rekam jejak diisi panitia.")]
    record, _created = TrackRecord.objects.update_or_create(
        application=application, defaults={"suggested": value, "facts": facts}
    )
    return record
