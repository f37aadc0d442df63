from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from abdi.core.derived import on_employee_units_changed


class PerformanceConfig(AppConfig):
    name = "abdi.performance"
    label = "performance"
    verbose_name = _("Manajemen kinerja")

    def ready(self) -> None:
        # local: these import models, which exist only once the app registry calls ready()
        from abdi.org.permissions import register_picker_scope
        from abdi.performance import permissions, selectors, services

        on_employee_units_changed(services.employee_units_changed)
        # The SKP list's unit picker offers the units whose SKPs the user may see.
        register_picker_scope("skp", permissions.skp_unit_paths)
        # The monitoring pages' unit pickers: the units each page allows (forms/monitoring.py).
        register_picker_scope("monitor", selectors.watchable_unit_paths)
        register_picker_scope("calibration", selectors.calibratable_unit_paths)
