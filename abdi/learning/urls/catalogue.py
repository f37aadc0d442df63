"""URL patterns of the learning app: catalogue. Joined in urls.py under the 'learning' namespace."""

from django.urls import path

from abdi.learning.views import catalogue as views

urlpatterns: list = [
    path("learning/catalogue/", views.catalogue, name="catalogue"),
    path("learning/programmes/new/", views.programme_create, name="programme_create"),
    path("learning/programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("learning/programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path(
        "learning/programmes/<int:pk>/sessions/new/",
        views.session_create,
        name="session_create",
    ),
    path("learning/sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("learning/manage/sessions/", views.session_admin_list, name="session_admin_list"),
    path("learning/manage/programmes/", views.programme_admin_list, name="programme_admin_list"),
    path("learning/providers/", views.provider_list, name="provider_list"),
    path("learning/providers/new/", views.provider_create, name="provider_create"),
    path("learning/providers/<int:pk>/edit/", views.provider_edit, name="provider_edit"),
]
