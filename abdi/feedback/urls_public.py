"""Anonymous pages for the public: complaints and surveys. Rate-limited, no login."""

from django.urls import path

from abdi.feedback.views import public_complaints as views_public_complaints
from abdi.feedback.views import public_surveys as views_public_surveys

app_name = "public"
urlpatterns = [
    path("lapor/", views_public_complaints.complaint_form, name="complaint_form"),
    path(
        "lapor/terkirim/<str:code>/", views_public_complaints.complaint_sent, name="complaint_sent"
    ),
    path("lapor/lacak/", views_public_complaints.track_form, name="track_form"),
    path("lapor/lacak/<str:code>/", views_public_complaints.track_detail, name="track_detail"),
    path(
        "lapor/lacak/<str:code>/<str:action>/", views_public_complaints.track_act, name="track_act"
    ),
    path("survei/<str:code>/", views_public_surveys.survey_form, name="survey_form"),
    path(
        "survei/<str:code>/terima-kasih/", views_public_surveys.survey_thanks, name="survey_thanks"
    ),
]
