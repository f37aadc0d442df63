from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from abdi.core import unit_evidence


class InsightsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "abdi.insights"
    label = "insights"
    verbose_name = _("Wawasan pimpinan")

    def ready(self) -> None:
        # local: these import models, which exist only once the app registry calls ready()
        from abdi.insights.selectors.service_score import evidence_for
        from abdi.insights.signals import record_service_score

        post_save.connect(
            record_service_score,
            sender="performance.OrgUnitPredikat",
            dispatch_uid="insights-service-score-with-org-predikat",
        )
        unit_evidence.register(evidence_for)
