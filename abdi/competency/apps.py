from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "abdi.competency"
    label = "competency"
    verbose_name = _("Kompetensi")

    def ready(self) -> None:
        from abdi.competency import signals

        signals.connect()
