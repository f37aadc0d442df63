from rest_framework.routers import SimpleRouter

from abdi.org.api import views

router = SimpleRouter()
router.register("org-units", views.OrgUnitViewSet, basename="api-org-unit")
router.register("positions", views.PositionViewSet, basename="api-position")
urlpatterns = router.urls
