"""The personnel forms, one module per area."""

from abdi.employees.forms.corrections import (
    DOCUMENT_TYPES,
    CorrectionFilterForm,
    CorrectionForm,
    DecisionForm,
    RejectForm,
    correctable_choices,
    field_label,
    validate_document,
)
from abdi.employees.forms.employees import (
    PERSONAL_FIELDS,
    RECORD_FORMS,
    ActingRecordForm,
    AuditFilterForm,
    AwardRecordForm,
    BootstrapMixin,
    DateInput,
    DisciplineRecordForm,
    EducationRecordForm,
    EmployeeForm,
    PredikatRecordForm,
    RankRecordForm,
)

__all__ = [
    "ActingRecordForm",
    "AuditFilterForm",
    "AwardRecordForm",
    "BootstrapMixin",
    "CorrectionFilterForm",
    "CorrectionForm",
    "DOCUMENT_TYPES",
    "DateInput",
    "DecisionForm",
    "DisciplineRecordForm",
    "EducationRecordForm",
    "EmployeeForm",
    "PERSONAL_FIELDS",
    "PredikatRecordForm",
    "RECORD_FORMS",
    "RankRecordForm",
    "RejectForm",
    "correctable_choices",
    "field_label",
    "validate_document",
]
