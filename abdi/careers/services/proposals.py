"""Writes of the proposal workflow. Each state change is a ProposalStep with actor and time;
the employee's history (rank, KGB, award) changes only when the decree is recorded, through the
employees services."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task_backends

from abdi.accounts.models import User
from abdi.careers import rules
from abdi.careers.models import (
    CHECKLISTS,
    Proposal,
    ProposalAction,
    ProposalBatch,
    ProposalKind,
    ProposalStatus,
    ProposalStep,
)
from abdi.careers.permissions.proposals import (
    bkpsdm_admin_users,
    can_decide_proposal,
    can_propose,
    employees_proposable_by,
)
from abdi.careers.selectors.due import DueList, DueRow
from abdi.core.audit import records_actor
from abdi.core.calendar import JAKARTA
from abdi.core.concurrency import Conflict
from abdi.core.notifications import Text, notify
from abdi.core.selectors import reference_tables
from abdi.core.services import lock_in_order
from abdi.employees import services as employee_services
from abdi.employees.models import Employee
from abdi.employees.permissions import can_manage_unit
from abdi.employees.services import service_end, service_end_on_tmt
from abdi.org.models import OrgUnit

logger = logging.getLogger(__name__)

MAX_PERIOD_DAYS = 366 * 2 + 1
AWARD_ISSUER = "Presiden Republik Indonesia"


def _step(proposal: Proposal, action: str, actor: User, note: str = "") -> ProposalStep:
    return ProposalStep.objects.create(
        proposal=proposal, action=action, status=proposal.status, actor=actor, note=note
    )


def _locked(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("employee", "batch", "proposed_rank", "grade")
        .get(pk=proposal.pk)
    )


def _who(employee: Employee) -> str:
    return f"{employee.full_name} ({employee.nip})"


@records_actor
@transaction.atomic
def proposal_batch_create(
    *,
    actor: User,
    kind: str,
    period_start: dt.date,
    period_end: dt.date,
    org_unit: OrgUnit,
    employees: Sequence[Employee],
    note: str = "",
) -> ProposalBatch:
    """Propose the employees due in the period, all or none. Someone not due (or blocked, or
    already proposed) refuses the whole batch with a message naming them and why."""
    if not can_propose(actor):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if kind not in ProposalKind.values:
        errors["kind"] = [_("Jenis usulan tidak dikenal.")]
    if period_end < period_start:
        errors["period_end"] = [_("Akhir periode tidak boleh sebelum awal periode.")]
    elif (period_end - period_start).days > MAX_PERIOD_DAYS:
        errors["period_end"] = [_("Periode usulan paling lama dua tahun.")]
    if not can_manage_unit(actor, org_unit):
        errors["org_unit"] = [_("Unit pengusul di luar wewenang Anda.")]
    if not employees:
        errors["employees"] = [_("Pilih paling sedikit satu pegawai.")]
    if errors:
        raise ValidationError(errors)
    ids = sorted({e.pk for e in employees})
    # Lock the employees in a stable order: two operators proposing overlapping batches wait
    # for each other instead of both passing the "already proposed" check.
    locked = lock_in_order(
        employees_proposable_by(actor).filter(pk__in=ids, org_unit__path__startswith=org_unit.path)
    )
    found = {e.pk for e in locked}
    problems = [
        _("%(who)s di luar unit pengusul atau wewenang Anda.") % {"who": _who(e)}
        for e in employees
        if e.pk not in found
    ]
    employees_by_id = {
        e.pk: e
        for e in Employee.objects.filter(pk__in=found).select_related(
            "rank", "position", "org_unit", "education_level"
        )
    }
    due = DueList(kind=kind, period_start=period_start, period_end=period_end)
    rows: list[tuple[DueRow, dt.date]] = []
    for pk in sorted(found):
        row = due.evaluate(employees_by_id[pk])
        if row.open_proposal is not None:
            problems.append(
                _("%(who)s sudah diusulkan dan usulannya belum selesai.")
                % {"who": _who(row.employee)}
            )
        elif row.due_date is None or row.reasons:
            problems.append(
                _("%(who)s belum memenuhi syarat: %(why)s")
                % {"who": _who(row.employee), "why": " ".join(row.reasons)}
            )
        else:
            rows.append((row, row.due_date))
    if problems:
        raise ValidationError({"employees": problems})
    batch = ProposalBatch.objects.create(
        kind=kind,
        org_unit=org_unit,
        period_start=period_start,
        period_end=period_end,
        note=note.strip(),
        created_by=actor,
    )
    for row, due_date in rows:
        proposal = Proposal.objects.create(
            batch=batch,
            employee=row.employee,
            kind=kind,
            due_date=due_date,
            current_rank=row.employee.rank if kind == ProposalKind.KP else None,
            proposed_rank_id=row.proposed_rank_id,
            grade_id=row.grade_id,
        )
        _step(proposal, ProposalAction.PROPOSE, actor, note.strip())
    return batch


def _decider(actor: User, proposal: Proposal) -> None:
    if not can_decide_proposal(actor, proposal):
        raise PermissionDenied


@records_actor
@transaction.atomic
def proposal_verify(
    *, actor: User, proposal: Proposal, checklist: Mapping[str, bool], note: str = ""
) -> Proposal:
    """BKPSDM ticks the documents (the retirement dossier) one by one; all must be present."""
    proposal = _locked(proposal)
    _decider(actor, proposal)
    if proposal.status != ProposalStatus.PROPOSED:
        raise Conflict(_("Hanya usulan yang baru diajukan yang dapat diverifikasi."))
    items = CHECKLISTS[proposal.kind]
    ticked = {key: bool(checklist.get(key)) for key, _label in items}
    missing = [str(label) for key, label in items if not ticked[key]]
    if missing:
        raise ValidationError(
            {"checklist": [_("Berkas belum lengkap: %(items)s.") % {"items": "; ".join(missing)}]}
        )
    proposal.checklist = ticked
    proposal.status = ProposalStatus.VERIFIED
    proposal.save(update_fields=["checklist", "status", "updated_at"])
    _step(proposal, ProposalAction.VERIFY, actor, note.strip())
    return proposal


@records_actor
@transaction.atomic
def proposal_record_technical_approval(
    *, actor: User, proposal: Proposal, number: str, date: dt.date, note: str = ""
) -> Proposal:
    """BKN's technical approval (pertimbangan teknis) of a KP or retirement proposal."""
    proposal = _locked(proposal)
    _decider(actor, proposal)
    if not ProposalKind.needs_technical_approval(proposal.kind):
        raise ValidationError(_("Usulan jenis ini tidak memerlukan pertimbangan teknis BKN."))
    if proposal.status != ProposalStatus.VERIFIED:
        raise Conflict(_("Pertimbangan teknis dicatat sesudah berkas diverifikasi."))
    errors: dict[str, list[str]] = {}
    if not number.strip():
        errors["number"] = [_("Nomor pertimbangan teknis wajib diisi.")]
    if date > timezone.localdate():
        errors["date"] = [_("Tanggal pertimbangan teknis tidak boleh di masa depan.")]
    if errors:
        raise ValidationError(errors)
    proposal.technical_number, proposal.technical_date = number.strip(), date
    proposal.status = ProposalStatus.APPROVED
    proposal.save(update_fields=["technical_number", "technical_date", "status", "updated_at"])
    _step(proposal, ProposalAction.APPROVE, actor, note.strip())
    return proposal


@records_actor
@transaction.atomic
def proposal_record_decree(
    *,
    actor: User,
    proposal: Proposal,
    decree_number: str,
    decree_date: dt.date,
    effective_from: dt.date,
    basic_salary: int | None = None,
    note: str = "",
) -> Proposal:
    """The decree (SK): only now the rank, KGB or award row is written to the employee."""
    proposal = _locked(proposal)
    _decider(actor, proposal)
    ready = (
        ProposalStatus.APPROVED
        if ProposalKind.needs_technical_approval(proposal.kind)
        else ProposalStatus.VERIFIED
    )
    if proposal.status != ready:
        raise Conflict(
            _("SK dicatat sesudah pertimbangan teknis BKN.")
            if ready == ProposalStatus.APPROVED
            else _("SK dicatat sesudah berkas diverifikasi.")
        )
    errors: dict[str, list[str]] = {}
    if not decree_number.strip():
        errors["decree_number"] = [_("Nomor SK wajib diisi.")]
    if decree_date > timezone.localdate():
        errors["decree_date"] = [_("Tanggal SK tidak boleh di masa depan.")]
    if proposal.technical_date and decree_date < proposal.technical_date:
        errors.setdefault("decree_date", []).append(
            _("Tanggal SK tidak boleh sebelum tanggal pertimbangan teknis.")
        )
    tmt_problem = None
    if proposal.kind == ProposalKind.KP:
        tmt_problem = rules.kp_decree_tmt_problem(
            effective_from=effective_from,
            due_date=proposal.due_date,
            schedules=reference_tables().promotion_schedules,
        )
    elif proposal.kind == ProposalKind.BUP:
        tmt_problem = rules.bup_decree_tmt_problem(
            effective_from=effective_from, due_date=proposal.due_date
        )
    if tmt_problem:
        errors["effective_from"] = [tmt_problem]
    if errors:
        raise ValidationError(errors)
    employee = proposal.employee
    number = decree_number.strip()
    if proposal.kind == ProposalKind.KP:
        assert proposal.proposed_rank is not None  # a KP proposal is made with its next rank
        employee_services.rank_history_add(
            actor=actor,
            employee=employee,
            rank=proposal.proposed_rank,
            effective_from=effective_from,
            decree_number=number,
            decree_date=decree_date,
        )
    elif proposal.kind == ProposalKind.KGB:
        employee_services.salary_step_add(
            actor=actor,
            employee=employee,
            effective_from=effective_from,
            decree_number=number,
            decree_date=decree_date,
            basic_salary=basic_salary,
        )
    elif proposal.kind == ProposalKind.SATYALANCANA:
        assert proposal.grade is not None  # an award proposal is made with its grade
        employee_services.award_add(
            actor=actor,
            employee=employee,
            name=proposal.grade.name,
            awarded_on=decree_date,
            issuer=AWARD_ISSUER,
            decree_number=number,
        )
    proposal.decree_number, proposal.decree_date = number, decree_date
    proposal.decree_effective_from, proposal.basic_salary = effective_from, basic_salary
    proposal.status = ProposalStatus.DECREED
    proposal.save(
        update_fields=[
            "decree_number",
            "decree_date",
            "decree_effective_from",
            "basic_salary",
            "status",
            "updated_at",
        ]
    )
    _step(proposal, ProposalAction.DECREE, actor, note.strip())
    if proposal.kind == ProposalKind.BUP:
        if effective_from <= timezone.localdate():
            retirement_take_effect(actor=actor, proposal=proposal)
        else:  # Retirement ends active service on its TMT: the worker does it on the date.
            proposal_id = proposal.pk
            transaction.on_commit(lambda: _schedule_retirement(proposal_id, effective_from))
    return proposal


def _schedule_retirement(proposal_id: int, when: dt.date) -> None:
    # local: tasks_proposals imports this module (cycle)
    from abdi.careers.tasks_proposals import end_service_for_retirement

    if task_backends["default"].supports_defer:
        run_after = dt.datetime.combine(when, dt.time(0, 5), tzinfo=JAKARTA)
        end_service_for_retirement.using(run_after=run_after).enqueue(proposal_id=proposal_id)
    # Otherwise (and as a backstop) the daily `manage.py end_service_due` ends it on the date.


def _retirement_due(proposal: Proposal) -> bool:
    return (
        proposal.kind == ProposalKind.BUP
        and proposal.status == ProposalStatus.DECREED
        and proposal.decree_effective_from is not None
        and proposal.decree_effective_from <= timezone.localdate()
        and Employee.objects.filter(pk=proposal.employee_id, is_active=True).exists()
    )


@records_actor
@transaction.atomic
def retirement_take_effect(*, actor: User, proposal: Proposal) -> bool:
    """End the employee's active service on a decreed retirement's TMT (through the employees
    services, as `actor`). False when there is nothing to do (TMT ahead, already ended)."""
    proposal = _locked(proposal)
    if not _retirement_due(proposal):
        return False
    assert proposal.decree_effective_from is not None  # for mypy: checked by _retirement_due
    service_end(
        actor=actor,
        employee=proposal.employee,
        effective_from=proposal.decree_effective_from,
        decree_number=proposal.decree_number,
        reason=_("Pensiun batas usia"),
    )
    return True


@transaction.atomic
def retirement_take_effect_on_tmt(*, proposal_id: int) -> bool:
    """The worker's half: end service on the TMT of a retirement decree recorded ahead of it.
    The decree authorised it, so no one's role is checked today (the recorder may have moved
    on); the history names the decree's recorder. False when there is nothing to do."""
    proposal = _locked(Proposal(pk=proposal_id))
    if not _retirement_due(proposal):
        return False
    assert proposal.decree_effective_from is not None  # for mypy: checked by _retirement_due
    step = (
        proposal.steps.filter(action=ProposalAction.DECREE)
        .select_related("actor")
        .order_by("-pk")
        .first()
    )
    service_end_on_tmt(
        recorded_by=step.actor if step is not None else None,
        employee=proposal.employee,
        effective_from=proposal.decree_effective_from,
        decree_number=proposal.decree_number,
        reason=_("Pensiun batas usia"),
    )
    return True


def retirement_take_effect_recorded(*, proposal_id: int) -> bool:
    """`retirement_take_effect_on_tmt`, and what came of it kept on the proposal: a failure
    (rolled back) is recorded in its own transaction with its reason and BKPSDM's admins are
    notified — once per failure: the daily retries of the same failure stay quiet, a new reason
    is a new failure. A success clears the record. Re-raises the failure."""
    try:
        ended = retirement_take_effect_on_tmt(proposal_id=proposal_id)
    except Exception as exc:
        _record_effect_failure(proposal_id, exc)
        raise
    if ended:
        Proposal.objects.filter(pk=proposal_id).exclude(effect_failed_since=None).update(
            effect_failed_since=None, effect_failure=""
        )
    return ended


def _failure_reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(str(m) for m in exc.messages)[:1000]
    return (f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)[:1000]


@transaction.atomic
def _record_effect_failure(proposal_id: int, exc: Exception) -> None:
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("employee")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        return
    reason = _failure_reason(exc)
    if proposal.effect_failed_since is not None and proposal.effect_failure == reason:
        return  # the same failure as yesterday: already told
    proposal.effect_failed_since = proposal.effect_failed_since or timezone.now()
    proposal.effect_failure = reason
    proposal.save(update_fields=["effect_failed_since", "effect_failure", "updated_at"])
    message = Text(
        gettext_noop(
            "Pemberhentian pensiun %(name)s (NIP %(nip)s, TMT %(tmt)s) gagal berlaku: "
            "%(reason)s. Abdi mencoba lagi setiap hari."
        ),
        {
            "name": proposal.employee.full_name,
            "nip": proposal.employee.nip,
            "tmt": f"{proposal.decree_effective_from:%d-%m-%Y}"
            if proposal.decree_effective_from
            else "—",
            "reason": reason[:150],
        },
    )
    url = reverse("careers:proposal_detail", args=[proposal.pk])
    admins = list(bkpsdm_admin_users())
    transaction.on_commit(
        lambda: [notify(user=u, verb="retirement_failed", message=message, url=url) for u in admins]
    )


def retirements_due_take_effect() -> tuple[int, list[int]]:
    """End service for every decreed retirement whose TMT has come (the daily backstop of the
    tasks enqueued for each TMT). Each in its own transaction: one that fails is logged,
    recorded on the proposal (BKPSDM notified once) and the others go on. Returns (ended, pks
    of the proposals that failed)."""
    due = (
        Proposal.objects.filter(
            kind=ProposalKind.BUP,
            status=ProposalStatus.DECREED,
            decree_effective_from__lte=timezone.localdate(),
            employee__is_active=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ended, failed = 0, []
    for proposal_id in list(due):
        try:
            ended += retirement_take_effect_recorded(proposal_id=proposal_id)
        except Exception:
            logger.exception("retirement of proposal %s could not take effect", proposal_id)
            failed.append(proposal_id)
    return ended, failed


@records_actor
@transaction.atomic
def proposal_refuse(*, actor: User, proposal: Proposal, reason: str) -> Proposal:
    """A refused proposal keeps its reason; the employee can be proposed again in a new batch."""
    proposal = _locked(proposal)
    _decider(actor, proposal)
    if not proposal.is_open:
        raise Conflict(_("Usulan ini sudah selesai."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Alasan penolakan wajib diisi.")]})
    proposal.status, proposal.refusal_reason = ProposalStatus.REFUSED, reason.strip()
    proposal.save(update_fields=["status", "refusal_reason", "updated_at"])
    _step(proposal, ProposalAction.REFUSE, actor, reason.strip())
    return proposal
