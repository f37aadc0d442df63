"""Pages linking careers to the talent app (abdi.careers.views.talent_links)."""

from django.urls import path

from abdi.careers.views import talent_links as views

urlpatterns = [
    path("karier/seleksi/<int:pk>/talent-pool/", views.selection_pool, name="selection_pool"),
]
