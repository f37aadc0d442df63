"""Who holds which role, and over which part of the unit kerja tree."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from abdi.accounts.models import User
from abdi.accounts.roles import Role


@dataclass(frozen=True)
class RoleScope:
    """The roles of one user: agency-wide roles, and unit-scoped roles as tree paths."""

    agency_wide: frozenset[str] = frozenset()
    unit_paths: dict[str, tuple[str, ...]] = field(default_factory=dict)
    groups: frozenset[str] = frozenset()  # Group names, read in the same query

    def has(self, *roles: str) -> bool:
        return any(r in self.agency_wide or r in self.unit_paths for r in roles)

    def paths_for(self, *roles: str) -> tuple[str, ...] | None:
        """None means agency-wide; otherwise the subtree paths the roles cover."""
        if any(r in self.agency_wide for r in roles):
            return None
        paths: list[str] = []
        for r in roles:
            paths.extend(self.unit_paths.get(r, ()))
        return tuple(paths)


def role_scope(user: User) -> RoleScope:
    """The user's role scope, computed once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return RoleScope()
    cached = getattr(user, "_abdi_role_scope", None)
    if cached is not None:
        return cached
    agency_wide: set[str] = set()
    unit_paths: dict[str, list[str]] = {}
    if user.is_superuser:
        agency_wide.update(Role.values)
    groups: set[str] = set()
    # One query for the role assignments and the Group names (a role given as a Group only,
    # such as the selection panel, is known without another query on every page).
    rows = (
        get_user_model()
        ._default_manager.filter(pk=user.pk)
        .values_list("role_assignments__role", "role_assignments__org_unit__path", "groups__name")
    )
    for role, path, group in rows:
        if group is not None:
            groups.add(group)
        if role is None:
            continue
        if path is None:
            agency_wide.add(role)
        elif path not in unit_paths.setdefault(role, []):
            unit_paths[role].append(path)
    scope = RoleScope(
        frozenset(agency_wide), {k: tuple(v) for k, v in unit_paths.items()}, frozenset(groups)
    )
    user._abdi_role_scope = scope
    return scope


def is_bkpsdm_admin(user: User) -> bool:
    return (
        bool(getattr(user, "is_superuser", False))
        or Role.BKPSDM_ADMIN in role_scope(user).agency_wide
    )


def is_auditor(user: User) -> bool:
    return bool(getattr(user, "is_superuser", False)) or role_scope(user).has(Role.AUDITOR)
