"""The learning app's pages, one module per area, under the 'learning' namespace."""

from abdi.learning.urls import catalogue as urls_catalogue
from abdi.learning.urls import credit as urls_credit
from abdi.learning.urls import elearning as urls_elearning
from abdi.learning.urls import plans as urls_plans
from abdi.learning.urls import registration as urls_registration

app_name = "learning"

urlpatterns = [
    *urls_catalogue.urlpatterns,
    *urls_registration.urlpatterns,
    *urls_credit.urlpatterns,
    *urls_elearning.urlpatterns,
    *urls_plans.urlpatterns,
]
