"""Who may do what in competency development — the parts every area shares. Each area keeps its
own checks in `permissions_<area>.py` on top of these. Out of scope → 404, as everywhere."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from abdi.accounts.models import User
from abdi.accounts.permissions import is_bkpsdm_admin
from abdi.employees.models import Employee
from abdi.employees.permissions import below_position_ids, employees_visible_to

# The refusal of an action only BKPSDM's admins may take.
ADMIN_ONLY = gettext_lazy("Hanya admin BKPSDM yang dapat melakukan ini.")


def can_manage_learning(user: User) -> bool:
    """BKPSDM admins keep the catalogue, confirm seats, record completions and verify."""
    return is_bkpsdm_admin(user)


def learners_visible_to(user: User) -> QuerySet[Employee]:
    """Whose development data the user may see: whoever sees the employee."""
    return employees_visible_to(user)


def is_superior_of(user: User, employee: Employee) -> bool:
    """The user's employee stands above `employee` in the position tree (acting included)."""
    return employee.position_id is not None and employee.position_id in below_position_ids(user)


__all__ = [
    "ADMIN_ONLY",
    "below_position_ids",
    "can_manage_learning",
    "is_superior_of",
    "learners_visible_to",
]
