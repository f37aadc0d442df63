from rest_framework.routers import SimpleRouter

from abdi.careers.api.views import mutations as views

router = SimpleRouter()
router.register("mutations", views.MutationViewSet, basename="api-mutation")
router.register("rotation-plans", views.RotationPlanViewSet, basename="api-rotation-plan")
urlpatterns = [*router.urls]
