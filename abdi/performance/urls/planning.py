"""URLs of SKP planning: the list, an SKP, its work results, indicators and expectations, the workflow."""

from django.urls import path

from abdi.performance.views import planning as views

urlpatterns = [
    path("performance/skp/", views.skp_list, name="skp_list"),
    path("performance/skp/new/", views.skp_create, name="skp_create"),
    path("performance/skp/<int:pk>/", views.skp_detail, name="skp_detail"),
    path(
        "performance/skp/<int:pk>/work-results/new/",
        views.work_result_create,
        name="work_result_create",
    ),
    path(
        "performance/work-results/<int:pk>/edit/",
        views.work_result_edit,
        name="work_result_edit",
    ),
    path(
        "performance/work-results/<int:pk>/delete/",
        views.work_result_delete,
        name="work_result_delete",
    ),
    path(
        "performance/work-results/<int:pk>/indicators/new/",
        views.indicator_create,
        name="indicator_create",
    ),
    path(
        "performance/indicators/<int:pk>/edit/",
        views.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "performance/indicators/<int:pk>/delete/",
        views.indicator_delete,
        name="indicator_delete",
    ),
    path(
        "performance/skp/<int:pk>/expectations/",
        views.expectations_edit,
        name="expectations",
    ),
    path("performance/skp/<int:pk>/submit/", views.skp_submit, name="skp_submit"),
    path("performance/skp/<int:pk>/approve/", views.skp_approve, name="skp_approve"),
    path("performance/skp/<int:pk>/return/", views.skp_return, name="skp_return"),
    path("performance/skp/<int:pk>/revise/", views.skp_revise, name="skp_revise"),
]
