"""The careers work of the home page and the "Tugas saya" page (see core/worklist.py), read-only:

- `scores_due`: a panel member's applicants not yet scored in the running stage of a selection
  in scoring (conflicts of interest declared are not theirs to score);
- `objections_to_answer`: BKPSDM's pending objections (sanggah) to selection results;
- `transfers_to_decide`: transfer requests at the approval step this user may give now (the
  home unit's operator, then the receiving unit's, then BKPSDM), and approved ones whose decree
  BKPSDM must record;
- `proposals_to_process`: BKPSDM's open KP/KGB/retirement proposals;
- `retirements_failing`: decreed retirements whose end of service failed on its day (retried
  daily), with the reason, for BKPSDM.

Each counts from the app's own scoped querysets, so the numbers agree with its pages."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.accounts.permissions import is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.careers.models import (
    Application,
    ApplicationState,
    ConflictDeclaration,
    Objection,
    ObjectionStatus,
    ProposalKind,
    ProposalStatus,
    Score,
    SelectionState,
    StageKind,
    TransferStatus,
)
from abdi.careers.permissions.mutations import transfer_approver_stage, transfers_visible_to
from abdi.careers.permissions.proposals import proposals_visible_to
from abdi.careers.permissions.selection import panel_selection_ids
from abdi.core.worklist import WorkEntry, WorkItem, work_item

PANEL_SCORED = (StageKind.WRITTEN_TEST, StageKind.COMPETENCY_ASSESSMENT, StageKind.INTERVIEW)
DECIDABLE = (
    TransferStatus.SUBMITTED,
    TransferStatus.HOME_APPROVED,
    TransferStatus.RECEIVING_APPROVED,
)
TRANSFERS_READ = 200  # open requests read to find those at this user's step


def careers_work(user: User, *, today: dt.date, detail: bool = False) -> list[WorkItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        *scores_due(user, detail=detail),
        *objections_to_answer(user, detail=detail),
        *transfers_to_decide(user, detail=detail),
        *proposals_to_process(user, detail=detail),
        *retirements_failing(user, detail=detail),
    ]


def scores_due(user: User, *, detail: bool = False) -> list[WorkItem]:
    """Applicants admitted to the running, panel-scored stage of a selection in scoring that
    this panel member has neither scored nor declared a conflict with."""
    selection_ids = panel_selection_ids(user)
    if not selection_ids:
        return []
    own_score = Score.objects.filter(
        application=OuterRef("pk"),
        stage=OuterRef("selection__current_stage"),
        member__user=user,
    )
    conflict = ConflictDeclaration.objects.filter(application=OuterRef("pk"), member__user=user)
    due = (
        Application.objects.filter(
            selection_id__in=selection_ids,
            selection__state=SelectionState.SCORING,
            selection__current_stage__kind__in=PANEL_SCORED,
            state=ApplicationState.ADMIN_PASSED,
        )
        .filter(~Exists(own_score), ~Exists(conflict))
        .select_related("employee", "selection", "selection__current_stage")
        .order_by("selection__closes_on", "selection_id", "pk")
    )
    return [
        work_item(
            due,
            lambda a: WorkEntry(
                title=a.applicant_name,
                url=reverse("careers:score", args=[a.pk, a.selection.current_stage_id]),
                detail=f"{a.selection} · {a.selection.current_stage}",
            ),
            detail=detail,
            key="selection_scores",
            label=_("Pelamar seleksi yang belum Anda nilai"),
            url=reverse("careers:panel_home"),
            icon="clipboard-check",
            action=_("Beri nilai"),
        )
    ]


def objections_to_answer(user: User, *, detail: bool = False) -> list[WorkItem]:
    if not is_bkpsdm_admin(user):
        return []
    pending = (
        Objection.objects.filter(status=ObjectionStatus.PENDING)
        .select_related("application__employee", "application__selection")
        .order_by("filed_at", "pk")
    )
    return [
        work_item(
            pending,
            lambda o: WorkEntry(
                title=o.application.applicant_name,
                url=reverse("careers:application_detail", args=[o.application_id]),
                detail=str(o.application.selection),
            ),
            detail=detail,
            key="selection_objections",
            label=_("Sanggahan seleksi menunggu jawaban"),
            url=reverse("careers:selection_list"),
            icon="exclamation-diamond",
            action=_("Jawab"),
        )
    ]


def transfers_to_decide(user: User, *, detail: bool = False) -> list[WorkItem]:
    """Requests at the step this user approves now; BKPSDM also the approved ones awaiting
    their decree. Only operators and BKPSDM approve, so others cost no query."""
    admin = is_bkpsdm_admin(user)
    if not admin and not role_scope(user).has(Role.OPERATOR):
        return []
    statuses = (*DECIDABLE, TransferStatus.APPROVED) if admin else DECIDABLE
    open_requests = list(
        transfers_visible_to(user)
        .filter(status__in=statuses)
        .select_related("employee", "home_unit", "destination_unit")
        .order_by("created_at", "pk")[:TRANSFERS_READ]
    )
    mine = [
        r
        for r in open_requests
        if (admin and r.status == TransferStatus.APPROVED)
        or transfer_approver_stage(user, r) is not None
    ]
    return [
        work_item(
            mine,
            lambda r: WorkEntry(
                title=r.employee.full_name,
                url=reverse("careers:transfer_detail", args=[r.pk]),
                detail=f"{r.destination_unit or r.destination_agency} · {r.get_status_display()}",
            ),
            detail=detail,
            key="transfers",
            label=_("Permohonan pindah menunggu keputusan Anda"),
            url=reverse("careers:transfers"),
            icon="arrow-left-right",
            action=_("Putuskan"),
        )
    ]


def proposals_to_process(user: User, *, detail: bool = False) -> list[WorkItem]:
    """Open proposals: verification, the technical approval and the decree are BKPSDM's."""
    if not is_bkpsdm_admin(user):
        return []
    open_proposals = (
        proposals_visible_to(user)
        .filter(status__in=ProposalStatus.open())
        .select_related("employee")
        .order_by("due_date", "pk")
    )
    return [
        work_item(
            open_proposals,
            lambda p: WorkEntry(
                title=p.employee.full_name,
                url=reverse("careers:proposal_detail", args=[p.pk]),
                detail=f"{p.get_kind_display()} · {p.get_status_display()}",
            ),
            detail=detail,
            key="proposals",
            label=_("Usulan kepegawaian menunggu proses BKPSDM"),
            url=reverse("careers:proposals"),
            icon="send",
            action=_("Proses"),
        )
    ]


def retirements_failing(user: User, *, detail: bool = False) -> list[WorkItem]:
    """Decreed retirements that failed to take effect on their TMT (the daily retry goes on),
    each with its reason: BKPSDM's to put right."""
    if not is_bkpsdm_admin(user):
        return []
    failing = (
        proposals_visible_to(user)
        .filter(
            kind=ProposalKind.BUP,
            status=ProposalStatus.DECREED,
            effect_failed_since__isnull=False,
        )
        .select_related("employee")
        .order_by("effect_failed_since", "pk")
    )
    return [
        work_item(
            failing,
            lambda p: WorkEntry(
                title=p.employee.full_name,
                url=reverse("careers:proposal_detail", args=[p.pk]),
                detail=_("TMT %(tmt)s · %(reason)s")
                % {
                    "tmt": f"{p.decree_effective_from:%d-%m-%Y}"
                    if p.decree_effective_from
                    else "—",
                    "reason": p.effect_failure[:120],
                },
                overdue=True,
            ),
            detail=detail,
            key="retirements_failing",
            label=_("Pensiun yang gagal berlaku (dicoba lagi setiap hari)"),
            url=reverse("careers:proposals") + "?kind=bup&status=decreed",
            icon="exclamation-octagon",
            action=_("Periksa"),
        )
    ]
