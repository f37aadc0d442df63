"""API routes of the learning app: credit. Joined in api/urls.py."""

from django.urls import path

from abdi.learning.api.views import credit as views

urlpatterns = [
    path(
        "certificates/verify/<str:code>/",
        views.CertificateVerifyView.as_view(),
        name="api-certificate-verify",
    ),
    path("employees/<str:nip>/jp/", views.EmployeeJpView.as_view(), name="api-employee-jp"),
]
