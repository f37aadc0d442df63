"""API of the talent app under /api/v1/."""

urlpatterns: list = []
