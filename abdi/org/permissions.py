"""The organisation (units, positions) is not personal data: every signed-in user may read it.
Only BKPSDM admins change it."""

from collections.abc import Callable
from typing import Any

from abdi.accounts.models import User
from abdi.accounts.permissions import is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role


def can_manage_organisation(user: User) -> bool:
    return is_bkpsdm_admin(user)


PICKER_SCOPES = ("", "operator")

# Scopes another app adds from its AppConfig.ready() (org imports no app above it): the name a
# picker widget carries, and the function giving a user's subtrees (None: every active unit).
PICKER_SCOPE_HOOKS: dict[str, Callable[[Any], tuple[str, ...] | None]] = {}


def register_picker_scope(name: str, subtrees: Callable[[Any], tuple[str, ...] | None]) -> None:
    """Let pickers use scope `name`, its subtrees computed by `subtrees(user)` on the server."""
    PICKER_SCOPE_HOOKS[name] = subtrees


def picker_scope(user: User, scope: str) -> tuple[str, ...] | None:
    """The subtrees a searchable picker offers (None: every active unit). "operator": the units
    the user keeps personnel data for (BKPSDM everywhere, an OPD operator the OPD's subtree);
    "": all, the organisation being public (dispatching a complaint, a transfer's destination);
    a registered scope (PICKER_SCOPE_HOOKS) its app's answer."""

    if scope in PICKER_SCOPE_HOOKS:
        return PICKER_SCOPE_HOOKS[scope](user)
    if scope != "operator" or is_bkpsdm_admin(user):
        return None
    return role_scope(user).paths_for(Role.OPERATOR)
