from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from abdi.core.derived import on_employee_units_changed


class CompetencyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "abdi.competency"
    label = "competency"
    verbose_name = _("Kompetensi")

    def ready(self) -> None:
        # local: these import models, which exist only once the app registry calls ready()
        from abdi.competency import signals
        from abdi.competency.tasks import employee_units_changed

        signals.connect()
        on_employee_units_changed(employee_units_changed)
