from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetencyKind(models.TextChoices):
    """Permen PANRB 38/2017: three kinds of competency."""

    MANAGERIAL = "managerial", _("Manajerial")
    SOCIO_CULTURAL = "socio_cultural", _("Sosial kultural")
    TECHNICAL = "technical", _("Teknis")


class AssessmentMethod(models.TextChoices):
    ASSESSMENT_CENTRE = "assessment_centre", _("Assessment center")
    CACT = "cact", _("CACT (Computer Assisted Competency Test)")
    COMPETENCY_TEST = "competency_test", _("Uji kompetensi")
    FEEDBACK_360 = "360", _("Penilaian 360 derajat")
    # Not an assessment event: a completed programme that states the level it leads to,
    # confirmed by the supervisor (abdi.learning).
    TRAINING = "training", _("Penyelesaian pelatihan")


LEVELS = (1, 2, 3, 4, 5)
