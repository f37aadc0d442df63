from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "abdi.learning"
    label = "learning"
    verbose_name = _("Pengembangan kompetensi")

    def ready(self) -> None:
        # local: app registry: these modules import models, which exist only once ready() runs
        from abdi.learning import signals
        from abdi.learning.permissions.credit import dashboard_paths
        from abdi.learning.permissions.plans import tna_paths
        from abdi.org.permissions import register_picker_scope

        signals.connect()
        # The unit pickers of the training-needs analysis and of the JP dashboard: the units
        # each page lets the user open.
        register_picker_scope("tna", tna_paths)
        register_picker_scope("jp_dashboard", dashboard_paths)
