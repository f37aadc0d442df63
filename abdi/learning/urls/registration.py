"""URL patterns of the learning app: registration. Joined in urls.py under the 'learning' namespace."""

from django.urls import path

from abdi.learning.views import registration as views

urlpatterns: list = [
    path("learning/sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("learning/sessions/<int:pk>/register/", views.register, name="register"),
    path("learning/sessions/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("learning/sessions/<int:pk>/roster/", views.session_roster, name="session_roster"),
    path("learning/sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("learning/sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("learning/registrations/", views.my_registrations, name="my_registrations"),
    path("learning/registrations/approvals/", views.approvals, name="approvals"),
    path("learning/registrations/approvals/bulk/", views.approvals_bulk, name="approvals_bulk"),
    path("learning/registrations/confirmations/", views.confirmations, name="confirmations"),
    path(
        "learning/registrations/<int:pk>/",
        views.registration_detail,
        name="registration_detail",
    ),
    path(
        "learning/registrations/<int:pk>/approve/",
        views.registration_approve,
        name="registration_approve",
    ),
    path(
        "learning/registrations/<int:pk>/reject/",
        views.registration_reject,
        name="registration_reject",
    ),
    path(
        "learning/registrations/<int:pk>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "learning/registrations/<int:pk>/confirm/",
        views.registration_confirm,
        name="registration_confirm",
    ),
    path(
        "learning/registrations/<int:pk>/scores/",
        views.registration_scores,
        name="registration_scores",
    ),
    path(
        "learning/registrations/<int:pk>/complete/",
        views.registration_complete,
        name="registration_complete",
    ),
    path(
        "learning/registrations/<int:pk>/survey/",
        views.reaction_survey,
        name="reaction_survey",
    ),
]
