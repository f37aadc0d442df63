"""The learning API (/api/v1/...), one module per area."""

from abdi.learning.api.urls import catalogue as urls_catalogue
from abdi.learning.api.urls import credit as urls_credit
from abdi.learning.api.urls import elearning as urls_elearning
from abdi.learning.api.urls import registration as urls_registration

urlpatterns = [
    *urls_registration.urlpatterns,
    *urls_credit.urlpatterns,
    *urls_elearning.urlpatterns,
    *urls_catalogue.urlpatterns,
]
