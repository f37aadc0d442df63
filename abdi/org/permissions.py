"""The organisation (units, positions) is not personal data: every signed-in user may read it.
Only BKPSDM admins change it."""

from abdi.accounts.permissions import is_bkpsdm_admin


def can_manage_organisation(user) -> bool:
    return is_bkpsdm_admin(user)
