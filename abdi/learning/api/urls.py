"""The learning API (/api/v1/...), one module per area."""

from abdi.learning.api import urls_catalogue, urls_credit, urls_elearning, urls_registration

urlpatterns = [
    *urls_registration.urlpatterns,
    *urls_credit.urlpatterns,
    *urls_elearning.urlpatterns,
    *urls_catalogue.urlpatterns,
]
