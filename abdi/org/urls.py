from django.urls import path

from abdi.org import views

app_name = "org"
urlpatterns = [
    path("", views.org_tree, name="tree"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/options/", views.unit_options, name="unit_options"),
    path("positions/options/", views.position_options, name="position_options"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/move/", views.unit_move, name="unit_move"),
    path("units/<int:pk>/close/", views.unit_close, name="unit_close"),
    path("positions/", views.position_list, name="positions"),
    path("positions/new/", views.position_create, name="position_create"),
    path("positions/<int:pk>/edit/", views.position_edit, name="position_edit"),
]
