from django.urls import path

from abdi.feedback.api.views import catalogue as views_catalogue
from abdi.feedback.api.views import complaints as views_complaints
from abdi.feedback.api.views import surveys as views_surveys

urlpatterns = [
    path(
        "public/services/",
        views_catalogue.PublicServiceListView.as_view(),
        name="api-public-service-list",
    ),
    path("services/", views_catalogue.ManagedServiceListView.as_view(), name="api-service-list"),
    path(
        "public/complaints/",
        views_complaints.PublicComplaintCreateView.as_view(),
        name="api-public-complaint-create",
    ),
    path(
        "public/complaints/<str:code>/",
        views_complaints.PublicComplaintTrackView.as_view(),
        name="api-public-complaint-track",
    ),
    path("complaints/", views_complaints.ComplaintListView.as_view(), name="api-complaint-list"),
    path(
        "complaints/<int:pk>/",
        views_complaints.ComplaintDetailView.as_view(),
        name="api-complaint-detail",
    ),
    path(
        "complaints/<int:pk>/<str:action>/",
        views_complaints.ComplaintActionView.as_view(),
        name="api-complaint-action",
    ),
    path("surveys/", views_surveys.SurveyListCreateView.as_view(), name="api-survey-list"),
    path(
        "surveys/<int:pk>/responses/",
        views_surveys.SurveyPaperResponsesView.as_view(),
        name="api-survey-responses",
    ),
    path(
        "surveys/<int:pk>/result/",
        views_surveys.SurveyResultView.as_view(),
        name="api-survey-result",
    ),
    path(
        "public/surveys/<str:code>/responses/",
        views_surveys.PublicSurveyResponseView.as_view(),
        name="api-public-survey-response",
    ),
]
