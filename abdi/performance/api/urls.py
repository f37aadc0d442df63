from django.urls import path

from abdi.performance.api import views

urlpatterns = [
    path("skp/", views.SKPCreateView.as_view(), name="api-skp-create"),
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
