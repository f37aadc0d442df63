"""Who may see or do what in the SKP cycle. Every SKP/evaluation query starts from
`skps_visible_to` / `evaluations_visible_to`; a record outside them is a 404 to that user.

The appraiser is the SKP's snapshot (`skp.appraiser`, derived from the position tree when the SKP
was made) or the employee's supervisor today (acting officials included), so a change of
supervisor during the year hands the evaluation over without editing the SKP."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from abdi.accounts.models import User
from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.core.services import today as agency_today
from abdi.employees.permissions import below_position_ids, own_employee, subtree_q
from abdi.employees.positions import held_position_ids, supervisor_of
from abdi.org.models import OrgUnit, Position
from abdi.performance.choices import EvaluationStatus, ObjectionStatus, SKPStatus
from abdi.performance.models.evaluation import Evaluation, Objection
from abdi.performance.models.planning import SKP

EDITABLE = (SKPStatus.DRAFT, SKPStatus.RETURNED)
RELEASED = (EvaluationStatus.RELEASED, EvaluationStatus.ACKNOWLEDGED)

# The refusals of what only BKPSDM may do: require(is_bkpsdm_admin(user), ADMIN_ONLY) in a service,
# ADMIN_PAGE on a page.
ADMIN_ONLY = gettext_lazy("Hanya admin BKPSDM yang dapat melakukan ini.")
ADMIN_PAGE = gettext_lazy("Halaman ini untuk admin BKPSDM.")


def _below_ids(user: User) -> set[int]:
    return below_position_ids(user)


def skps_visible_to(user: User) -> QuerySet[SKP]:
    """Own SKPs; those I appraise (or am the appraiser's superior of) or that belong to staff below
    my positions; operators and leaders their subtree; BKPSDM admins and auditors all."""
    qs = SKP.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_bkpsdm_admin(user) or is_auditor(user):
        return qs
    paths = role_scope(user).paths_for(Role.OPERATOR, Role.LEADER)
    if paths is None:
        return qs
    condition = Q(employee__user_id=user.pk) | subtree_q(paths)
    if paths:
        condition |= subtree_q(paths, "employee__org_unit__path")
    me = own_employee(user)
    if me is not None:
        condition |= Q(appraiser=me) | Q(appraiser_superior=me)
        below = _below_ids(user)
        if below:
            condition |= Q(employee__position_id__in=below) | Q(position_id__in=below)
    return qs.filter(condition)


def skp_unit_paths(user: User) -> tuple[str, ...] | None:
    """The subtrees of the units whose SKPs the user may see, for the SKP list's unit picker
    (org picker scope "skp"; None: every unit). BKPSDM admins and auditors everywhere; operators
    and leaders their subtrees; a supervisor the units of the positions below theirs; everyone
    their own unit. The list itself stays scoped by skps_visible_to."""
    if not getattr(user, "is_authenticated", False):
        return ()
    if is_bkpsdm_admin(user) or is_auditor(user):
        return None
    paths = role_scope(user).paths_for(Role.OPERATOR, Role.LEADER)
    if paths is None:
        return None
    found = set(paths)
    below = _below_ids(user)
    if below:
        found.update(
            Position.objects.filter(pk__in=below)
            .values_list("org_unit__path", flat=True)
            .distinct()
        )
    me = own_employee(user)
    if me is not None and me.org_unit_id:
        found.add(me.org_unit.path)
    # The outermost subtrees only: a path under another adds nothing.
    ordered = sorted(found)
    return tuple(p for i, p in enumerate(ordered) if not any(p.startswith(q) for q in ordered[:i]))


def is_owner(user: User, skp: SKP) -> bool:
    return skp.employee.user_id is not None and skp.employee.user_id == user.pk


def is_appraiser(user: User, skp: SKP) -> bool:
    """The SKP's appraiser, or the employee's supervisor today (acting officials included)."""
    if is_owner(user, skp):  # first: the owner needs no employee record lookup
        return False
    me = own_employee(user)
    if me is None:
        return False
    if skp.appraiser_id is not None and skp.appraiser_id == me.pk:
        return True
    current = supervisor_of(skp.employee, on=agency_today())
    return current is not None and current.pk == me.pk


def can_view_skp(user: User, skp: SKP) -> bool:
    return skps_visible_to(user).filter(pk=skp.pk).exists()


def can_edit_skp(user: User, skp: SKP) -> bool:
    """Work results and indicators: the owner, while the version is a draft or returned."""
    return is_owner(user, skp) and skp.status in EDITABLE


def can_write_expectations(user: User, skp: SKP) -> bool:
    """The appraiser writes the 7 expectations; for the top of the agency (no appraiser in the
    tree) a BKPSDM admin writes them on the regional head's behalf."""
    if skp.status not in (*EDITABLE, SKPStatus.SUBMITTED) or is_owner(user, skp):
        return False
    if skp.from_performance_agreement:
        return is_bkpsdm_admin(user)
    return is_appraiser(user, skp)


def can_approve_skp(user: User, skp: SKP) -> bool:
    """Approve or return a submitted SKP: its appraiser, never the owner (for the top of the
    agency, a BKPSDM admin on the regional head's behalf)."""
    if skp.status != SKPStatus.SUBMITTED or is_owner(user, skp):
        return False
    if skp.from_performance_agreement:
        return is_bkpsdm_admin(user)
    return is_appraiser(user, skp)


def can_revise_skp(user: User, skp: SKP) -> bool:
    return is_owner(user, skp) and skp.status == SKPStatus.APPROVED


def can_log_progress(user: User, skp: SKP) -> bool:
    """Activities and realisations: the owner, on the approved (current) version."""
    return is_owner(user, skp) and skp.status == SKPStatus.APPROVED


def can_give_feedback(user: User, skp: SKP) -> bool:
    """The appraiser or anyone holding a position above the employee."""
    if is_owner(user, skp):
        return False
    if is_appraiser(user, skp):
        return True
    below = _below_ids(user)
    return bool(below) and (skp.employee.position_id in below or skp.position_id in below)


def can_evaluate(user: User, skp: SKP) -> bool:
    """Rate an SKP: its appraiser only (never the owner)."""
    return is_appraiser(user, skp)


def evaluations_visible_to(user: User) -> QuerySet[Evaluation]:
    """Evaluations of the SKPs I may see; my own only once released."""
    qs = Evaluation.objects.filter(skp__in=skps_visible_to(user))
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.exclude(Q(skp__employee__user_id=user.pk) & ~Q(status__in=RELEASED))


def skp_evaluations_visible_to(user: User, skp: SKP) -> QuerySet[Evaluation]:
    """The evaluations of an SKP the user may open (as `evaluations_visible_to`): its owner sees
    the released ones, without the scope computation."""
    if getattr(user, "is_authenticated", False) and is_owner(user, skp):
        return Evaluation.objects.filter(skp=skp, status__in=RELEASED)
    return evaluations_visible_to(user).filter(skp=skp)


def can_calibrate(user: User, unit: OrgUnit) -> bool:
    """BKPSDM admins everywhere; a unit head (held or acting) for their unit and the units below."""
    if is_bkpsdm_admin(user):
        return True
    me = own_employee(user)
    if me is None or unit is None:
        return False
    held = held_position_ids(me, on=agency_today())
    if not held:
        return False
    paths = Position.objects.filter(pk__in=held, is_unit_head=True).values_list(
        "org_unit__path", flat=True
    )
    return any(unit.path.startswith(p) for p in paths if p)


def can_adjust_evaluation(user: User, evaluation: Evaluation) -> bool:
    if evaluation.status not in (EvaluationStatus.DRAFT, EvaluationStatus.FINAL):
        return False
    if is_owner(user, evaluation.skp):
        return False
    return can_calibrate(user, evaluation.skp.org_unit)


def can_release_evaluation(user: User, evaluation: Evaluation) -> bool:
    if evaluation.status not in (EvaluationStatus.DRAFT, EvaluationStatus.FINAL):
        return False
    if is_owner(user, evaluation.skp):
        return False
    me = own_employee(user)
    if me is not None and me.pk == evaluation.evaluator_id:
        return True
    return can_calibrate(user, evaluation.skp.org_unit)


def can_acknowledge_evaluation(user: User, evaluation: Evaluation) -> bool:
    return is_owner(user, evaluation.skp) and evaluation.status == EvaluationStatus.RELEASED


def is_appraiser_superior(user: User, skp: SKP) -> bool:
    """The appraiser's superior: the SKP's snapshot, or the appraiser's supervisor today."""
    if is_owner(user, skp):  # first: the owner needs no employee record lookup
        return False
    me = own_employee(user)
    if me is None:
        return False
    if skp.appraiser_superior_id is not None and skp.appraiser_superior_id == me.pk:
        return True
    if skp.appraiser is None or skp.appraiser_id == me.pk:
        return False
    current = supervisor_of(skp.appraiser, on=agency_today())
    return current is not None and current.pk == me.pk


def can_decide_objection(user: User, objection: Objection) -> bool:
    if objection.status != ObjectionStatus.FILED:
        return False
    return is_appraiser_superior(user, objection.evaluation.skp)


def objections_visible_to(user: User) -> QuerySet[Objection]:
    return Objection.objects.filter(evaluation__in=evaluations_visible_to(user))
