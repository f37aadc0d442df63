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
    path("insights/summary/", views.InsightsSummaryView.as_view(), name="api-insights-summary"),
]
