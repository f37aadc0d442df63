from django.urls import path

from abdi.core import views

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("notifikasi/", views.notifications, name="notifications"),
    path("notifikasi/<int:pk>/buka/", views.notification_open, name="notification_open"),
    path("notifikasi/baca-semua/", views.notifications_read_all, name="notifications_read_all"),
]
