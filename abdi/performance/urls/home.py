"""URLs of the dashboard, the inbox and the notifications."""

from django.urls import path

from abdi.performance.views import home as views

urlpatterns = [
    path("performance/", views.dashboard, name="dashboard"),
    path(
        "performance/skp/approve/bulk/",
        views.skp_approve_bulk,
        name="skp_approve_bulk",
    ),
    path("performance/inbox/", views.inbox, name="inbox"),
    path("performance/notifications/", views.notifications, name="notifications"),
]
