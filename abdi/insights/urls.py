"""Pages of the insights app; each sub-feature keeps its own list of paths."""

from django.urls import path

from abdi.insights.views import (
    dashboard,
    engagement,
    ip_asn,
    merit,
    programmes,
    reports,
    service_score,
)

app_name = "insights"

urlpatterns = [
    path("insights/", dashboard.dashboard, name="dashboard"),
    path("insights/dashboard.xlsx", dashboard.dashboard_xlsx, name="dashboard_xlsx"),
    path("insights/dashboard.pdf", dashboard.dashboard_pdf, name="dashboard_pdf"),
    path("insights/recount/", dashboard.dashboard_recount, name="dashboard_recount"),
    path("insights/reports/", reports.reports_home, name="reports"),
    path("insights/reports/exports/<int:pk>/", reports.export_detail, name="export_detail"),
    path(
        "insights/reports/exports/<int:pk>/download/",
        reports.export_download,
        name="export_download",
    ),
    path("insights/reports/<slug:kind>/", reports.report_page, name="report"),
    path("insights/reports/<slug:kind>/xlsx/", reports.report_export, name="report_export"),
    path("insights/reports/<slug:kind>/pdf/", reports.report_pdf, name="report_pdf"),
    path("insights/merit/", merit.merit_list, name="merit"),
    path("insights/merit/start/", merit.merit_start, name="merit_start"),
    path("insights/merit/answers/<int:pk>/", merit.merit_answer, name="merit_answer"),
    path("insights/merit/<int:year>/", merit.merit_detail, name="merit_detail"),
    path("insights/merit/<int:year>/pdf/", merit.merit_pdf, name="merit_pdf"),
    path("insights/merit/<int:year>/submit/", merit.merit_submit, name="merit_submit"),
    path("insights/merit/<int:year>/verify/", merit.merit_verify, name="merit_verify"),
    path("insights/engagement/", engagement.engagement_home, name="engagement"),
    path("insights/engagement/answer/", engagement.engagement_answer, name="engagement_answer"),
    path("insights/engagement/open/", engagement.engagement_open, name="engagement_open"),
    path("insights/engagement/<int:year>/", engagement.engagement_result, name="engagement_result"),
    path(
        "insights/engagement/<int:year>/close/",
        engagement.engagement_close,
        name="engagement_close",
    ),
    path("insights/programmes/", programmes.programme_list, name="programmes"),
    path("insights/programmes/new/", programmes.programme_create, name="programme_create"),
    path("insights/programmes/<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("insights/programmes/<int:pk>/pdf/", programmes.programme_pdf, name="programme_pdf"),
    path(
        "insights/programmes/<int:pk>/indicators/",
        programmes.indicator_add,
        name="indicator_add",
    ),
    path(
        "insights/programmes/<int:pk>/measure/",
        programmes.programme_measure,
        name="programme_measure",
    ),
    path("insights/programmes/<int:pk>/budget/", programmes.budget_set, name="programme_budget"),
    path("insights/programmes/<int:pk>/findings/", programmes.finding_add, name="finding_add"),
    path(
        "insights/programmes/<int:pk>/recommendations/",
        programmes.recommendation_add,
        name="recommendation_add",
    ),
    path("insights/indicators/<int:pk>/targets/", programmes.target_set, name="indicator_target"),
    path("insights/indicators/<int:pk>/values/", programmes.value_record, name="indicator_value"),
    path(
        "insights/recommendations/<int:pk>/follow-up/",
        programmes.recommendation_follow_up,
        name="recommendation_follow_up",
    ),
    path(
        "insights/units/<int:pk>/service-score/",
        service_score.service_score,
        name="service_score",
    ),
    path("insights/ip-asn/", ip_asn.unit_ip_asn, name="ip_asn"),
    path("insights/ip-asn/me/", ip_asn.my_ip_asn, name="my_ip_asn"),
    path("insights/ip-asn/recompute/", ip_asn.ip_asn_recompute, name="ip_asn_recompute"),
    path("insights/employees/<str:nip>/ip-asn/", ip_asn.employee_ip_asn, name="employee_ip_asn"),
]
