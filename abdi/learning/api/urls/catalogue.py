"""API routes of the learning app: the catalogue and e-learning reads. Joined in api/urls.py."""

from django.urls import path

from abdi.learning.api.views import catalogue as views_catalogue
from abdi.learning.api.views import elearning as views_courses

urlpatterns: list = [
    path(
        "training/programmes/",
        views_catalogue.ProgrammeListView.as_view(),
        name="api-training-programme-list",
    ),
    path(
        "training/programmes/<int:pk>/",
        views_catalogue.ProgrammeDetailView.as_view(),
        name="api-training-programme-detail",
    ),
    path(
        "training/sessions/",
        views_catalogue.SessionListView.as_view(),
        name="api-training-session-list",
    ),
    path(
        "elearning/courses/",
        views_courses.CourseListView.as_view(),
        name="api-elearning-course-list",
    ),
    path(
        "elearning/enrolments/",
        views_courses.EnrolmentListView.as_view(),
        name="api-elearning-enrolment-list",
    ),
]
