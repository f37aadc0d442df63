from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployeesConfig(AppConfig):
    name = "abdi.employees"
    label = "employees"
    verbose_name = _("Kepegawaian")

    def ready(self) -> None:
        # local: these import models, which exist only once the app registry calls ready()
        from abdi.employees.permissions import list_unit_paths
        from abdi.org.permissions import register_picker_scope

        # The employee list's unit picker: the units whose employees the list may show.
        register_picker_scope("employees", list_unit_paths)
