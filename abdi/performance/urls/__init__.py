"""The performance app's pages, one module per area, under the 'performance' namespace."""

from abdi.performance.urls import evaluation as urls_evaluation
from abdi.performance.urls import home as urls_home
from abdi.performance.urls import monitoring as urls_monitoring
from abdi.performance.urls import planning as urls_planning
from abdi.performance.urls import years as urls_years

app_name = "performance"

urlpatterns = [
    *urls_home.urlpatterns,
    *urls_years.urlpatterns,
    *urls_planning.urlpatterns,
    *urls_evaluation.urlpatterns,
    *urls_monitoring.urlpatterns,
]
