"""Writes of individual development plans (IDP): the proposal from gaps and evaluations, the
items, and the agreement between the employee and the supervisor. Each checks permission,
validates everything before writing (a clear Indonesian message, nothing written) and runs in
one transaction. Rules and choices: docs/decisions/0035-learning-plans.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from abdi.competency.models import Competency
from abdi.competency.selectors import employee_gaps
from abdi.core.audit import records_actor
from abdi.core.notifications import Text, choice_label, notify
from abdi.employees.models import Employee
from abdi.employees.permissions import own_employee
from abdi.employees.selectors_org import supervisor_of
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
    can_submit_plan,
    is_plan_owner,
)
from abdi.learning.selectors.plans import (
    EDITABLE_PLAN,
    kind_for_programme,
    programme_candidates,
    ranked,
)

# simple-history's change reason on every save a proposal makes: an item whose history has an
# update without it was changed by hand, and a new proposal leaves it alone.
PROPOSAL_REASON = "plan_propose"
PROPOSED_SOURCES = (PlanItemSource.GAP, PlanItemSource.EVALUATION)

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


def allowed_years(today: dt.date | None = None) -> tuple[int, int]:
    """A plan is made for this year or, from the year's end, for the next."""
    today = today or timezone.localdate()
    return (today.year, today.year + 1)


def _plan_url(plan: DevelopmentPlan) -> str:
    return reverse("learning:plan_detail", args=[plan.pk])


def _user_of(employee: Employee | None):
    return getattr(employee, "user", None) if employee is not None else None


def _lock(plan: DevelopmentPlan) -> DevelopmentPlan:
    """Re-read the plan under a row lock, so two clicks cannot both move it."""
    locked = DevelopmentPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    for name in ("status", "supervisor_id", "submitted_at", "agreed_at", "agreed_by_id"):
        setattr(plan, name, getattr(locked, name))
    plan.return_note = locked.return_note
    return plan


def _current_supervisor(plan: DevelopmentPlan) -> Employee | None:
    if plan.supervisor_id:
        return plan.supervisor
    return supervisor_of(plan.employee, on=timezone.localdate())


def _notify_other(actor, plan: DevelopmentPlan, *, verb: str, message: str | Text) -> None:
    """Tell the other party: the supervisor when the employee acted, else the employee."""
    if is_plan_owner(actor, plan):
        notify(
            user=_user_of(_current_supervisor(plan)),
            verb=verb,
            message=message,
            url=_plan_url(plan),
        )
    else:
        notify(user=_user_of(plan.employee), verb=verb, message=message, url=_plan_url(plan))


def _require_editor(actor, plan: DevelopmentPlan) -> None:
    if not can_edit_plan(actor, plan):
        raise PermissionDenied(
            _("Hanya pegawai yang bersangkutan dan atasannya yang dapat mengubah rencana ini.")
        )


def _require_editable(plan: DevelopmentPlan) -> None:
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


def _check_year(year: int) -> None:
    if year not in allowed_years():
        first, second = allowed_years()
        raise ValidationError(
            {
                "year": [
                    _("Rencana hanya dapat dibuat untuk tahun %(a)d atau %(b)d.")
                    % {"a": first, "b": second}
                ]
            }
        )


def _clamp(date: dt.date, year: int) -> dt.date:
    return min(max(date, dt.date(year, 1, 1)), dt.date(year, 12, 31))


def _target(year: int, days: int) -> dt.date:
    """`days` from today (or from the year's start, for next year's plan), inside the year."""
    start = max(timezone.localdate(), dt.date(year, 1, 1))
    return _clamp(start + dt.timedelta(days=days), year)


# --- opening and proposing ------------------------------------------------------------------


def _require_owner_or_superior(actor, employee: Employee) -> None:
    probe = DevelopmentPlan(employee=employee)
    if not can_edit_plan(actor, probe):
        raise PermissionDenied(
            _("Hanya pegawai yang bersangkutan dan atasannya yang dapat menyusun rencana ini.")
        )


def _get_or_create_plan(employee: Employee, year: int) -> tuple[DevelopmentPlan, bool]:
    plan, created = DevelopmentPlan.objects.get_or_create(employee=employee, year=year)
    if not created:
        plan = DevelopmentPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    plan.employee = employee
    return plan, created


@records_actor
@transaction.atomic
def plan_start(*, actor, employee: Employee, year: int) -> DevelopmentPlan:
    """The employee's plan for the year, created empty (draft) if there is none. A superior may
    start it for a subordinate (the employee is then told, since the plan is theirs to fill in
    and submit); an existing plan is returned as it is."""
    _require_owner_or_superior(actor, employee)
    existing = DevelopmentPlan.objects.filter(employee=employee, year=year).first()
    if existing is not None:
        return existing
    _check_year(year)
    plan, created = _get_or_create_plan(employee, year)
    if created and not is_plan_owner(actor, plan):
        me = own_employee(actor)
        notify(
            user=_user_of(employee),
            verb="idp_started",
            message=Text(
                gettext_noop(
                    "%(who)s menyusun rencana pengembangan %(year)d untuk Anda; lengkapi butirnya "
                    "lalu ajukan untuk disepakati."
                ),
                {"who": me.name if me else actor.get_username(), "year": year},
            ),
            url=_plan_url(plan),
        )
    return plan


@dataclass
class Proposal:
    plan: DevelopmentPlan
    added: list[DevelopmentPlanItem] = field(default_factory=list)
    refreshed: list[DevelopmentPlanItem] = field(default_factory=list)
    withdrawn: int = 0


def _hand_edited(item_ids) -> set[int]:
    """Items whose history shows a change a proposal did not make."""
    if not item_ids:
        return set()
    history = DevelopmentPlanItem.history.model
    return set(
        history.objects.filter(id__in=item_ids, history_type="~")
        .filter(Q(history_change_reason__isnull=True) | ~Q(history_change_reason=PROPOSAL_REASON))
        .values_list("id", flat=True)
    )


def _below_expectation(employee: Employee, year: int):
    """The latest released (or acknowledged) evaluation of the year or the one before in which
    work results or behaviour were below expectation, or None."""
    from abdi.performance.choices import EvaluationStatus, Rating
    from abdi.performance.models import Evaluation

    return (
        Evaluation.objects.filter(
            skp__employee=employee,
            period__performance_year__year__in=[year, year - 1],
            status__in=[EvaluationStatus.RELEASED, EvaluationStatus.ACKNOWLEDGED],
        )
        .filter(Q(work_result_rating=Rating.BELOW) | Q(behaviour_rating=Rating.BELOW))
        .select_related("period")
        .order_by("-period__end", "-pk")
        .first()
    )


def _evaluation_description(evaluation) -> str:
    from abdi.performance.choices import Rating

    work = evaluation.work_result_rating == Rating.BELOW
    behaviour = evaluation.behaviour_rating == Rating.BELOW
    if work and behaviour:
        text = _(
            "Coaching kinerja oleh atasan: hasil kerja dan perilaku kerja di bawah ekspektasi pada periode %(code)s."
        )
    elif work:
        text = _(
            "Coaching kinerja oleh atasan: hasil kerja di bawah ekspektasi pada periode %(code)s."
        )
    else:
        text = _(
            "Coaching kinerja oleh atasan: perilaku kerja di bawah ekspektasi pada periode %(code)s."
        )
    return text % {"code": evaluation.period.code}


def _gap_proposal(gap: dict, candidates, year: int) -> dict:
    """The fields of the item a gap proposes: the best programme, its kind, a target date."""
    competency, required, actual = gap["competency"], gap["required"], gap["actual"]
    best = ranked(candidates, required)[0] if candidates else None
    level = _("belum diases") if actual is None else str(actual)
    description = _("Kesenjangan %(name)s: level %(actual)s dari standar %(required)d.") % {
        "name": competency.name,
        "actual": level,
        "required": required,
    }
    if best is None:
        kind = PlanItemKind.MENTORING if gap["gap"] >= 2 else PlanItemKind.COACHING
        return {
            "kind": kind,
            "programme": None,
            "target_date": _target(year, 120),
            "description": description,
        }
    if best.session is not None and best.session.end_date.year == year:
        target = best.session.end_date
    elif best.has_course:
        target = _target(year, 60)
    else:
        target = _target(year, 180)
    return {
        "kind": kind_for_programme(best.programme),
        "programme": best.programme,
        "target_date": _clamp(target, year),
        "description": description,
    }


def _save_proposed(item: DevelopmentPlanItem) -> None:
    item._change_reason = PROPOSAL_REASON
    item.save()


def _refresh(item: DevelopmentPlanItem, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(item, name) != value:
            setattr(item, name, value)
            changed = True
    if changed:
        _save_proposed(item)
    return changed


@records_actor
@transaction.atomic
def plan_propose(*, actor, employee: Employee, year: int) -> Proposal:
    """Create (or refresh the proposed items of) the employee's plan for the year:

    - one item per competency below the current position's standard (source "gap", the gap
      stored), with the best active programme addressing it (reaches the required level, can
      be taken now, closest level) and its kind, else coaching (gap 1) or mentoring (gap ≥ 2);
    - one coaching item (source "evaluation", no competency) when a released or acknowledged
      evaluation of the year or the one before rated work results or behaviour below
      expectation.

    A competency that already has an item (of any source or status) gets no second one; a plan
    has at most one evaluation item. Proposed items that are still planned and that nobody
    changed by hand are refreshed, and withdrawn when their reason is gone; every other item is
    left as it is. Only a draft or returned plan takes proposals."""
    _require_owner_or_superior(actor, employee)
    _check_year(year)
    plan, _created = _get_or_create_plan(employee, year)
    _require_editable(plan)

    items = list(plan.items.all())
    edited = _hand_edited([i.pk for i in items])
    untouched = {
        i.pk
        for i in items
        if i.source in PROPOSED_SOURCES
        and i.status == PlanItemStatus.PLANNED
        and i.pk not in edited
    }
    proposal = Proposal(plan=plan)

    gaps = [g for g in employee_gaps(employee)["gaps"] if g["gap"] > 0]
    wanted = {g["competency"].pk for g in gaps}
    candidates = programme_candidates(wanted, year=year)
    for gap in gaps:
        competency = gap["competency"]
        values = _gap_proposal(gap, candidates.get(competency.pk, []), year)
        values["gap"] = gap["gap"]
        same = [i for i in items if i.competency_id == competency.pk]
        mine = [i for i in same if i.source == PlanItemSource.GAP and i.pk in untouched]
        if mine:
            if _refresh(mine[0], values):
                proposal.refreshed.append(mine[0])
            continue
        if same:
            continue
        item = DevelopmentPlanItem(
            plan=plan, competency=competency, source=PlanItemSource.GAP, **values
        )
        _save_proposed(item)
        items.append(item)
        proposal.added.append(item)

    stale = [
        i
        for i in items
        if i.pk in untouched and i.source == PlanItemSource.GAP and i.competency_id not in wanted
    ]

    evaluation = _below_expectation(employee, year)
    previous = [i for i in items if i.source == PlanItemSource.EVALUATION]
    if evaluation is not None:
        values = {
            "kind": PlanItemKind.COACHING,
            "competency": None,
            "programme": None,
            "description": _evaluation_description(evaluation),
        }
        if not previous:
            item = DevelopmentPlanItem(
                plan=plan,
                source=PlanItemSource.EVALUATION,
                target_date=_target(year, 90),
                **values,
            )
            _save_proposed(item)
            proposal.added.append(item)
        elif previous[0].pk in untouched and _refresh(previous[0], values):
            proposal.refreshed.append(previous[0])
    else:
        stale += [i for i in previous if i.pk in untouched]

    for item in stale:
        item._change_reason = PROPOSAL_REASON
        item.delete()
    proposal.withdrawn = len(stale)
    return proposal


# --- items ----------------------------------------------------------------------------------


def _clean_item(
    plan: DevelopmentPlan,
    *,
    kind,
    target_date,
    competency,
    programme,
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


def _reopen(actor, plan: DevelopmentPlan) -> None:
    plan.status = PlanStatus.DRAFT
    plan.agreed_at = None
    plan.agreed_by = None
    plan.save(update_fields=["status", "agreed_at", "agreed_by", "updated_at"])
    _notify_other(
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
    actor,
    plan: DevelopmentPlan,
    kind: str,
    target_date: dt.date,
    competency: Competency | None = None,
    programme: Programme | None = None,
    description: str = "",
) -> DevelopmentPlanItem:
    """A manual item. On a draft or returned plan; on an agreed plan the new item reopens it
    (back to draft, to be submitted and agreed again); never while it waits for the supervisor."""
    _require_editor(actor, plan)
    _lock(plan)
    if plan.status == PlanStatus.SUBMITTED:
        _require_editable(plan)
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
    actor,
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
    _require_editor(actor, plan)
    _require_editable(_lock(plan))
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
def plan_item_remove(*, actor, item: DevelopmentPlanItem) -> None:
    plan = item.plan
    _require_editor(actor, plan)
    _require_editable(_lock(plan))
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
def plan_item_set_status(*, actor, item: DevelopmentPlanItem, status: str) -> DevelopmentPlanItem:
    """Move an item of an agreed plan: start it, cancel it, plan it again; a superior may
    declare an item without a programme done (one with a programme is done when its
    registration or enrolment is completed)."""
    plan = item.plan
    _require_editor(actor, plan)
    _lock(plan)
    if plan.status != PlanStatus.AGREED:
        raise ValidationError(_("Status butir dapat diubah setelah rencana disepakati."))
    item = DevelopmentPlanItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    item.plan = plan
    if status not in PlanItemStatus.values:
        raise ValidationError({"status": [_("Status butir tidak dikenal.")]})
    if item.status == PlanItemStatus.DONE:
        raise ValidationError(_("Butir yang sudah selesai tidak dapat diubah."))
    if status not in STATUS_MOVES[item.status]:
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
    _notify_other(
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
                    if item.programme_id
                    else item.competency.name
                    if item.competency_id
                    else item.description
                )[:120],
            },
        ),
    )
    return item


# --- agreement ------------------------------------------------------------------------------


@records_actor
@transaction.atomic
def plan_submit(*, actor, plan: DevelopmentPlan) -> DevelopmentPlan:
    """The employee submits the plan to the supervisor of today (snapshot)."""
    if not can_submit_plan(actor, plan):
        raise PermissionDenied(_("Hanya pegawai yang bersangkutan yang dapat mengajukan rencana."))
    _lock(plan)
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
        user=_user_of(supervisor),
        verb="idp_submitted",
        message=Text(
            gettext_noop("%(name)s mengajukan rencana pengembangan %(year)d untuk disepakati."),
            {"name": plan.employee.name, "year": plan.year},
        ),
        url=_plan_url(plan),
    )
    return plan


def _require_decider(actor, plan: DevelopmentPlan) -> None:
    if not can_decide_plan(actor, plan):
        raise PermissionDenied(_("Hanya atasan pegawai yang dapat menyepakati rencana ini."))
    _lock(plan)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("Hanya rencana yang sedang diajukan yang dapat diputuskan."))


@records_actor
@transaction.atomic
def plan_agree(*, actor, plan: DevelopmentPlan) -> DevelopmentPlan:
    _require_decider(actor, plan)
    plan.status = PlanStatus.AGREED
    plan.agreed_at = timezone.now()
    plan.agreed_by = actor
    plan.save(update_fields=["status", "agreed_at", "agreed_by", "updated_at"])
    notify(
        user=_user_of(plan.employee),
        verb="idp_agreed",
        message=Text(
            gettext_noop("Rencana pengembangan %(year)d Anda disepakati atasan."),
            {"year": plan.year},
        ),
        url=_plan_url(plan),
    )
    return plan


@records_actor
@transaction.atomic
def plan_return(*, actor, plan: DevelopmentPlan, note: str) -> DevelopmentPlan:
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
        user=_user_of(plan.employee),
        verb="idp_returned",
        message=Text(
            gettext_noop("Rencana pengembangan %(year)d Anda dikembalikan: %(note)s"),
            {"year": plan.year, "note": note[:200]},
        ),
        url=_plan_url(plan),
    )
    return plan
