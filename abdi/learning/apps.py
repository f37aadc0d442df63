from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "abdi.learning"
    label = "learning"
    verbose_name = _("Pengembangan kompetensi")

    def ready(self) -> None:
        # local: these import models, which exist only once the app registry calls ready()
        from abdi.learning import permissions, signals
        from abdi.org.permissions import register_picker_scope

        signals.connect()
        # The unit pickers of the training-needs analysis and of the JP dashboard: the units
        # each page lets the user open.
        register_picker_scope("tna", permissions.tna_paths)
        register_picker_scope("jp_dashboard", permissions.dashboard_paths)
