"""URLs of the performance years and the units' predikat (BKPSDM)."""

from django.urls import path

from abdi.performance.views import years as views

urlpatterns = [
    path("performance/years/", views.year_list, name="years"),
    path("performance/years/new/", views.year_create, name="year_create"),
    path("performance/years/<int:year>/", views.year_detail, name="year_detail"),
    path(
        "performance/years/<int:year>/org-predikat/",
        views.org_predikat_record,
        name="org_predikat",
    ),
]
