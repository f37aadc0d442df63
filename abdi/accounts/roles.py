"""The roles of Abdi. Each assignable role is a Group (with Django permissions) of the same name."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR = "operator", _("Operator kepegawaian")
    BKPSDM_ADMIN = "bkpsdm_admin", _("Admin BKPSDM")
    LEADER = "leader", _("Pimpinan")
    AUDITOR = "auditor", _("Auditor")
    COMPLAINT_COORDINATOR = "complaint_coordinator", _("Pengelola pengaduan")
    COMPLAINT_LIAISON = "complaint_liaison", _("Penghubung pengaduan unit")
    SERVICE_ADMIN = "service_admin", _("Admin layanan unit")
    # Scoped to one selection by its PanelMember rows (abdi.careers), never to a unit.
    SELECTION_PANEL = "selection_panel", _("Panitia seleksi")


# Roles that may be limited to a unit kerja subtree. The others always cover the whole agency.
SCOPED_ROLES = {Role.OPERATOR, Role.LEADER, Role.COMPLAINT_LIAISON, Role.SERVICE_ADMIN}
