from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "abdi.talent"
    label = "talent"
    verbose_name = _("Manajemen talenta")
