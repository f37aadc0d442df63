"""Writes of critical positions and succession plans. A successor comes from the talent pool
(boxes 7–9 of the latest placements) or with a written reason; never the incumbent."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.competency.models import Competency
from abdi.core.audit import records_actor
from abdi.core.services import lock_in_order
from abdi.employees.models import Employee
from abdi.learning.models import DevelopmentPlanItem, Programme
from abdi.org.models import Position
from abdi.talent import rules
from abdi.talent.choices import Readiness
from abdi.talent.models import (
    CriticalPosition,
    SuccessionAppointment,
    Successor,
    SuccessorAction,
    TalentPlacement,
)
from abdi.talent.selectors.reference import pool_boxes
from abdi.talent.selectors.succession import critical_positions, jpm_against, pool_year
from abdi.talent.services.reference import require_talent_admin


@transaction.atomic
@records_actor
def critical_position_add(*, actor: User, position: Position, reason: str) -> CriticalPosition:
    require_talent_admin(actor)
    if rules.is_critical_by_default(position.kind):
        raise ValidationError(_("Jabatan JPT dan Administrator sudah kritikal dengan sendirinya."))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Sebutkan mengapa jabatan ini kritikal.")]})
    if CriticalPosition.objects.filter(position=position).exists():
        raise ValidationError(_("Jabatan ini sudah ditetapkan kritikal."))
    return CriticalPosition.objects.create(position=position, reason=reason.strip(), added_by=actor)


@transaction.atomic
@records_actor
def successor_add(
    *,
    actor: User,
    position: Position,
    employee: Employee,
    readiness: str,
    outside_pool_reason: str = "",
    note: str = "",
) -> Successor:
    require_talent_admin(actor)
    if not critical_positions().filter(pk=position.pk).exists():
        raise ValidationError(_("Jabatan ini bukan jabatan kritikal."))
    if readiness not in Readiness.values:
        raise ValidationError({"readiness": [_("Pilih tingkat kesiapan.")]})
    if employee.position_id == position.pk:
        raise ValidationError(
            _("Pemangku jabatan tidak dapat menjadi suksesor jabatannya sendiri.")
        )
    if not employee.is_active:
        raise ValidationError(_("Pegawai ini tidak aktif."))
    # Lock the position's plan so two clicks cannot name the same person twice.
    lock_in_order(Successor.objects.filter(position=position))
    if Successor.objects.filter(position=position, employee=employee, is_active=True).exists():
        raise ValidationError(_("Pegawai ini sudah menjadi suksesor jabatan tersebut."))
    year = pool_year()
    box = (
        TalentPlacement.objects.filter(year=year, employee=employee)
        .values_list("box", flat=True)
        .first()
        if year
        else None
    )
    outside_pool_reason = (outside_pool_reason or "").strip()
    if not rules.in_pool(box, pool_boxes()) and not outside_pool_reason:
        raise ValidationError(
            {
                "outside_pool_reason": [
                    _(
                        "Pegawai ini tidak berada di talent pool (kotak 7–9): tuliskan alasan "
                        "mencalonkannya."
                    )
                ]
            }
        )
    return Successor.objects.create(
        position=position,
        employee=employee,
        readiness=readiness,
        box=box,
        jpm=jpm_against(employee, position),
        outside_pool_reason=outside_pool_reason if not rules.in_pool(box, pool_boxes()) else "",
        note=note.strip(),
        added_by=actor,
    )


@transaction.atomic
@records_actor
def successor_readiness_set(*, actor: User, successor: Successor, readiness: str) -> Successor:
    require_talent_admin(actor)
    if readiness not in Readiness.values:
        raise ValidationError({"readiness": [_("Pilih tingkat kesiapan.")]})
    successor.readiness = readiness
    successor.save(update_fields=["readiness", "updated_at"])
    return successor


@transaction.atomic
@records_actor
def successor_remove(*, actor: User, successor: Successor, reason: str) -> Successor:
    require_talent_admin(actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Sebutkan alasan mengeluarkan suksesor ini.")]})
    successor.is_active, successor.ended_reason = False, reason.strip()
    successor.save(update_fields=["is_active", "ended_reason", "updated_at"])
    return successor


@transaction.atomic
@records_actor
def successor_action_add(
    *,
    actor: User,
    successor: Successor,
    description: str,
    target_date: dt.date | None,
    competency: Competency | None = None,
    programme: Programme | None = None,
) -> SuccessorAction:
    """A development action; linked to the successor's development-plan item for the same
    programme or competency in the target year when one exists."""
    require_talent_admin(actor)
    errors: dict[str, list[str]] = {}
    if not (description or "").strip() and programme is None:
        errors["description"] = [_("Uraikan tindak pengembangan atau pilih program pelatihan.")]
    if not isinstance(target_date, dt.date):
        errors["target_date"] = [_("Tanggal target wajib diisi.")]
    if errors:
        raise ValidationError(errors)
    assert target_date is not None  # refused above
    link = Q(pk__in=[])
    if programme is not None:
        link |= Q(programme=programme)
    if competency is not None:
        link |= Q(competency=competency)
    item = (
        DevelopmentPlanItem.objects.filter(
            plan__employee_id=successor.employee_id, plan__year=target_date.year
        )
        .filter(link)
        .first()
    )
    return SuccessorAction.objects.create(
        successor=successor,
        competency=competency,
        programme=programme,
        plan_item=item,
        description=(description or "").strip() or (programme.title if programme else ""),
        target_date=target_date,
        added_by=actor,
    )


@transaction.atomic
@records_actor
def succession_appointment_record(
    *,
    actor: User,
    position: Position,
    employee: Employee,
    decree_number: str,
    effective_from: dt.date,
    source: str = "",
) -> SuccessionAppointment | None:
    """Record an appointment to a critical position against its succession plan (called by the
    app that appoints: careers' selection). The appointed successor leaves the plan (ended with
    the decree as reason); the other successors stay for the new incumbent. A position that is
    not critical has no plan: nothing is recorded (None)."""
    if not critical_positions().filter(pk=position.pk).exists():
        return None
    if not (decree_number or "").strip():
        raise ValidationError({"decree_number": [_("Nomor SK wajib diisi.")]})
    # Lock the post, then the plan, before the duplicate check: two recordings of one decree
    # (two BKPSDM clicks, or a selection and BKPSDM) serialise here and the second one sees the
    # first one's row; the unique constraint is the backstop. An appointment and a BKPSDM edit
    # of the same plan do not interleave either.
    Position.objects.select_for_update().filter(pk=position.pk).first()
    plan = lock_in_order(Successor.objects.filter(position=position, is_active=True))
    named = next((s for s in plan if s.employee_id == employee.pk), None)
    appointment = SuccessionAppointment(
        position=position,
        employee=employee,
        successor=named,
        readiness=named.readiness if named is not None else "",
        decree_number=decree_number.strip(),
        effective_from=effective_from,
        source=(source or "").strip()[:250],
        recorded_by=actor,
    )
    appointment.validate_constraints()  # the same decree recorded twice: a clear message
    appointment.save()
    if named is not None:
        named.is_active = False
        named.ended_reason = _("Diangkat pada jabatan ini (SK %(sk)s, TMT %(d)s).") % {
            "sk": appointment.decree_number,
            "d": effective_from.strftime("%d-%m-%Y"),
        }
        named.save(update_fields=["is_active", "ended_reason", "updated_at"])
    return appointment


@transaction.atomic
@records_actor
def succession_appointment_note(
    *,
    actor: User,
    position: Position,
    employee: Employee | None,
    decree_number: str,
    effective_from: dt.date | None,
) -> SuccessionAppointment:
    """BKPSDM records against the plan an appointment made outside a selection (a mutation or
    a promotion by decree, already written to the employee's position history): the appointee
    must hold the position now."""
    require_talent_admin(actor)
    errors: dict[str, list[str]] = {}
    if employee is None:
        errors["nip"] = [_("NIP tidak ditemukan.")]
    elif employee.position_id != position.pk:
        errors["nip"] = [
            _(
                "Pegawai ini tidak memangku jabatan tersebut menurut data kepegawaian; catat "
                "dulu SK pengangkatannya di riwayat jabatan."
            )
        ]
    if not isinstance(effective_from, dt.date):
        errors["effective_from"] = [_("TMT wajib diisi.")]
    if not (decree_number or "").strip():
        errors["decree_number"] = [_("Nomor SK wajib diisi.")]
    if not critical_positions().filter(pk=position.pk).exists():
        errors["position"] = [_("Jabatan ini bukan jabatan kritikal.")]
    if errors:
        raise ValidationError(errors)
    assert employee is not None and effective_from is not None  # refused above
    appointment = succession_appointment_record(
        actor=actor,
        position=position,
        employee=employee,
        decree_number=decree_number,
        effective_from=effective_from,
        source=_("Dicatat BKPSDM"),
    )
    assert appointment is not None  # the position is critical (checked above)
    return appointment


def critical_post_vacancy_check(*, position: Position, employee: Employee) -> None:
    """Before an appointment to a critical post is written: refuse it while the post's posts are
    all held, in the personnel records, by others (the outgoing incumbent whose move or
    retirement is not recorded yet), naming them, so BKPSDM records that decree first. The
    incumbent is never moved out implicitly: their leaving is a decree of its own. Locks the
    post; a post that is not critical is not checked here (the capacity rule of
    `position_change` still applies)."""
    locked = Position.objects.select_for_update().filter(pk=position.pk).first()
    if locked is None or not critical_positions().filter(pk=position.pk).exists():
        return
    holders = list(
        Employee.objects.filter(position_id=position.pk, is_active=True)
        .exclude(pk=employee.pk)
        .order_by("name")
        .values_list("name", "nip")
    )
    if len(holders) < max(locked.posts, 1):
        return
    names = ", ".join(f"{name} (NIP {nip})" for name, nip in holders)
    raise ValidationError(
        {
            "position": [
                _(
                    "Jabatan %(position)s masih tercatat dipangku oleh %(names)s. Catat dulu "
                    "perpindahan, pemberhentian, atau pensiun pejabat lama di riwayat jabatannya, "
                    "lalu catat pengangkatan ini."
                )
                % {"position": position.name, "names": names}
            ]
        }
    )
