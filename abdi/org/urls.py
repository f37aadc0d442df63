from django.urls import path

from abdi.org import views

app_name = "org"
urlpatterns = [
    path("", views.org_tree, name="tree"),
]
