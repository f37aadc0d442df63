from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "abdi.performance"
    label = "performance"
    verbose_name = _("Manajemen kinerja")

    def ready(self) -> None:
        # local: models are not ready when apps.py is imported; ready() registers the hooks
        from abdi.core.derived import on_employee_units_changed
        from abdi.org.permissions import register_picker_scope
        from abdi.performance.permissions import skp_unit_paths
        from abdi.performance.selectors.team import calibratable_unit_paths, watchable_unit_paths
        from abdi.performance.services.counts import employee_units_changed

        on_employee_units_changed(employee_units_changed)
        # The SKP list's unit picker offers the units whose SKPs the user may see.
        register_picker_scope("skp", skp_unit_paths)
        # The monitoring pages' unit pickers: the units each page allows (forms/monitoring.py).
        register_picker_scope("monitor", watchable_unit_paths)
        register_picker_scope("calibration", calibratable_unit_paths)
