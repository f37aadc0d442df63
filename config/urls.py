from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from config.views import home, landing, tasks

urlpatterns = [
    path("", home, name="home"),
    path("welcome/", landing, name="landing"),
    path("tugas/", tasks, name="tasks"),
    path("", include("abdi.core.urls")),
    path("accounts/", include("abdi.accounts.urls")),
    path("org/", include("abdi.org.urls")),
    path("", include("abdi.employees.urls")),
    path("", include("abdi.competency.urls")),
    path("", include("abdi.learning.urls")),
    path("", include("abdi.performance.urls")),
    path("", include("abdi.feedback.urls")),
    path("", include("abdi.feedback.urls_public")),
    path("", include("abdi.careers.urls")),
    path("", include("abdi.talent.urls")),
    path("", include("abdi.insights.urls")),
    path("api/", include("config.api_urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

# Branded error pages (templates/400.html, 403.html, 404.html; 500 through config.views).
handler500 = "config.views.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
