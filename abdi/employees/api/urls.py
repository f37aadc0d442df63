from django.urls import path
from rest_framework.routers import SimpleRouter

from abdi.employees.api import views, views_import

router = SimpleRouter()
router.register("employees", views.EmployeeViewSet, basename="api-employee")
urlpatterns = [
    path(
        "employees/import/", views_import.EmployeeImportView.as_view(), name="api-employee-import"
    ),
    path("nip/<str:value>/", views.NipCheckView.as_view(), name="api-nip"),
    *router.urls,
]
