from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "abdi.performance"
    label = "performance"
    verbose_name = _("Manajemen kinerja")

    def ready(self) -> None:
        from abdi.core.derived import on_employee_units_changed
        from abdi.performance.services.counts import employee_units_changed

        on_employee_units_changed(employee_units_changed)
