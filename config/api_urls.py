from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

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
]
