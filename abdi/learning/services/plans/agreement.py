"""The agreement on a development plan: the employee submits it, the supervisor agrees or returns it with a note (docs/decisions/0035-learning-plans.md)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.accounts.models import User
from abdi.core.audit import records_actor
from abdi.core.notifications import Text, notify
from abdi.core.services import user_of
from abdi.employees.selectors import supervisor_of
from abdi.learning.choices import (
    PlanItemStatus,
    PlanStatus,
)
from abdi.learning.models import DevelopmentPlan
from abdi.learning.permissions.plans import (
    can_decide_plan,
    can_submit_plan,
)
from abdi.learning.selectors.plans import (
    EDITABLE_PLAN,
)
from abdi.learning.services.plans.items import lock_plan, plan_url

# --- agreement ------------------------------------------------------------------------------


@records_actor
@transaction.atomic
def plan_submit(*, actor: User, plan: DevelopmentPlan) -> DevelopmentPlan:
    """The employee submits the plan to the supervisor of today (snapshot)."""
    if not can_submit_plan(actor, plan):
        raise PermissionDenied(_("Hanya pegawai yang bersangkutan yang dapat mengajukan rencana."))
    lock_plan(plan)
    if plan.status not in EDITABLE_PLAN:
        raise ValidationError(_("Rencana ini sudah diajukan atau disepakati."))
    if not plan.items.exclude(status=PlanItemStatus.CANCELLED).exists():
        raise ValidationError(_("Tambahkan minimal satu butir sebelum mengajukan rencana."))
    supervisor = supervisor_of(plan.employee, on=timezone.localdate())
    if supervisor is None:
        raise ValidationError(
            _(
                "Atasan Anda belum tercatat di struktur jabatan, sehingga rencana belum dapat "
                "diajukan. Hubungi operator kepegawaian."
            )
        )
    plan.status = PlanStatus.SUBMITTED
    plan.supervisor = supervisor
    plan.submitted_at = timezone.now()
    plan.save(update_fields=["status", "supervisor", "submitted_at", "updated_at"])
    notify(
        user=user_of(supervisor),
        verb="idp_submitted",
        message=Text(
            gettext_noop("%(name)s mengajukan rencana pengembangan %(year)d untuk disepakati."),
            {"name": plan.employee.name, "year": plan.year},
        ),
        url=plan_url(plan),
    )
    return plan


def _require_decider(actor: User, plan: DevelopmentPlan) -> None:
    if not can_decide_plan(actor, plan):
        raise PermissionDenied(_("Hanya atasan pegawai yang dapat menyepakati rencana ini."))
    lock_plan(plan)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("Hanya rencana yang sedang diajukan yang dapat diputuskan."))


@records_actor
@transaction.atomic
def plan_agree(*, actor: User, plan: DevelopmentPlan) -> DevelopmentPlan:
    _require_decider(actor, plan)
    plan.status = PlanStatus.AGREED
    plan.agreed_at = timezone.now()
    plan.agreed_by = actor
    plan.save(update_fields=["status", "agreed_at", "agreed_by", "updated_at"])
    notify(
        user=user_of(plan.employee),
        verb="idp_agreed",
        message=Text(
            gettext_noop("Rencana pengembangan %(year)d Anda disepakati atasan."),
            {"year": plan.year},
        ),
        url=plan_url(plan),
    )
    return plan


@records_actor
@transaction.atomic
def plan_return(*, actor: User, plan: DevelopmentPlan, note: str) -> DevelopmentPlan:
    note = (note or "").strip()
    _require_decider(actor, plan)
    if not note:
        raise ValidationError(
            {"note": [_("Tulis catatan pengembalian agar pegawai tahu apa yang perlu diubah.")]}
        )
    plan.status = PlanStatus.RETURNED
    plan.return_note = note
    plan.save(update_fields=["status", "return_note", "updated_at"])
    notify(
        user=user_of(plan.employee),
        verb="idp_returned",
        message=Text(
            gettext_noop("Rencana pengembangan %(year)d Anda dikembalikan: %(note)s"),
            {"year": plan.year, "note": note[:200]},
        ),
        url=plan_url(plan),
    )
    return plan
