"""The old path of `abdi.learning.services.credit`, kept only while the demo builder
(`abdi/demo/builders/learning.py`, rewritten in parallel for the scale data) still imports it.
Delete this file once that import reads `from abdi.learning.services import ...`."""

from abdi.learning.services.credit import (
    certificate_number,
    credit_enrolment,
    credit_registration,
    jp_totals_refresh,
)

__all__ = ["certificate_number", "credit_enrolment", "credit_registration", "jp_totals_refresh"]
