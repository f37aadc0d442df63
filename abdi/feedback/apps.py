from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "abdi.feedback"
    label = "feedback"
    verbose_name = _("Suara publik")

    def ready(self):
        # local: these import models, which exist only once the app registry calls ready()
        from abdi.feedback.permissions import inbox_paths
        from abdi.org.permissions import register_picker_scope

        # The complaint inbox's unit picker: the units whose complaints the user may see.
        register_picker_scope("complaint_inbox", inbox_paths)
