from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from abdi.accounts.roles import Role
from abdi.core.models import TimeStampedModel

if TYPE_CHECKING:
    from abdi.accounts.permissions import RoleScope
    from abdi.employees.models import Employee
    from abdi.org.models import OrgUnit


class User(AbstractUser):
    """A login. The person behind it, if an ASN, is the Employee linked to it."""

    # Per-request caches the permission helpers keep on the user object (never saved).
    _abdi_role_scope: "RoleScope"
    _abdi_panel_selections: set[int]
    _abdi_headed_units: "tuple[OrgUnit, ...]"
    _abdi_employee: "Employee | None"
    _abdi_below_positions: set[int]
    _abdi_held_positions: set[int]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")


class RoleAssignment(TimeStampedModel):
    """Gives a user a role, for the whole agency or one unit kerja subtree.

    Supervisors (atasan) are never assigned: they follow from the position tree.
    """

    user = models.ForeignKey(
        User, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)
    org_unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("lingkup unit kerja"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        help_text=_("Kosongkan untuk seluruh instansi."),
    )

    class Meta:
        verbose_name = _("penugasan peran")
        verbose_name_plural = _("penugasan peran")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "org_unit"],
                name="role_assignment_unique",
                violation_error_message=_("Pengguna sudah memiliki peran ini pada unit tersebut."),
            )
        ]

    def __str__(self) -> str:
        scope = self.org_unit.name if self.org_unit else _("seluruh instansi")
        return f"{self.user} — {self.get_role_display()} ({scope})"
