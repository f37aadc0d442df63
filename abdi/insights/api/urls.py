"""API of the insights app under /api/v1/."""

from django.urls import path

from abdi.insights.api import views

urlpatterns = [
    path(
        "employees/<str:nip>/ip-asn/",
        views.EmployeeIpAsnView.as_view(),
        name="api-employee-ip-asn",
    ),
    path("ip-asn/", views.IpAsnListView.as_view(), name="api-ip-asn-list"),
    path("reports/duk/", views.DukView.as_view(), name="api-report-duk"),
    path("merit-assessments/", views.MeritAssessmentListView.as_view(), name="api-merit-list"),
    path(
        "merit-assessments/<int:year>/",
        views.MeritAssessmentDetailView.as_view(),
        name="api-merit-detail",
    ),
    path("programmes/", views.ProgrammeListView.as_view(), name="api-programme-list"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="api-programme-detail"),
    path(
        "org-units/<int:pk>/service-score/",
        views.ServiceScoreView.as_view(),
        name="api-org-unit-service-score",
    ),
    path("insights/summary/", views.InsightsSummaryView.as_view(), name="api-insights-summary"),
]
