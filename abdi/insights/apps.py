from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "abdi.insights"
    label = "insights"
    verbose_name = _("Wawasan pimpinan")

    def ready(self) -> None:
        # local: models are not ready when apps.py is imported; ready() wires the signal
        # and the evidence hook
        from django.db.models.signals import post_save

        from abdi.core import unit_evidence
        from abdi.insights.selectors.service_score import evidence_for
        from abdi.insights.signals import record_service_score

        post_save.connect(
            record_service_score,
            sender="performance.OrgUnitPredikat",
            dispatch_uid="insights-service-score-with-org-predikat",
        )
        unit_evidence.register(evidence_for)
