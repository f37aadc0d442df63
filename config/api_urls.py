from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from abdi.core.api import api_not_found

urlpatterns = [
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    path(
        "docs/",
        login_not_required(SpectacularSwaggerView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path(
        "redoc/",
        login_not_required(SpectacularRedocView.as_view(url_name="api-schema")),
        name="api-redoc",
    ),
    path("v1/", include("abdi.accounts.api.urls")),
    path("v1/", include("abdi.performance.api.urls")),
    path("v1/", include("abdi.org.api.urls")),
    path("v1/", include("abdi.competency.api.urls")),
    path("v1/", include("abdi.learning.api.urls")),
    path("v1/", include("abdi.employees.api.urls")),
    path("v1/", include("abdi.feedback.api.urls")),
    path("v1/", include("abdi.careers.api.urls")),
    path("v1/", include("abdi.talent.api.urls")),
    path("v1/", include("abdi.insights.api.urls")),
    # Last: an /api/ path that matches no endpoint is a JSON 404 (abdi/core/api.py). Only paths
    # ending in "/": one without it still gets CommonMiddleware's redirect to the slashed URL.
    re_path(r"^.*/$", api_not_found, name="api-not-found"),
]
