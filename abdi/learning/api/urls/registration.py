"""API routes of the learning app: registration. Joined in api/urls.py."""

from django.urls import path

from abdi.learning.api.views import registration as views

urlpatterns: list = [
    path("registrations/", views.RegistrationListView.as_view(), name="api-registration-list"),
    path(
        "training/sessions/<int:pk>/registrations/",
        views.SessionRegistrationsView.as_view(),
        name="api-session-registrations",
    ),
    path(
        "registrations/<int:pk>/",
        views.RegistrationDetailView.as_view(),
        name="api-registration-detail",
    ),
    path(
        "registrations/<int:pk>/approve/",
        views.RegistrationApproveView.as_view(),
        name="api-registration-approve",
    ),
    path(
        "registrations/<int:pk>/reject/",
        views.RegistrationRejectView.as_view(),
        name="api-registration-reject",
    ),
    path(
        "registrations/<int:pk>/confirm/",
        views.RegistrationConfirmView.as_view(),
        name="api-registration-confirm",
    ),
    path(
        "registrations/<int:pk>/cancel/",
        views.RegistrationCancelView.as_view(),
        name="api-registration-cancel",
    ),
    path(
        "registrations/<int:pk>/complete/",
        views.RegistrationCompleteView.as_view(),
        name="api-registration-complete",
    ),
]
