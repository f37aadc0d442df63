from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "abdi.careers"
    label = "careers"
    verbose_name = _("Karier")

    def ready(self) -> None:
        # local: these import models, which exist only once the app registry calls ready()
        from abdi.careers.permissions.proposals import due_unit_paths
        from abdi.org.permissions import register_picker_scope

        # The due list's and workforce plan's unit pickers: the units those pages may show.
        register_picker_scope("careers", due_unit_paths)
