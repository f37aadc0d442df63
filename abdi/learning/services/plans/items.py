"""A development plan's items (add, change, remove, move their status) and the edit rules every plan write shares: the plan re-read under a row lock, who may edit it, when it may be edited, and the notice to the other party. Rules and choices: docs/decisions/0035-learning-plans.md."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.accounts.models import User
from abdi.competency.models import Competency
from abdi.core.audit import records_actor
from abdi.core.notifications import Text, choice_label, notify
from abdi.core.services import user_of
from abdi.employees.models import Employee
from abdi.employees.selectors import supervisor_of
from abdi.learning.choices import (
    PlanItemKind,
    PlanItemSource,
    PlanItemStatus,
    PlanStatus,
)
from abdi.learning.models import DevelopmentPlan, DevelopmentPlanItem, Programme
from abdi.learning.permissions.plans import (
    can_decide_plan,
    can_edit_plan,
    is_plan_owner,
)

# Manual status moves on an agreed plan. "done" comes from a completed registration or
# enrolment (services_credit) or, for an item without a programme, from a superior.
STATUS_MOVES = {
    PlanItemStatus.PLANNED: {
        PlanItemStatus.IN_PROGRESS,
        PlanItemStatus.CANCELLED,
        PlanItemStatus.DONE,
    },
    PlanItemStatus.IN_PROGRESS: {
        PlanItemStatus.PLANNED,
        PlanItemStatus.CANCELLED,
        PlanItemStatus.DONE,
    },
    PlanItemStatus.CANCELLED: {PlanItemStatus.PLANNED},
    PlanItemStatus.DONE: set(),
}


def plan_url(plan: DevelopmentPlan) -> str:
    return reverse("learning:plan_detail", args=[plan.pk])


def lock_plan(plan: DevelopmentPlan) -> DevelopmentPlan:
    """Re-read the plan under a row lock, so two clicks cannot both move it."""
    locked = DevelopmentPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    for name in ("status", "supervisor_id", "submitted_at", "agreed_at", "agreed_by_id"):
        setattr(plan, name, getattr(locked, name))
    plan.return_note = locked.return_note
    return plan


def current_supervisor(plan: DevelopmentPlan) -> Employee | None:
    if plan.supervisor_id:
        return plan.supervisor
    return supervisor_of(plan.employee, on=timezone.localdate())


def notify_other(actor: User, plan: DevelopmentPlan, *, verb: str, message: str | Text) -> None:
    """Tell the other party: the supervisor when the employee acted, else the employee."""
    if is_plan_owner(actor, plan):
        notify(
            user=user_of(current_supervisor(plan)),
            verb=verb,
            message=message,
            url=plan_url(plan),
        )
    else:
        notify(user=user_of(plan.employee), verb=verb, message=message, url=plan_url(plan))


def require_editor(actor: User, plan: DevelopmentPlan) -> None:
    if not can_edit_plan(actor, plan):
        raise PermissionDenied(
            _("Hanya pegawai yang bersangkutan dan atasannya yang dapat mengubah rencana ini.")
        )


def require_editable(plan: DevelopmentPlan) -> None:
    if plan.status == PlanStatus.SUBMITTED:
        raise ValidationError(
            _(
                "Rencana sedang menunggu persetujuan atasan; butirnya tidak dapat diubah sampai "
                "atasan menyepakati atau mengembalikannya."
            )
        )
    if plan.status == PlanStatus.AGREED:
        raise ValidationError(
            _(
                "Rencana sudah disepakati: ubah status butirnya, atau tambahkan butir baru "
                "(rencana lalu dibuka kembali untuk disepakati ulang)."
            )
        )


# --- items ----------------------------------------------------------------------------------


def _clean_item(
    plan: DevelopmentPlan,
    *,
    kind: str,
    target_date: dt.date | None,
    competency: Competency | None,
    programme: Programme | None,
    description: str,
    current: DevelopmentPlanItem | None = None,
) -> dict:
    errors: dict[str, list] = {}
    if kind not in PlanItemKind.values:
        errors["kind"] = [_("Pilih bentuk pengembangan.")]
    if not isinstance(target_date, dt.date):
        errors["target_date"] = [_("Target selesai wajib diisi.")]
    elif target_date.year != plan.year:
        errors["target_date"] = [
            _("Target selesai harus di dalam tahun rencana (%(year)d).") % {"year": plan.year}
        ]
    if competency is not None:
        if not isinstance(competency, Competency):
            errors["competency"] = [_("Kompetensi tidak dikenal.")]
        elif not competency.is_active and (
            current is None or current.competency_id != competency.pk
        ):
            errors["competency"] = [_("Kompetensi ini sudah tidak aktif.")]
    if programme is not None:
        if not isinstance(programme, Programme):
            errors["programme"] = [_("Program tidak dikenal.")]
        elif not programme.is_active and (current is None or current.programme_id != programme.pk):
            errors["programme"] = [_("Program ini sudah tidak aktif di katalog.")]
    description = (description or "").strip()
    if len(description) > 300:
        errors["description"] = [_("Uraian paling banyak 300 karakter.")]
    if competency is None and programme is None and not description:
        errors.setdefault("description", []).append(
            _("Isi kompetensi, program, atau uraian agar butir ini jelas maksudnya.")
        )
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "target_date": target_date,
        "competency": competency,
        "programme": programme,
        "description": description,
    }


def _reopen(actor: User, plan: DevelopmentPlan) -> None:
    plan.status = PlanStatus.DRAFT
    plan.agreed_at = None
    plan.agreed_by = None
    plan.save(update_fields=["status", "agreed_at", "agreed_by", "updated_at"])
    notify_other(
        actor,
        plan,
        verb="idp_reopened",
        message=Text(
            gettext_noop(
                "Rencana pengembangan %(year)d %(name)s dibuka kembali karena ada butir baru; "
                "perlu disepakati ulang."
            ),
            {"year": plan.year, "name": plan.employee.name},
        ),
    )


@records_actor
@transaction.atomic
def plan_item_add(
    *,
    actor: User,
    plan: DevelopmentPlan,
    kind: str,
    target_date: dt.date,
    competency: Competency | None = None,
    programme: Programme | None = None,
    description: str = "",
) -> DevelopmentPlanItem:
    """A manual item. On a draft or returned plan; on an agreed plan the new item reopens it
    (back to draft, to be submitted and agreed again); never while it waits for the supervisor."""
    require_editor(actor, plan)
    lock_plan(plan)
    if plan.status == PlanStatus.SUBMITTED:
        require_editable(plan)
    values = _clean_item(
        plan,
        kind=kind,
        target_date=target_date,
        competency=competency,
        programme=programme,
        description=description,
    )
    item = DevelopmentPlanItem.objects.create(plan=plan, source=PlanItemSource.MANUAL, **values)
    if plan.status == PlanStatus.AGREED:
        _reopen(actor, plan)
    return item


@records_actor
@transaction.atomic
def plan_item_update(
    *,
    actor: User,
    item: DevelopmentPlanItem,
    kind: str,
    target_date: dt.date,
    competency: Competency | None = None,
    programme: Programme | None = None,
    description: str = "",
) -> DevelopmentPlanItem:
    """Change an item's content while the plan is draft or returned. Its source stays (the
    badge says where the idea came from); a proposal will not touch it again."""
    plan = item.plan
    require_editor(actor, plan)
    require_editable(lock_plan(plan))
    if item.status == PlanItemStatus.DONE:
        raise ValidationError(_("Butir yang sudah selesai tidak dapat diubah."))
    values = _clean_item(
        plan,
        kind=kind,
        target_date=target_date,
        competency=competency,
        programme=programme,
        description=description,
        current=item,
    )
    for name, value in values.items():
        setattr(item, name, value)
    item.save()
    return item


@records_actor
@transaction.atomic
def plan_item_remove(*, actor: User, item: DevelopmentPlanItem) -> None:
    plan = item.plan
    require_editor(actor, plan)
    require_editable(lock_plan(plan))
    if item.status not in (PlanItemStatus.PLANNED, PlanItemStatus.CANCELLED):
        raise ValidationError(
            _("Hanya butir yang masih direncanakan atau batal yang dapat dihapus.")
        )
    if item.registrations.exists() or item.enrolments.exists():
        raise ValidationError(
            _(
                "Butir ini sudah dikaitkan dengan pendaftaran pelatihan atau e-learning; "
                "batalkan butirnya alih-alih menghapus."
            )
        )
    item.delete()


@records_actor
@transaction.atomic
def plan_item_set_status(
    *, actor: User, item: DevelopmentPlanItem, status: str
) -> DevelopmentPlanItem:
    """Move an item of an agreed plan: start it, cancel it, plan it again; a superior may
    declare an item without a programme done (one with a programme is done when its
    registration or enrolment is completed)."""
    plan = item.plan
    require_editor(actor, plan)
    lock_plan(plan)
    if plan.status != PlanStatus.AGREED:
        raise ValidationError(_("Status butir dapat diubah setelah rencana disepakati."))
    item = DevelopmentPlanItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    item.plan = plan
    if status not in PlanItemStatus.values:
        raise ValidationError({"status": [_("Status butir tidak dikenal.")]})
    if item.status == PlanItemStatus.DONE:
        raise ValidationError(_("Butir yang sudah selesai tidak dapat diubah."))
    if status not in STATUS_MOVES[PlanItemStatus(item.status)]:
        raise ValidationError(
            _("Status butir tidak dapat diubah dari %(a)s menjadi %(b)s.")
            % {"a": item.get_status_display(), "b": PlanItemStatus(status).label}
        )
    if status == PlanItemStatus.DONE:
        if item.programme_id is not None:
            raise ValidationError(
                _(
                    "Butir dengan program pelatihan selesai dengan sendirinya saat pelatihan "
                    "atau e-learning-nya dinyatakan selesai."
                )
            )
        if not can_decide_plan(actor, plan):
            raise ValidationError(_("Hanya atasan yang dapat menyatakan butir ini selesai."))
    item.status = status
    item.save(update_fields=["status", "updated_at"])
    notify_other(
        actor,
        plan,
        verb="idp_item_status",
        message=Text(
            gettext_noop("Butir rencana pengembangan %(name)s kini berstatus %(status)s: %(what)s"),
            {
                "name": plan.employee.name,
                "status": choice_label(item, "status"),
                "what": (
                    item.programme.title
                    if item.programme is not None
                    else item.competency.name
                    if item.competency is not None
                    else item.description
                )[:120],
            },
        ),
    )
    return item
