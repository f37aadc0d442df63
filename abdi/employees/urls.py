from django.urls import path

from abdi.employees.views import corrections as views_corrections
from abdi.employees.views import employees as views
from abdi.employees.views import imports as views_import
from abdi.employees.views import orgchart as views_orgchart
from abdi.employees.views import read_log as views_read_log

app_name = "employees"
urlpatterns = [
    path("employees/", views.employee_list, name="list"),
    path("employees/new/", views.employee_create, name="create"),
    path("employees/export.<str:fmt>", views.employee_export, name="export"),
    path("employees/import/", views_import.import_start, name="import"),
    path(
        "employees/import/template.<str:fmt>", views_import.import_template, name="import_template"
    ),
    path("employees/import/<int:pk>/", views_import.import_detail, name="import_detail"),
    path("employees/import/<int:pk>/confirm/", views_import.import_confirm, name="import_confirm"),
    path(
        "employees/import/<int:pk>/progress/", views_import.import_progress, name="import_progress"
    ),
    path("employees/<str:nip>/", views.employee_detail, name="detail"),
    path("employees/<str:nip>/edit/", views.employee_edit, name="edit"),
    path("employees/<str:nip>/history/", views.employee_history, name="history"),
    path("employees/<str:nip>/records/<str:kind>/new/", views.record_create, name="record_create"),
    path("me/", views.my_profile, name="me"),
    path("org-chart/", views_orgchart.org_chart, name="org_chart"),
    path("corrections/", views_corrections.correction_list, name="corrections"),
    path("corrections/new/", views_corrections.correction_create, name="correction_create"),
    path("corrections/<int:pk>/", views_corrections.correction_detail, name="correction_detail"),
    path(
        "corrections/<int:pk>/document/",
        views_corrections.correction_document,
        name="correction_document",
    ),
    path(
        "corrections/<int:pk>/approve/",
        views_corrections.correction_approve,
        name="correction_approve",
    ),
    path(
        "corrections/<int:pk>/reject/",
        views_corrections.correction_reject,
        name="correction_reject",
    ),
    path("audit/", views.audit_log, name="audit"),
    path(
        "audit/personal-data/",
        views_read_log.personal_data_reads,
        name="personal_reads",
    ),
]
