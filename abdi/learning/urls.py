"""The learning app's pages, one module per area, under the 'learning' namespace."""

from abdi.learning import (
    urls_catalogue,
    urls_credit,
    urls_elearning,
    urls_plans,
    urls_registration,
)

app_name = "learning"

urlpatterns = [
    *urls_catalogue.urlpatterns,
    *urls_registration.urlpatterns,
    *urls_credit.urlpatterns,
    *urls_elearning.urlpatterns,
    *urls_plans.urlpatterns,
]
