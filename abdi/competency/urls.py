from django.urls import path

from abdi.competency import views

app_name = "competency"

urlpatterns = [
    path("competency/", views.dictionary, name="dictionary"),
    path("competency/<int:pk>/", views.competency_detail, name="detail"),
    path(
        "competency/positions/<int:pk>/standard/", views.position_standard, name="position_standard"
    ),
    path(
        "competency/employees/<str:nip>/assessments/new/",
        views.assessment_create,
        name="assessment_create",
    ),
    path("competency/assessments/import/", views.assessment_import, name="assessment_import"),
    path("competency/employees/<str:nip>/gaps/", views.employee_gaps, name="employee_gaps"),
    path("competency/units/heatmap/", views.heatmap_home, name="heatmap_home"),
    path("competency/units/<int:pk>/heatmap/", views.unit_heatmap, name="unit_heatmap"),
]
