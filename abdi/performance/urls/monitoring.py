"""URLs of monitoring, calibration, rater consistency and the documents."""

from django.urls import path

from abdi.performance.views import monitoring as views

urlpatterns = [
    path("performance/monitor/", views.team_monitor, name="monitor"),
    path("performance/monitor/team/", views.team_monitor_partial, name="monitor_partial"),
    path("performance/monitor/units/", views.unit_monitor, name="unit_monitor"),
    path("performance/calibration/", views.calibration, name="calibration"),
    path(
        "performance/calibration/<int:unit>/<str:period>/",
        views.calibration_unit,
        name="calibration_unit",
    ),
    path(
        "performance/calibration/<int:unit>/<str:period>/recap.xlsx",
        views.unit_recap_xlsx,
        name="unit_recap",
    ),
    path(
        "performance/evaluations/<int:pk>/adjust/",
        views.evaluation_adjust,
        name="evaluation_adjust",
    ),
    path("performance/raters/", views.rater_consistency, name="raters"),
    path("performance/skp/<int:pk>/document.pdf", views.skp_pdf, name="skp_pdf"),
    path(
        "performance/evaluations/<int:pk>/document.pdf",
        views.evaluation_pdf,
        name="evaluation_pdf",
    ),
]
