"""The roles of Abdi. Each assignable role is a Group (with Django permissions) of the same name."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR = "operator", _("Operator kepegawaian")
    BKPSDM_ADMIN = "bkpsdm_admin", _("Admin BKPSDM")
    LEADER = "leader", _("Pimpinan")
    AUDITOR = "auditor", _("Auditor")


# Roles that may be limited to a unit kerja subtree. The others always cover the whole agency.
SCOPED_ROLES = {Role.OPERATOR, Role.LEADER}
