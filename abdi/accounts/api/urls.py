from django.urls import path

from abdi.accounts.api.views import TokenView

urlpatterns = [path("auth/token/", TokenView.as_view(), name="api-token")]
