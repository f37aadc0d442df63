"""Models of the careers app, one module per sub-feature; re-exported here."""

from abdi.careers.models.mutations import (  # noqa: F401
    MutationParameter,
    RotationAction,
    RotationMove,
    RotationPlan,
    RotationPlanStatus,
    RotationPlanStep,
    TransferAction,
    TransferKind,
    TransferRequest,
    TransferStatus,
    TransferStep,
)
from abdi.careers.models.proposals import (  # noqa: F401
    CHECKLISTS,
    Proposal,
    ProposalAction,
    ProposalBatch,
    ProposalKind,
    ProposalStatus,
    ProposalStep,
    ServiceAwardGrade,
)
