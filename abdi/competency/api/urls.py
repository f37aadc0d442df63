from django.urls import path

from abdi.competency.api import views

urlpatterns = [
    path("competencies/", views.CompetencyListView.as_view(), name="api-competency-list"),
    path(
        "positions/<int:pk>/standard/",
        views.PositionStandardView.as_view(),
        name="api-position-standard",
    ),
    path(
        "employees/<str:nip>/competency-gaps/",
        views.EmployeeCompetencyGapsView.as_view(),
        name="api-employee-competency-gaps",
    ),
]
