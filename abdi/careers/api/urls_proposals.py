from django.urls import path
from rest_framework.routers import SimpleRouter

from abdi.careers.api.views import proposals as views

router = SimpleRouter()
router.register("proposals", views.ProposalViewSet, basename="api-proposal")
urlpatterns = [
    path("career-due/", views.CareerDueView.as_view(), name="api-career-due"),
    *router.urls,
]
