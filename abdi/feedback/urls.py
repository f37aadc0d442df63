"""Staff pages of the public-voice module (login required)."""

from django.urls import path

from abdi.feedback.views import catalogue as views_services
from abdi.feedback.views import complaints as views_complaints
from abdi.feedback.views import surveys as views_surveys

app_name = "feedback"
urlpatterns = [
    path("complaints/", views_complaints.inbox, name="inbox"),
    path("complaints/import/", views_complaints.lapor_import, name="lapor_import"),
    path("complaints/scorecard/", views_complaints.scorecard, name="scorecard"),
    path("complaints/<int:pk>/", views_complaints.complaint_detail, name="complaint_detail"),
    path(
        "complaints/<int:pk>/act/<str:action>/",
        views_complaints.complaint_act,
        name="complaint_act",
    ),
    path(
        "complaints/<int:pk>/attachments/<int:attachment_pk>/",
        views_complaints.attachment_download,
        name="attachment",
    ),
    path("services/", views_services.service_list, name="services"),
    path("services/new/", views_services.service_create, name="service_create"),
    path("services/<int:pk>/edit/", views_services.service_edit, name="service_edit"),
    path("surveys/", views_surveys.survey_list, name="surveys"),
    path("surveys/new/", views_surveys.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", views_surveys.survey_result, name="survey_result"),
    path("surveys/<int:pk>/edit/", views_surveys.survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/exclude/", views_surveys.survey_exclude, name="survey_exclude"),
    path("surveys/<int:pk>/qr.<str:fmt>", views_surveys.survey_qr, name="survey_qr"),
    path("surveys/<int:pk>/report.pdf", views_surveys.survey_report_pdf, name="survey_report"),
    path(
        "surveys/<int:pk>/responses/new/",
        views_surveys.paper_response_create,
        name="paper_response",
    ),
    path(
        "surveys/<int:pk>/responses/import/",
        views_surveys.paper_response_import,
        name="paper_import",
    ),
]
