"""The learning API's serializers, one module per area."""

from abdi.learning.api.serializers.catalogue import (
    CompetencyTargetSerializer,
    NextSessionSerializer,
    ProgrammeDetailSerializer,
    ProgrammeRefSerializer,
    ProgrammeSerializer,
    ProviderRefSerializer,
    SessionSerializer,
    UnitRefSerializer,
)
from abdi.learning.api.serializers.credit import (
    CertificateVerificationSerializer,
    EmployeeJpSerializer,
    JpLineSerializer,
    MessageSerializer,
)
from abdi.learning.api.serializers.elearning import (
    CourseQuerySerializer,
    CourseSerializer,
    EnrolmentQuerySerializer,
    EnrolmentSerializer,
    MyProgressSerializer,
)
from abdi.learning.api.serializers.registration import (
    CompleteSerializer,
    ReasonSerializer,
    RegistrationCreateSerializer,
    RegistrationListSerializer,
    RegistrationSerializer,
    RegistrationStepSerializer,
)

__all__ = [
    "CertificateVerificationSerializer",
    "CompetencyTargetSerializer",
    "CompleteSerializer",
    "CourseQuerySerializer",
    "CourseSerializer",
    "EmployeeJpSerializer",
    "EnrolmentQuerySerializer",
    "EnrolmentSerializer",
    "JpLineSerializer",
    "MessageSerializer",
    "MyProgressSerializer",
    "NextSessionSerializer",
    "ProgrammeDetailSerializer",
    "ProgrammeRefSerializer",
    "ProgrammeSerializer",
    "ProviderRefSerializer",
    "ReasonSerializer",
    "RegistrationCreateSerializer",
    "RegistrationListSerializer",
    "RegistrationSerializer",
    "RegistrationStepSerializer",
    "SessionSerializer",
    "UnitRefSerializer",
]
