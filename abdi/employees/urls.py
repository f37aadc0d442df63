from django.urls import path

from abdi.employees import views

app_name = "employees"
urlpatterns = [
    path("employees/", views.employee_list, name="list"),
    path("me/", views.my_profile, name="me"),
    path("employees/import/", views.import_start, name="import"),
    path("corrections/", views.correction_list, name="corrections"),
    path("audit/", views.audit_log, name="audit"),
    path("employees/<str:nip>/", views.employee_detail, name="detail"),
]
