"""Reads of proposals and batches, each from the user's scope."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from abdi.accounts.models import User
from abdi.careers.models import CHECKLISTS, Proposal, ProposalBatch, ProposalStatus, ProposalStep
from abdi.careers.permissions.proposals import batches_visible_to, proposals_visible_to
from abdi.careers.spreadsheets import xlsx_bytes
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit

PROPOSAL_RELATED = (
    "employee",
    "employee__org_unit",
    "batch",
    "batch__org_unit",
    "current_rank",
    "proposed_rank",
    "grade",
)


def batch_list(*, user: User, kind: str = "") -> QuerySet[ProposalBatch]:
    qs = batches_visible_to(user).select_related("org_unit", "created_by")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(
        total=Count("proposals"),
        open_count=Count("proposals", filter=Q(proposals__status__in=ProposalStatus.open())),
        decreed=Count("proposals", filter=Q(proposals__status=ProposalStatus.DECREED)),
        refused=Count("proposals", filter=Q(proposals__status=ProposalStatus.REFUSED)),
    ).order_by("-created_at", "-pk")


def batch_detail_queryset(*, user: User) -> QuerySet[ProposalBatch]:
    return batches_visible_to(user).select_related("org_unit", "created_by")


def batch_proposals(batch: ProposalBatch) -> QuerySet[Proposal]:
    return batch.proposals.select_related(*PROPOSAL_RELATED).order_by("employee__name", "pk")


def proposal_list(
    *,
    user: User,
    kind: str = "",
    status: str = "",
    unit: OrgUnit | None = None,
    employee: Employee | None = None,
) -> QuerySet[Proposal]:
    qs = proposals_visible_to(user).select_related(*PROPOSAL_RELATED)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(batch__org_unit__path__startswith=unit.path)
    if employee is not None:
        qs = qs.filter(employee=employee)
    return qs.order_by("-created_at", "-pk")


def proposal_detail_queryset(*, user: User) -> QuerySet[Proposal]:
    return proposals_visible_to(user).select_related(*PROPOSAL_RELATED)


def proposal_steps(proposal: Proposal) -> QuerySet[ProposalStep]:
    return proposal.steps.select_related("actor").order_by("at", "pk")


def batch_xlsx(batch: ProposalBatch) -> bytes:
    """The batch as a spreadsheet: one row per proposal, then its documents."""
    headers = [
        "No",
        "NIP",
        "Nama",
        "Unit kerja",
        "Jenis usulan",
        "TMT diusulkan",
        "Golongan sekarang",
        "Golongan diusulkan / tanda kehormatan",
        "Status",
        "Nomor pertimbangan teknis",
        "Tanggal pertimbangan teknis",
        "Nomor SK",
        "Tanggal SK",
        "TMT SK",
        "Alasan penolakan",
    ]
    proposals = list(batch_proposals(batch))
    rows = []
    for i, p in enumerate(proposals, start=1):
        rows.append(
            [
                i,
                p.employee.nip,
                p.employee.full_name,
                p.employee.org_unit.name,
                p.get_kind_display(),
                p.due_date,
                p.current_rank.code if p.current_rank else "",
                p.proposed_rank.code if p.proposed_rank else (p.grade.name if p.grade else ""),
                p.get_status_display(),
                p.technical_number,
                p.technical_date,
                p.decree_number,
                p.decree_date,
                p.decree_effective_from,
                p.refusal_reason,
            ]
        )
    items = CHECKLISTS[batch.kind]
    documents = [
        [p.employee.nip, p.employee.full_name]
        + [bool(p.checklist.get(key)) for key, _label in items]
        for p in proposals
    ]
    return xlsx_bytes(
        [
            ("Usulan", headers, rows),
            (
                "Kelengkapan berkas",
                ["NIP", "Nama"] + [str(label) for _k, label in items],
                documents,
            ),
        ]
    )
