from django.urls import path

from abdi.careers.views import workforce as views

urlpatterns = [
    path("careers/workforce/", views.workforce, name="workforce"),
    path("careers/workforce/xlsx/", views.workforce_export, name="workforce_export"),
]
