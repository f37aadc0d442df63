"""Pages of the insights app; each sub-feature keeps its own list of paths."""

from django.urls import path

from abdi.insights.views import dashboard, ip_asn

app_name = "insights"

urlpatterns = [
    path("insights/", dashboard.dashboard, name="dashboard"),
    path("insights/dashboard.xlsx", dashboard.dashboard_xlsx, name="dashboard_xlsx"),
    path("insights/dashboard.pdf", dashboard.dashboard_pdf, name="dashboard_pdf"),
    path("insights/recount/", dashboard.dashboard_recount, name="dashboard_recount"),
    path("insights/ip-asn/", ip_asn.unit_ip_asn, name="ip_asn"),
    path("insights/ip-asn/me/", ip_asn.my_ip_asn, name="my_ip_asn"),
    path("insights/ip-asn/recompute/", ip_asn.ip_asn_recompute, name="ip_asn_recompute"),
    path("insights/employees/<str:nip>/ip-asn/", ip_asn.employee_ip_asn, name="employee_ip_asn"),
]
