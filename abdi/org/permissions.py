"""The organisation (units, positions) is not personal data: every signed-in user may read it.
Only BKPSDM admins change it."""

from abdi.accounts.permissions import is_bkpsdm_admin


def can_manage_organisation(user) -> bool:
    return is_bkpsdm_admin(user)


PICKER_SCOPES = ("", "operator")


def picker_scope(user, scope: str) -> tuple[str, ...] | None:
    """The subtrees a searchable picker offers (None: every active unit). "operator": the units
    the user keeps personnel data for (BKPSDM everywhere, an OPD operator the OPD's subtree);
    "": all, the organisation being public (dispatching a complaint, a transfer's destination)."""
    from abdi.accounts.permissions import role_scope
    from abdi.accounts.roles import Role

    if scope != "operator" or is_bkpsdm_admin(user):
        return None
    return role_scope(user).paths_for(Role.OPERATOR)
