"""API of merit selection under /api/v1/."""

from django.urls import path

from abdi.careers.api.views import selection as views

urlpatterns = [
    path("selections/", views.SelectionListView.as_view(), name="api-selection-list"),
    path(
        "selections/public/",
        views.PublicSelectionListView.as_view(),
        name="api-selection-public-list",
    ),
    path(
        "selections/<int:pk>/public-results/",
        views.PublicSelectionResultView.as_view(),
        name="api-selection-public-results",
    ),
    path("selections/<int:pk>/", views.SelectionDetailView.as_view(), name="api-selection-detail"),
    path(
        "selections/<int:pk>/applications/",
        views.SelectionApplicationListView.as_view(),
        name="api-selection-applications",
    ),
    path(
        "selections/<int:pk>/ranking/",
        views.SelectionRankingView.as_view(),
        name="api-selection-ranking",
    ),
    path(
        "employees/<str:nip>/eligibility/",
        views.EmployeeEligibilityView.as_view(),
        name="api-employee-eligibility",
    ),
]
