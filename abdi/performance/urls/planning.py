from django.urls import path

from abdi.performance import views_evaluation, views_monitoring, views_planning

app_name = "performance"
urlpatterns = [
    # planning (views_planning)
    path("performance/", views_planning.dashboard, name="dashboard"),
    path("performance/years/", views_planning.year_list, name="years"),
    path("performance/years/new/", views_planning.year_create, name="year_create"),
    path("performance/years/<int:year>/", views_planning.year_detail, name="year_detail"),
    path(
        "performance/years/<int:year>/org-predikat/",
        views_planning.org_predikat_record,
        name="org_predikat",
    ),
    path("performance/skp/", views_planning.skp_list, name="skp_list"),
    path("performance/skp/new/", views_planning.skp_create, name="skp_create"),
    path("performance/skp/<int:pk>/", views_planning.skp_detail, name="skp_detail"),
    path(
        "performance/skp/<int:pk>/work-results/new/",
        views_planning.work_result_create,
        name="work_result_create",
    ),
    path(
        "performance/work-results/<int:pk>/edit/",
        views_planning.work_result_edit,
        name="work_result_edit",
    ),
    path(
        "performance/work-results/<int:pk>/delete/",
        views_planning.work_result_delete,
        name="work_result_delete",
    ),
    path(
        "performance/work-results/<int:pk>/indicators/new/",
        views_planning.indicator_create,
        name="indicator_create",
    ),
    path(
        "performance/indicators/<int:pk>/edit/",
        views_planning.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "performance/indicators/<int:pk>/delete/",
        views_planning.indicator_delete,
        name="indicator_delete",
    ),
    path(
        "performance/skp/<int:pk>/expectations/",
        views_planning.expectations_edit,
        name="expectations",
    ),
    path("performance/skp/<int:pk>/submit/", views_planning.skp_submit, name="skp_submit"),
    path("performance/skp/<int:pk>/approve/", views_planning.skp_approve, name="skp_approve"),
    path(
        "performance/skp/approve/bulk/",
        views_planning.skp_approve_bulk,
        name="skp_approve_bulk",
    ),
    path("performance/skp/<int:pk>/return/", views_planning.skp_return, name="skp_return"),
    path("performance/skp/<int:pk>/revise/", views_planning.skp_revise, name="skp_revise"),
    path("performance/inbox/", views_planning.inbox, name="inbox"),
    path("performance/notifications/", views_planning.notifications, name="notifications"),
    # execution and evaluation (views_evaluation)
    path("performance/skp/<int:pk>/activities/", views_evaluation.activities, name="activities"),
    path(
        "performance/activities/<int:pk>/evidence/",
        views_evaluation.activity_evidence,
        name="activity_evidence",
    ),
    path(
        "performance/skp/<int:pk>/realisations/<str:period>/",
        views_evaluation.realisations,
        name="realisations",
    ),
    path(
        "performance/realisations/<int:pk>/evidence/",
        views_evaluation.realisation_evidence,
        name="realisation_evidence",
    ),
    path("performance/skp/<int:pk>/feedback/", views_evaluation.feedback_create, name="feedback"),
    path(
        "performance/skp/<int:pk>/evaluate/<str:period>/",
        views_evaluation.evaluate,
        name="evaluate",
    ),
    path(
        "performance/evaluations/<int:pk>/",
        views_evaluation.evaluation_detail,
        name="evaluation_detail",
    ),
    path(
        "performance/evaluations/<int:pk>/release/",
        views_evaluation.evaluation_release,
        name="evaluation_release",
    ),
    path(
        "performance/evaluations/<int:pk>/acknowledge/",
        views_evaluation.evaluation_acknowledge,
        name="evaluation_acknowledge",
    ),
    path(
        "performance/evaluations/<int:pk>/objection/",
        views_evaluation.objection_file,
        name="objection_file",
    ),
    path(
        "performance/objections/<int:pk>/decide/",
        views_evaluation.objection_decide,
        name="objection_decide",
    ),
    # monitoring, calibration, documents (views_monitoring)
    path("performance/monitor/", views_monitoring.team_monitor, name="monitor"),
    path(
        "performance/monitor/team/", views_monitoring.team_monitor_partial, name="monitor_partial"
    ),
    path("performance/monitor/units/", views_monitoring.unit_monitor, name="unit_monitor"),
    path("performance/calibration/", views_monitoring.calibration, name="calibration"),
    path(
        "performance/calibration/<int:unit>/<str:period>/",
        views_monitoring.calibration_unit,
        name="calibration_unit",
    ),
    path(
        "performance/calibration/<int:unit>/<str:period>/recap.xlsx",
        views_monitoring.unit_recap_xlsx,
        name="unit_recap",
    ),
    path(
        "performance/evaluations/<int:pk>/adjust/",
        views_monitoring.evaluation_adjust,
        name="evaluation_adjust",
    ),
    path("performance/raters/", views_monitoring.rater_consistency, name="raters"),
    path("performance/skp/<int:pk>/document.pdf", views_monitoring.skp_pdf, name="skp_pdf"),
    path(
        "performance/evaluations/<int:pk>/document.pdf",
        views_monitoring.evaluation_pdf,
        name="evaluation_pdf",
    ),
]
