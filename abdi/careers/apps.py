from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "abdi.careers"
    label = "careers"
    verbose_name = _("Karier")
