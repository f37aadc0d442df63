from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "abdi.talent"
    label = "talent"
    verbose_name = _("Manajemen talenta")

    def ready(self) -> None:
        # local: these import models, which exist only once the app registry calls ready()
        from abdi.org.permissions import register_picker_scope
        from abdi.talent.permissions import talent_paths

        # The talent pages' unit pickers (map, changes, review): the units on the user's map.
        register_picker_scope("talent", talent_paths)
