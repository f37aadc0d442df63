from django.urls import path

from abdi.performance.api.views import cycle as views_cycle
from abdi.performance.api.views import planning as views

urlpatterns = [
    path("skp/", views_cycle.SKPListCreateView.as_view(), name="api-skp-create"),
    path("skp/<int:pk>/", views.SKPDetailView.as_view(), name="api-skp-detail"),
    path(
        "skp/<int:pk>/work-results/",
        views.WorkResultCreateView.as_view(),
        name="api-skp-work-results",
    ),
    path(
        "work-results/<int:pk>/indicators/",
        views.IndicatorCreateView.as_view(),
        name="api-work-result-indicators",
    ),
    path(
        "skp/<int:pk>/evaluations/",
        views.EvaluationCreateView.as_view(),
        name="api-skp-evaluations",
    ),
    path(
        "skp/<int:pk>/expectations/",
        views_cycle.SKPExpectationsView.as_view(),
        name="api-skp-expectations",
    ),
    path("skp/<int:pk>/cascade/", views_cycle.SKPCascadeView.as_view(), name="api-skp-cascade"),
    path(
        "skp/<int:pk>/activities/",
        views_cycle.SKPActivitiesView.as_view(),
        name="api-skp-activities",
    ),
    path(
        "skp/<int:pk>/realisations/",
        views_cycle.SKPRealisationsView.as_view(),
        name="api-skp-realisations",
    ),
    path(
        "behaviour-values/",
        views_cycle.BehaviourValueListView.as_view(),
        name="api-behaviour-values",
    ),
    # After the fixed paths above: `evaluations` would otherwise match <str:action>.
    path(
        "skp/<int:pk>/<str:action>/", views.SKPTransitionView.as_view(), name="api-skp-transition"
    ),
    path(
        "org-units/<int:pk>/predikat-distribution/",
        views.PredikatDistributionView.as_view(),
        name="api-predikat-distribution",
    ),
]
