"""URLs of execution and evaluation: activities, realisations, feedback, evaluations, objections."""

from django.urls import path

from abdi.performance.views import evaluation as views

urlpatterns = [
    path("performance/skp/<int:pk>/activities/", views.activities, name="activities"),
    path(
        "performance/activities/<int:pk>/evidence/",
        views.activity_evidence,
        name="activity_evidence",
    ),
    path(
        "performance/skp/<int:pk>/realisations/<str:period>/",
        views.realisations,
        name="realisations",
    ),
    path(
        "performance/realisations/<int:pk>/evidence/",
        views.realisation_evidence,
        name="realisation_evidence",
    ),
    path("performance/skp/<int:pk>/feedback/", views.feedback_create, name="feedback"),
    path(
        "performance/skp/<int:pk>/evaluate/<str:period>/",
        views.evaluate,
        name="evaluate",
    ),
    path(
        "performance/evaluations/<int:pk>/",
        views.evaluation_detail,
        name="evaluation_detail",
    ),
    path(
        "performance/evaluations/<int:pk>/release/",
        views.evaluation_release,
        name="evaluation_release",
    ),
    path(
        "performance/evaluations/<int:pk>/acknowledge/",
        views.evaluation_acknowledge,
        name="evaluation_acknowledge",
    ),
    path(
        "performance/evaluations/<int:pk>/objection/",
        views.objection_file,
        name="objection_file",
    ),
    path(
        "performance/objections/<int:pk>/decide/",
        views.objection_decide,
        name="objection_decide",
    ),
]
