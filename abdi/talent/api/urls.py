"""API of the talent app under /api/v1/."""

from django.urls import path

from abdi.talent.api import views

urlpatterns = [
    path("talent/placements/", views.PlacementListView.as_view(), name="api-talent-placement-list"),
    path(
        "employees/<str:nip>/talent/",
        views.EmployeeTalentView.as_view(),
        name="api-employee-talent",
    ),
    path(
        "critical-positions/",
        views.CriticalPositionListView.as_view(),
        name="api-critical-position-list",
    ),
    path("change-projects/", views.ChangeProjectListView.as_view(), name="api-change-project-list"),
]
