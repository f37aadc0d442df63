"""URL patterns of the learning app: credit. Joined in urls.py under the 'learning' namespace.

The public verification pages live at /verify/ (short enough to print under a QR code)."""

from django.urls import path

from abdi.learning.views import credit as views

urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("learning/certificates/", views.my_certificates, name="my_certificates"),
    path("learning/certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path(
        "learning/certificates/<int:pk>/revoke/",
        views.certificate_revoke,
        name="certificate_revoke",
    ),
    path("learning/jp/", views.my_jp, name="my_jp"),
    path("learning/jp/employees/<str:nip>/", views.employee_jp, name="employee_jp"),
    path("learning/jp/dashboard/", views.jp_dashboard, name="jp_dashboard"),
    path(
        "learning/jp/dashboard/below-target.xlsx",
        views.jp_dashboard_export,
        name="jp_dashboard_export",
    ),
    path("learning/external-certificates/", views.external_list, name="external_list"),
    path("learning/external-certificates/new/", views.external_create, name="external_create"),
    path("learning/external-certificates/<int:pk>/", views.external_detail, name="external_detail"),
    path(
        "learning/external-certificates/<int:pk>/file/", views.external_file, name="external_file"
    ),
    path(
        "learning/external-certificates/<int:pk>/decide/",
        views.external_decide,
        name="external_decide",
    ),
    path("learning/completions/", views.completion_confirmations, name="completion_confirmations"),
    path(
        "learning/completions/registrations/<int:pk>/confirm/",
        views.completion_confirm,
        name="completion_confirm",
    ),
    path(
        "learning/completions/enrolments/<int:pk>/confirm/",
        views.enrolment_completion_confirm,
        name="enrolment_completion_confirm",
    ),
]
