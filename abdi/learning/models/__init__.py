"""The learning app's models, one module per area; every model is importable from here."""

from abdi.learning.models.catalogue import (
    Programme,
    ProgrammeCompetency,
    Provider,
    TrainingSession,
)
from abdi.learning.models.credit import (
    Certificate,
    ExternalCertificate,
    JpEntry,
    JpTarget,
    JpYearTotal,
    new_verification_code,
)
from abdi.learning.models.elearning import (
    Choice,
    Course,
    Enrolment,
    Module,
    ModuleProgress,
    Question,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizAttemptGrant,
)
from abdi.learning.models.plans import (
    DevelopmentPlan,
    DevelopmentPlanItem,
)
from abdi.learning.models.registration import (
    SCORE_VALIDATORS,
    Attendance,
    ReactionSurvey,
    Registration,
    RegistrationStep,
)

__all__ = [
    "Attendance",
    "Certificate",
    "Choice",
    "Course",
    "DevelopmentPlan",
    "DevelopmentPlanItem",
    "Enrolment",
    "ExternalCertificate",
    "JpEntry",
    "JpTarget",
    "JpYearTotal",
    "Module",
    "ModuleProgress",
    "Programme",
    "ProgrammeCompetency",
    "Provider",
    "Question",
    "Quiz",
    "QuizAnswer",
    "QuizAttempt",
    "QuizAttemptGrant",
    "ReactionSurvey",
    "Registration",
    "RegistrationStep",
    "SCORE_VALIDATORS",
    "TrainingSession",
    "new_verification_code",
]
